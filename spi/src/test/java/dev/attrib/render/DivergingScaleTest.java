package dev.attrib.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one scale: its ends, its sign, its even lightness and its growing saturation. */
class DivergingScaleTest {
  /** Intensities 0, 1/N, ..., 1. */
  static final int N = 10_000;

  @Test
  void endsAndZero() {
    assertEquals(DivergingScale.POSITIVE, DivergingScale.color(2, 2));
    assertEquals(DivergingScale.POSITIVE, DivergingScale.color(5, 2), "clamped at the end");
    assertEquals(DivergingScale.NEGATIVE, DivergingScale.color(-2, 2));
    assertEquals(DivergingScale.NEUTRAL, DivergingScale.color(0, 2));
    assertEquals(DivergingScale.NEUTRAL, DivergingScale.color(1, 0), "no scale: neutral");
    assertEquals(DivergingScale.NEUTRAL, DivergingScale.color(Double.NaN, 1));
    assertEquals(DivergingScale.NEUTRAL, DivergingScale.color(1, Double.POSITIVE_INFINITY));
    assertEquals(DivergingScale.NEUTRAL, DivergingScale.at(Double.NaN));
    assertEquals(0.5, DivergingScale.intensity(-1, 2));
    assertEquals(0, DivergingScale.intensity(Double.NEGATIVE_INFINITY, 2));
  }

  /**
   * On paper: zero is the paper, the ends are the scale's, and every tint in between keeps its sign
   * and only grows more saturated (its distance from white never shrinks with the magnitude).
   */
  @Test
  void overPaperKeepsTheEndsTheSignAndGrowsWithTheMagnitude() {
    assertEquals(Rgb.WHITE, DivergingScale.over(Rgb.WHITE, 0));
    assertEquals(Rgb.WHITE, DivergingScale.over(Rgb.WHITE, 0.0, 3.0));
    assertEquals(DivergingScale.POSITIVE, DivergingScale.over(Rgb.WHITE, 1));
    assertEquals(DivergingScale.NEGATIVE, DivergingScale.over(Rgb.WHITE, -3, 3));
    for (int sign : new int[] {1, -1}) {
      double previous = 0;
      for (int i = 1; i <= N; i++) {
        Rgb c = DivergingScale.over(Rgb.WHITE, sign * (double) i / N);
        if (c.equals(Rgb.WHITE)) {
          continue; // a tint too faint for 8 bits
        }
        assertTrue(sign > 0 ? c.r() > c.b() : c.b() > c.r(), sign + " at " + i + ": " + c);
        double[] lab = c.oklab();
        double[] white = Rgb.WHITE.oklab();
        double away =
            Math.hypot(lab[0] - white[0], Math.hypot(lab[1] - white[1], lab[2] - white[2]));
        assertTrue(away >= previous - 1e-3, sign + " at " + i + " comes back towards white");
        previous = away;
      }
    }
  }

  @Test
  void hueSaysTheSignAtEveryIntensity() {
    double pos = hue(DivergingScale.POSITIVE);
    double neg = hue(DivergingScale.NEGATIVE);
    for (int i = 1; i <= N; i++) {
      double t = (double) i / N;
      Rgb p = DivergingScale.at(t);
      Rgb n = DivergingScale.at(-t);
      assertTrue(p.r() >= p.b() && p.r() >= p.g(), "positive " + t + " " + p);
      assertTrue(n.b() >= n.r() && n.b() >= n.g(), "negative " + t + " " + n);
      if (p.chroma() > 0.01) {
        assertTrue(angle(hue(p), pos) < 15, "positive hue at " + t + ": " + p);
      }
      if (n.chroma() > 0.01) {
        assertTrue(angle(hue(n), neg) < 15, "negative hue at " + t + ": " + n);
      }
    }
  }

  @Test
  void saturationGrowsWithTheMagnitudeAndLightnessStaysEven() {
    for (int sign : new int[] {1, -1}) {
      double previous = -1;
      for (int i = 0; i <= N; i++) {
        Rgb c = DivergingScale.at(sign * (double) i / N);
        // 8-bit rounding may wobble the chroma by a hair; it never goes back further.
        assertTrue(c.chroma() >= previous - 0.004, sign + " at " + i + ": " + c);
        previous = Math.max(previous, c.chroma());
        assertEquals(0.55, c.oklab()[0], 0.01, "lightness at " + sign * i + ": " + c);
      }
    }
  }

  @Test
  void everyColourStandsOutOnBlackAndOnWhiteAndCarriesReadableText() {
    for (int i = -N; i <= N; i++) {
      Rgb c = DivergingScale.at((double) i / N);
      assertTrue(c.contrast(Rgb.BLACK) >= 3.5, "on black: " + c);
      assertTrue(c.contrast(Rgb.WHITE) >= 3.5, "on white: " + c);
      assertTrue(c.contrast(c.readableText()) >= 4.5, "text on " + c);
    }
  }

  static double hue(Rgb c) {
    double[] lab = c.oklab();
    return Math.toDegrees(Math.atan2(lab[2], lab[1]));
  }

  static double angle(double a, double b) {
    double d = Math.abs(a - b) % 360;
    return Math.min(d, 360 - d);
  }
}
