package dev.attrib.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bundled font and the text drawing of {@link Canvas}. */
class TextTest {

  @Test
  void theBundledFontLoadsWithItsLicenceBesideIt() throws IOException {
    assertEquals("DejaVu Sans", Fonts.sans(12).getFamily());
    try (InputStream in = Fonts.class.getResourceAsStream("fonts/DejaVuSans-subset.LICENSE.txt")) {
      assertNotNull(in, "the font's licence ships with it");
      String licence = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(licence.contains("Bitstream Vera Fonts Copyright"), licence);
      assertTrue(licence.contains("Arev Fonts Copyright"), licence);
    }
    // What captions, legends and tick labels use: the middle dot, ×, the minus sign, ², Greek.
    assertEquals(-1, Fonts.sans(12).canDisplayUpTo("a\u00b7x \u00d7 \u2212 R\u00b2 \u0394 \u2026"));
  }

  /**
   * Widths come from the font file, not the machine: with fractional metrics a line's advance is
   * the sum of the glyphs' advances in the font's hmtx table (23814 units of 2048 here, read with
   * fontTools), scaled to the size.
   */
  @Test
  void textWidthsAreTheFontsOwnAdvances() {
    assertEquals(23814 * 12 / 2048.0, Fonts.width("triangle 0.99 \u00b7 64 steps", 12f), 1e-6);
    assertEquals(0, Fonts.width("", 12f), 0);
    assertEquals(14, Fonts.lineHeight(12f), "ascent 1901 + descent 483 units at 12 px, rounded up");
  }

  @Test
  void longTextIsShortenedWithAnEllipsisAndCaptionsWrapBetweenParts() {
    assertEquals("image", Canvas.fit("image", 100, 13f));
    String cut = Canvas.fit("gradient \u00d7 image of a very long name", 80, 13f);
    assertTrue(cut.endsWith("\u2026") && Canvas.textWidth(cut, 13f) <= 80, cut);
    List<String> parts = List.of("triangle 0.99", "IG from blur, 64 steps", "delta 0.5%");
    assertEquals(
        List.of("triangle 0.99 \u00b7 IG from blur, 64 steps \u00b7 delta 0.5%"),
        Canvas.wrap(parts, " \u00b7 ", 1000, 12f));
    List<String> narrow = Canvas.wrap(parts, " \u00b7 ", 260, 12f);
    assertEquals(
        List.of("triangle 0.99 \u00b7 IG from blur, 64 steps", "delta 0.5%"), narrow, "" + narrow);
  }

  /**
   * Text is drawn anti-aliased in mixed case, inside the box the canvas records, and the same text
   * drawn twice is the same pixels.
   */
  @Test
  void textIsAntiAliasedInItsBoxAndRepeatable() {
    Canvas a = new Canvas(300, 40, 0xffffff);
    int w = a.text("triangle 0.99 \u00b7 64 steps", 10, 10, 12f, 0x202020);
    assertEquals((int) Math.ceil(23814 * 12 / 2048.0), w);
    assertEquals(List.of(new Rectangle(10, 10, w, 14)), a.textBoxes());
    BufferedImage img = PictureChecks.decode(a.png());
    PictureChecks.assertAntiAliasedText("caption", img, a.textBoxes().get(0));
    // Nothing drawn outside the box but the glyphs' anti-aliased fringe.
    Rectangle spill = new Rectangle(8, 8, w + 4, 18);
    for (int y = 0; y < 40; y++) {
      for (int x = 0; x < 300; x++) {
        if (!spill.contains(x, y)) {
          assertEquals(0xffffff, img.getRGB(x, y) & 0xffffff, "ink at " + x + "," + y);
        }
      }
    }
    Canvas b = new Canvas(300, 40, 0xffffff);
    b.text("triangle 0.99 \u00b7 64 steps", 10, 10, 12f, 0x202020);
    assertArrayEquals(a.png(), b.png());
  }

  /** Lower-case letters have no ascender part: the old bitmap font drew every letter as capital. */
  @Test
  void lowerCaseIsNotUpperCase() {
    Canvas lower = new Canvas(60, 30, 0xffffff);
    lower.text("ace", 5, 5, 16f, 0);
    Canvas upper = new Canvas(60, 30, 0xffffff);
    upper.text("ACE", 5, 5, 16f, 0);
    BufferedImage l = PictureChecks.decode(lower.png());
    BufferedImage u = PictureChecks.decode(upper.png());
    // The band between a capital's top and an x-height letter's top: ink only for "ACE".
    Rectangle band = new Rectangle(5, 5 + 4, 40, 2);
    assertEquals(0, PictureChecks.dark(l, band, 128), "lower case reaches into the cap band");
    assertTrue(PictureChecks.dark(u, band, 128) > 0, "capitals fill the cap band");
  }
}
