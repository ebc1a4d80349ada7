package dev.attrib.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The terminal mappings keep the sign at every intensity: exhaustive over a fine grid of
 * intensities (and the smallest doubles), both signs, several scale maxima, every depth.
 */
class TerminalPaletteTest {
  static final int N = 100_000;
  static final double[] MAXIMA = {1, 0.046, 3.7e-5, 812};

  /** Every score the grids reach: ±t·max for t = i/N, plus the tiniest non-zero magnitudes. */
  static List<double[]> scores() {
    List<double[]> out = new ArrayList<>();
    for (double max : MAXIMA) {
      for (int i = 1; i <= N; i++) {
        out.add(new double[] {max * i / N, max});
      }
      out.add(new double[] {Double.MIN_VALUE, max});
      out.add(new double[] {Math.ulp(max), max});
      out.add(new double[] {max * 1e-12, max});
    }
    return out;
  }

  /** Red-ish: the red channel leads and the hue is the scale's positive one. */
  static boolean reddish(Rgb c) {
    return c.r() - Math.max(c.g(), c.b()) >= 30
        && c.chroma() >= 0.04
        && DivergingScaleTest.angle(
                DivergingScaleTest.hue(c), DivergingScaleTest.hue(DivergingScale.POSITIVE))
            < 30;
  }

  /** Blue-ish: the blue channel leads and the hue is the scale's negative one. */
  static boolean bluish(Rgb c) {
    return c.b() - Math.max(c.r(), c.g()) >= 30
        && c.chroma() >= 0.04
        && DivergingScaleTest.angle(
                DivergingScaleTest.hue(c), DivergingScaleTest.hue(DivergingScale.NEGATIVE))
            < 30;
  }

  static boolean neutral(Rgb c) {
    return c.chroma() < 0.01;
  }

  @Test
  void xterm256KeepsTheSignAtEveryIntensity() {
    for (double[] s : scores()) {
      Rgb p = TerminalPalette.xtermRgb(TerminalPalette.xterm256(s[0], s[1]));
      Rgb n = TerminalPalette.xtermRgb(TerminalPalette.xterm256(-s[0], s[1]));
      assertTrue(reddish(p), "+" + s[0] + "/" + s[1] + " -> " + p);
      assertTrue(bluish(n), "-" + s[0] + "/" + s[1] + " -> " + n);
    }
    assertTrue(neutral(TerminalPalette.xtermRgb(TerminalPalette.xterm256(0, 1))));
    assertTrue(neutral(TerminalPalette.xtermRgb(TerminalPalette.xterm256(-0.0, 1))));
    assertTrue(neutral(TerminalPalette.xtermRgb(TerminalPalette.xterm256(1, 0))));
  }

  @Test
  void truecolorKeepsTheSignAtEveryIntensity() {
    for (double[] s : scores()) {
      Rgb p = TerminalPalette.truecolor(s[0], s[1]);
      Rgb n = TerminalPalette.truecolor(-s[0], s[1]);
      assertTrue(p.r() > p.b() && p.r() > p.g() && !neutral(p), "+" + s[0] + " -> " + p);
      assertTrue(n.b() > n.r() && n.b() > n.g() && !neutral(n), "-" + s[0] + " -> " + n);
    }
    assertEquals(DivergingScale.NEUTRAL, TerminalPalette.truecolor(0, 1));
  }

  @Test
  void sixteenColoursKeepTheSignAtEveryIntensity() {
    for (double[] s : scores()) {
      List<Integer> p = codes(TerminalPalette.sgr(s[0], s[1], ColorDepth.ANSI16));
      List<Integer> n = codes(TerminalPalette.sgr(-s[0], s[1], ColorDepth.ANSI16));
      assertTrue(p.contains(41) && p.contains(97), "+" + s[0] + " -> " + p);
      assertTrue(n.contains(44) && n.contains(97), "-" + s[0] + " -> " + n);
      for (int blue : new int[] {34, 44, 94, 104, 36, 46, 96, 106}) {
        assertFalse(p.contains(blue), "+" + s[0] + " -> " + p);
      }
      for (int red : new int[] {31, 41, 91, 101, 35, 45, 95, 105}) {
        assertFalse(n.contains(red), "-" + s[0] + " -> " + n);
      }
    }
    assertEquals("", TerminalPalette.sgr(0, 1, ColorDepth.ANSI16), "zero: the terminal's own");
  }

