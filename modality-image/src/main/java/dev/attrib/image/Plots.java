package dev.attrib.image;

import dev.attrib.spi.AttribException;
import java.util.List;
import java.util.Locale;

/**
 * Line plots as PNG, for the deletion/insertion curves and the homogeneity plot: axes with ticks,
 * labelled in the built-in bitmap font, one colour per series, a legend.
 *
 * <pre>{@code
 * Plots.Chart c = new Plots.Chart("deletion", "pixels removed", "probability",
 *     List.of(new Plots.Series("IG", xs, ys, Plots.BLUE, false, false)), 0, 1, 0, 1);
 * byte[] png = Plots.png(List.of(c));   // charts side by side
 * }</pre>
 */
public final class Plots {
  private Plots() {}

  public static final int BLUE = 0x1f5fbf;
  public static final int ORANGE = 0xe07010;
  public static final int GREY = 0x8a8a8a;
  public static final int GREEN = 0x2a9a3a;
  public static final int RED = 0xc02020;

  private static final int INK = 0x202020;
  private static final int GRID = 0xe4e4e4;
  private static final int FONT = 2;
  private static final int PLOT_W = 320;
  private static final int PLOT_H = 220;
  private static final int LEFT = 64;
  private static final int TOP = 28;
  private static final int BOTTOM = 44;
  private static final int RIGHT = 16;

  /**
   * One line.
   *
   * @param name legend text (upper-cased when drawn)
   * @param xs x values
   * @param ys y values, as many as xs
   * @param colour 0xRRGGBB
   * @param dashed drawn dashed
   * @param markers a small square at every point
   */
  public record Series(
      String name, double[] xs, double[] ys, int colour, boolean dashed, boolean markers) {
    public Series {
      if (xs.length != ys.length || xs.length == 0) {
        throw new AttribException("a series needs as many x as y values, at least one");
      }
      xs = xs.clone();
      ys = ys.clone();
    }
  }

  /** One chart: title, axis labels, series and the visible ranges. */
  public record Chart(
      String title,
      String xLabel,
      String yLabel,
      List<Series> series,
      double xMin,
      double xMax,
      double yMin,
      double yMax) {
    public Chart {
      series = List.copyOf(series);
      if (!(xMax > xMin) || !(yMax > yMin)) {
        throw new AttribException("a chart needs non-empty ranges");
      }
    }

    /** A chart whose y range is fitted to the data (with 0 included), rounded to ticks. */
    public static Chart fitted(
        String title, String xLabel, String yLabel, List<Series> series, double xMin, double xMax) {
      double lo = 0;
      double hi = 0;
      for (Series s : series) {
        for (double y : s.ys()) {
          lo = Math.min(lo, y);
          hi = Math.max(hi, y);
        }
      }
      if (hi == lo) {
        hi = lo + 1;
      }
      double step = tickStep(hi - lo);
      return new Chart(
          title,
          xLabel,
          yLabel,
          series,
          xMin,
          xMax,
          Math.floor(lo / step) * step,
          Math.ceil(hi / step) * step);
    }
  }

  /** The charts side by side in one PNG. */
  public static byte[] png(List<Chart> charts) {
    if (charts.isEmpty()) {
      throw new AttribException("nothing to plot");
    }
    int cw = LEFT + PLOT_W + RIGHT;
    int ch = TOP + PLOT_H + BOTTOM;
    Canvas c = new Canvas(cw * charts.size(), ch, 0xffffff);
    for (int i = 0; i < charts.size(); i++) {
      draw(c, charts.get(i), i * cw);
    }
    return c.png();
  }

