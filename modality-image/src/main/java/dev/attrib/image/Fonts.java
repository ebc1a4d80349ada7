package dev.attrib.image;

import dev.attrib.spi.AttribException;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.TextAttribute;
import java.awt.font.TextLayout;
import java.io.IOException;
import java.io.InputStream;
import java.text.AttributedString;

/**
 * The one typeface of attrib's pictures: a subset of DejaVu Sans shipped in this jar ({@code
 * fonts/DejaVuSans-subset.ttf}, Latin, Greek, Cyrillic, punctuation, a few maths signs), loaded
 * with {@link Font#createFont}.
 *
 * <pre>{@code
 * TextLayout t = Fonts.layout("triangle 0.99 · 64 steps", 12f);
 * t.getAdvance();   // the width in pixels, the same on every machine
 * }</pre>
 *
 * <p>Why a bundled font rather than the logical {@code SansSerif}: the logical fonts map to
 * whatever fontconfig finds, so a picture's text (and so the width of a caption and the layout
 * around it) would change from machine to machine, and a fresh server may have no fonts at all. A
 * character the subset lacks (a label in Chinese, say) is drawn in the logical {@code SansSerif}
 * font, run by run, so it still shows where the machine has a font for it.
 *
 * <p>Text is anti-aliased in grey levels (never LCD sub-pixel colours, which would tint a PNG) with
 * fractional metrics, so advances are the font's own and not rounded to whole pixels.
 */
final class Fonts {
  private Fonts() {}

  /** The bundled font's resource, next to this class. */
  static final String RESOURCE = "fonts/DejaVuSans-subset.ttf";

  private static final Font BASE = load();

  /**
   * Measuring context matching {@link #hints}: identity transform, anti-aliased, fractional
   * metrics. Text is measured and drawn with the same settings, so what fits when measured fits
   * when drawn.
   */
  static final FontRenderContext FRC = new FontRenderContext(null, true, true);

  private static Font load() {
    try (InputStream in = Fonts.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new AttribException(
            "the picture font " + RESOURCE + " is missing from the jar",
            AttribException.RUNTIME,
            null);
      }
      return Font.createFont(Font.TRUETYPE_FONT, in);
    } catch (IOException | FontFormatException e) {
      throw new AttribException(
          "cannot load the picture font " + RESOURCE + ": " + e.getMessage(),
          AttribException.RUNTIME,
          e);
    }
  }

  /** The bundled font at {@code size} pixels (at 1 pixel per point). */
  static Font sans(float size) {
    return BASE.deriveFont(Font.PLAIN, size);
  }

  /** The bundled font, bold (emboldened by Java2D: the subset has one weight). */
  static Font bold(float size) {
    return BASE.deriveFont(Font.BOLD, size);
  }

  /**
   * The bundled font if it has every character of {@code texts}; otherwise the logical {@code
   * SansSerif}, for components that take one font for a whole string (the chart's titles and
   * legend).
   */
  static Font forTexts(Font font, String... texts) {
    for (String t : texts) {
      if (t != null && BASE.canDisplayUpTo(t) >= 0) {
        return new Font(Font.SANS_SERIF, font.getStyle(), 1).deriveFont(font.getSize2D());
      }
    }
    return font;
  }

  /** Sets the text and shape rendering hints attrib's pictures are drawn with. */
  static void hints(Graphics2D g) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
  }

  /**
   * One line of text laid out in the bundled font at {@code size}, characters it lacks in {@code
   * SansSerif}. An empty string is laid out as one space (a {@link TextLayout} cannot be empty).
   */
  static TextLayout layout(String text, float size) {
    return layout(text, size, false);
  }

  /** As {@link #layout(String, float)}, bold when {@code bold}. */
  static TextLayout layout(String text, float size, boolean bold) {
    String s = text.isEmpty() ? " " : text;
    Font main = bold ? bold(size) : sans(size);
    if (main.canDisplayUpTo(s) < 0) {
      return new TextLayout(s, main, FRC);
    }
    try {
      return withFallback(s, main, size);
    } catch (RuntimeException e) {
      // The logical fonts need the machine's font configuration, which a bare server may lack
      // (the JDK then fails inside its font manager): the bundled font's missing-glyph boxes are
      // better than no picture.
      return new TextLayout(s, main, FRC);
    }
  }

  private static TextLayout withFallback(String s, Font main, float size) {
    AttributedString a = new AttributedString(s);
    a.addAttribute(TextAttribute.FONT, main);
    int from = 0;
    while (from < s.length()) {
      int bad = main.canDisplayUpTo(s.toCharArray(), from, s.length());
      if (bad < 0) {
        break;
      }
      int end = bad + Character.charCount(s.codePointAt(bad));
      while (end < s.length() && !main.canDisplay(s.codePointAt(end))) {
        end += Character.charCount(s.codePointAt(end));
      }
      Font fallback = new Font(Font.SANS_SERIF, main.getStyle(), 1).deriveFont(size);
      a.addAttribute(TextAttribute.FONT, fallback, bad, end);
      from = end;
    }
    return new TextLayout(a.getIterator(), FRC);
  }

  /** The width of {@code text} in pixels. */
  static double width(String text, float size) {
    return text.isEmpty() ? 0 : layout(text, size).getAdvance();
  }

  /** Ascent of the bundled font at {@code size}: from a line's top to its baseline. */
  static double ascent(float size) {
    return sans(size).getLineMetrics("Hg", FRC).getAscent();
  }

  /** The height of one line (ascent + descent) of the bundled font at {@code size}. */
  static int lineHeight(float size) {
    var m = sans(size).getLineMetrics("Hg", FRC);
    return (int) Math.ceil(m.getAscent() + m.getDescent());
  }
}