  @Test
  void saturationNeverDecreasesWithTheMagnitude() {
    for (int sign : new int[] {1, -1}) {
      double c256 = -1;
      double cTrue = -1;
      int level16 = -1;
      for (int i = 0; i <= N; i++) {
        double score = sign * (double) i / N;
        double a = TerminalPalette.xtermRgb(TerminalPalette.xterm256(score, 1)).chroma();
        double b = TerminalPalette.truecolor(score, 1).chroma();
        assertTrue(a >= c256, "256 at " + score);
        assertTrue(b >= cTrue - 0.004, "truecolor at " + score);
        c256 = a;
        cTrue = Math.max(cTrue, b);
        // 16 colours: nothing < a coloured cell < a coloured cell with bold text.
        List<Integer> codes = codes(TerminalPalette.sgr(score, 1, ColorDepth.ANSI16));
        int level = codes.isEmpty() ? 0 : codes.contains(1) ? 2 : 1;
        assertTrue(level >= level16, "16 at " + score);
        level16 = level;
      }
    }
  }

  @Test
  void stepsAreCeilingsOfTheIntensityAndNeverZeroForANonZeroScore() {
    assertEquals(0, TerminalPalette.step(0, 1));
    assertEquals(1, TerminalPalette.step(1e-300, 1));
    assertEquals(1, TerminalPalette.step(0.25, 1));
    assertEquals(2, TerminalPalette.step(0.2500001, 1));
    assertEquals(-4, TerminalPalette.step(-1, 1));
    assertEquals(4, TerminalPalette.step(9, 1));
    // The example: +0.046 and -0.046 used to be the same grey 188.
    assertEquals(TerminalPalette.POSITIVE_256.get(0), TerminalPalette.xterm256(0.046, 1));
    assertEquals(TerminalPalette.NEGATIVE_256.get(0), TerminalPalette.xterm256(-0.046, 1));
  }

  @Test
  void everyCellIsReadableAndVisibleOnDarkAndLightTerminals() {
    List<Integer> all = new ArrayList<>(TerminalPalette.POSITIVE_256);
    all.addAll(TerminalPalette.NEGATIVE_256);
    all.add(TerminalPalette.NEUTRAL_256);
    for (int index : all) {
      Rgb c = TerminalPalette.xtermRgb(index);
      assertTrue(c.contrast(c.readableText()) >= 4.5, index + ": text on " + c);
      assertTrue(c.contrast(Rgb.BLACK) >= 3.5, index + " on a black terminal");
      assertTrue(c.contrast(Rgb.WHITE) >= 3.5, index + " on a white terminal");
    }
  }

  @Test
  void sgrSequencesAtEachDepth() {
    assertEquals("\u001b[48;5;160;38;5;231m", TerminalPalette.sgr(1, 1, ColorDepth.ANSI256));
    assertEquals("\u001b[48;5;243;38;5;16m", TerminalPalette.sgr(0, 1, ColorDepth.ANSI256));
    assertEquals("\u001b[48;5;68;38;5;16m", TerminalPalette.sgr(-0.5, 1, ColorDepth.ANSI256));
    assertEquals(
        "\u001b[48;2;204;40;39;38;2;255;255;255m", TerminalPalette.sgr(1, 1, ColorDepth.TRUECOLOR));
    assertEquals("\u001b[41;97m", TerminalPalette.sgr(0.2, 1, ColorDepth.ANSI16));
    assertEquals("\u001b[44;97;1m", TerminalPalette.sgr(-0.9, 1, ColorDepth.ANSI16));
    assertEquals("", TerminalPalette.sgr(1, 1, ColorDepth.NONE));
    assertEquals("x", TerminalPalette.paint("x", 1, 1, ColorDepth.NONE));
    assertEquals(
        "", TerminalPalette.paint("", 1, 1, ColorDepth.ANSI256), "no codes around nothing");
    assertEquals("\u001b[41;97mx\u001b[m", TerminalPalette.paint("x", 0.1, 1, ColorDepth.ANSI16));
  }

  @Test
  void xtermPaletteIsXterms() {
    assertEquals(new Rgb(0, 0, 0), TerminalPalette.xtermRgb(16));
    assertEquals(new Rgb(255, 255, 255), TerminalPalette.xtermRgb(231));
    assertEquals(new Rgb(135, 95, 95), TerminalPalette.xtermRgb(95));
    assertEquals(new Rgb(215, 0, 0), TerminalPalette.xtermRgb(160));
    assertEquals(new Rgb(0, 95, 215), TerminalPalette.xtermRgb(26));
    assertEquals(new Rgb(118, 118, 118), TerminalPalette.xtermRgb(243));
  }

  /** The numbers of the SGR sequences in {@code s}. */
  static List<Integer> codes(String s) {
    List<Integer> out = new ArrayList<>();
    for (String part : s.split("\u001b\\[")) {
      if (part.isEmpty()) {
        continue;
      }
      assertTrue(part.endsWith("m"), s);
      for (String n : part.substring(0, part.length() - 1).split(";")) {
        out.add(Integer.parseInt(n));
      }
    }
    return out;
  }
}