  private static void draw(Canvas c, Chart k, int ox) {
    int x0 = ox + LEFT;
    int y0 = TOP;
    c.text(k.title(), x0 + (PLOT_W - Canvas.textWidth(k.title(), FONT)) / 2, 8, FONT, INK);
    double xs = tickStep(k.xMax() - k.xMin());
    for (double t = Math.ceil(k.xMin() / xs) * xs; t <= k.xMax() + 1e-9 * xs; t += xs) {
      int px = px(k, t, x0);
      c.fill(px, y0, 1, PLOT_H, GRID);
      String s = number(t);
      c.fill(px, y0 + PLOT_H, 1, 4, INK);
      c.text(s, px - Canvas.textWidth(s, FONT) / 2, y0 + PLOT_H + 7, FONT, INK);
    }
    double ys = tickStep(k.yMax() - k.yMin());
    for (double t = Math.ceil(k.yMin() / ys) * ys; t <= k.yMax() + 1e-9 * ys; t += ys) {
      int py = py(k, t, y0);
      c.fill(x0, py, PLOT_W, 1, GRID);
      String s = number(t);
      c.fill(x0 - 4, py, 4, 1, INK);
      c.text(s, x0 - 7 - Canvas.textWidth(s, FONT), py - 5, FONT, INK);
    }
    c.frame(x0, y0, PLOT_W + 1, PLOT_H + 1, INK);
    c.text(
        k.xLabel(),
        x0 + (PLOT_W - Canvas.textWidth(k.xLabel(), FONT)) / 2,
        y0 + PLOT_H + 26,
        FONT,
        INK);
    for (Series s : k.series()) {
      for (int i = 1; i < s.xs().length; i++) {
        c.line(
            px(k, s.xs()[i - 1], x0),
            py(k, s.ys()[i - 1], y0),
            px(k, s.xs()[i], x0),
            py(k, s.ys()[i], y0),
            s.colour(),
            2,
            s.dashed() ? 6 : 0);
      }
      if (s.markers()) {
        for (int i = 0; i < s.xs().length; i++) {
          c.fill(px(k, s.xs()[i], x0) - 2, py(k, s.ys()[i], y0) - 2, 5, 5, s.colour());
        }
      }
    }
    // The y label goes inside the top-left corner: the font has no rotated glyphs.
    c.fill(x0 + 3, y0 + 3, Canvas.textWidth(k.yLabel(), FONT) + 6, 16, 0xffffff);
    c.text(k.yLabel(), x0 + 6, y0 + 6, FONT, INK);
    int legendW = 0;
    for (Series s : k.series()) {
      legendW = Math.max(legendW, Canvas.textWidth(s.name(), FONT));
    }
    int lw = legendW + 38;
    int lh = 16 * k.series().size();
    int lx = x0 + PLOT_W - legendW - 36;
    // Top-right or bottom-right, whichever hides fewer data points; a wide legend at the top goes
    // below the y label rather than over it.
    int labelRight = x0 + 9 + Canvas.textWidth(k.yLabel(), FONT);
    int top = y0 + 8 + (lx - 4 < labelRight ? 18 : 0);
    int bottom = y0 + PLOT_H - lh - 4;
    int ly =
        covered(k, x0, y0, lx - 4, top - 3, lw, lh)
                <= covered(k, x0, y0, lx - 4, bottom - 3, lw, lh)
            ? top
            : bottom;
    for (Series s : k.series()) {
      c.fill(lx - 4, ly - 3, lw, 16, 0xffffff);
      c.line(lx, ly + 5, lx + 20, ly + 5, s.colour(), 2, s.dashed() ? 6 : 0);
      c.text(s.name(), lx + 26, ly, FONT, INK);
      ly += 16;
    }
  }

  /** How many data points (and segment midpoints) fall in the box. */
  private static int covered(Chart k, int x0, int y0, int bx, int by, int bw, int bh) {
    int n = 0;
    for (Series s : k.series()) {
      for (int i = 0; i < s.xs().length; i++) {
        int[] xs = {px(k, s.xs()[i], x0)};
        int[] ys = {py(k, s.ys()[i], y0)};
        if (i > 0) {
          xs = new int[] {xs[0], (xs[0] + px(k, s.xs()[i - 1], x0)) / 2};
          ys = new int[] {ys[0], (ys[0] + py(k, s.ys()[i - 1], y0)) / 2};
        }
        for (int j = 0; j < xs.length; j++) {
          if (xs[j] >= bx && xs[j] < bx + bw && ys[j] >= by && ys[j] < by + bh) {
            n++;
          }
        }
      }
    }
    return n;
  }

  private static int px(Chart k, double x, int x0) {
    double f = (x - k.xMin()) / (k.xMax() - k.xMin());
    return x0 + (int) Math.round(Math.max(0, Math.min(1, f)) * PLOT_W);
  }

  private static int py(Chart k, double y, int y0) {
    double f = (y - k.yMin()) / (k.yMax() - k.yMin());
    return y0 + PLOT_H - (int) Math.round(Math.max(0, Math.min(1, f)) * PLOT_H);
  }

  /** A tick spacing of 1, 2, 2.5 or 5 times a power of ten giving about five ticks. */
  static double tickStep(double range) {
    double raw = range / 5;
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= raw) {
        return m * p;
      }
    }
    return 10 * p;
  }

  /** A short tick label: up to three significant digits, no trailing zeros. */
  static String number(double v) {
    if (Math.abs(v) < 1e-12) {
      return "0";
    }
    double a = Math.abs(v);
    if (a >= 1e4 || a < 1e-3) {
      return String.format(Locale.ROOT, "%.1e", v).replace("e+0", "e").replace("e-0", "e-");
    }
    String s = String.format(Locale.ROOT, "%.3f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
