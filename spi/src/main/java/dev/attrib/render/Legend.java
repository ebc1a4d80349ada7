package dev.attrib.render;

import java.util.List;

/**
 * The legend of the {@link DivergingScale}: sample cells from the strongest negative score to the
 * strongest positive one, one per magnitude step, each labelled with its value relative to the
 * largest magnitude.
 *
 * <pre>{@code
 * Legend.ansi(ColorDepth.ANSI256);  // " -1  -.75 -.5  -.25  0  +.25 +.5  +.75  +1 ", each cell coloured
 * Legend.html();                    // the same cells as <span> elements with inline styles
 * }</pre>
 *
 * <p>Contract: the cells are exactly the colours {@link TerminalPalette} (terminals) and {@link
 * DivergingScale} (HTML) give a score of that value with {@code max = 1}, so the legend shows the
 * same steps as the output beside it.
 */
public final class Legend {
  private Legend() {}

  /** The sample values, in legend order: -1 to +1 in steps of 1 / {@link TerminalPalette#STEPS}. */
  public static final List<Double> SAMPLES = samples();

  private static List<Double> samples() {
    int n = TerminalPalette.STEPS;
    Double[] v = new Double[2 * n + 1];
    for (int i = -n; i <= n; i++) {
      v[i + n] = (double) i / n;
    }
    return List.of(v);
  }

  /** How a sample value is labelled: {@code -1}, {@code -.75}, {@code 0}, {@code +.5}, ... */
  public static String label(double v) {
    if (v == 0) {
      return "0";
    }
    String sign = v < 0 ? "-" : "+";
    double a = Math.abs(v);
    if (a == 1) {
      return sign + "1";
    }
    String digits = String.valueOf(Math.round(a * 100));
    digits = digits.endsWith("0") ? digits.substring(0, digits.length() - 1) : digits;
    return sign + "." + digits;
  }

  /**
   * The sample cells painted for {@code depth}, separated by single spaces; no trailing newline.
   */
  public static String ansi(ColorDepth depth) {
    StringBuilder b = new StringBuilder();
    for (double v : SAMPLES) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(TerminalPalette.paint(" " + label(v) + " ", v, 1, depth));
    }
    return b.toString();
  }

  /** The sample cells as HTML {@code <span>}s with the scale's colours (no escaping needed). */
  public static String html() {
    StringBuilder b = new StringBuilder();
    for (double v : SAMPLES) {
      b.append("<span style=\"").append(css(v, 1)).append(";padding:0 .3em\">");
      b.append(label(v)).append("</span>");
    }
    return b.toString();
  }

  /**
   * The inline CSS of a score's cell on a page: the scale's colour as background and the readable
   * text colour on it.
   */
  public static String css(double score, double max) {
    Rgb bg = DivergingScale.color(score, max);
    return "background:" + bg.css() + ";color:" + bg.readableText().css();
  }
}
