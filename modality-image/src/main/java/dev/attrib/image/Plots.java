package dev.attrib.image;

import dev.attrib.spi.AttribException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Line plots as PNG, for the deletion/insertion curves and the homogeneity plot, drawn by XChart:
 * axes with ticks, axis titles, one colour per series, a legend, all text in the bundled font
 * ({@link Fonts}).
 *
 * <pre>{@code
 * Plots.Chart c = new Plots.Chart("Deletion", "pixels removed", "probability",
 *     List.of(new Plots.Series("IG", xs, ys, Plots.BLUE, false, false)), 0, 1, 0, 1);
 * byte[] png = Plots.png(List.of(c));   // charts side by side
 * }</pre>
 *
 * <p>The records are the plot's data, independent of the library: tests check what is plotted
 * there, and only a few pixels of the picture. The picture is the same from run to run on one
 * machine (XChart lays out from the font's metrics and the data alone).
 */
public final class Plots {
  private Plots() {}

  public static final int BLUE = 0x1f5fbf;
  public static final int ORANGE = 0xe07010;
  public static final int GREY = 0x8a8a8a;
  public static final int GREEN = 0x2a9a3a;
  public static final int RED = 0xc02020;

  /** Size of one chart in pixels. */
  static final int CHART_W = 480;

  static final int CHART_H = 360;

  private static final Color INK = new Color(0x202020);
  private static final Color GRID = new Color(0xe6e6e6);
  private static final Color FRAME = new Color(0x808080);
  private static final float TITLE = 14f;
  private static final float AXIS_TITLE = 12f;
  private static final float TICKS = 11f;
  private static final float LEGEND = 11f;

  /** The axes' margin beyond a chart's ranges, as a share of the range. */
  private static final double PAD = 0.03;

  /**
   * One line.
   *
   * @param name legend text
   * @param xs x values
   * @param ys y values, as many as xs
   * @param colour 0xRRGGBB
   * @param dashed drawn dashed
   * @param markers a small circle at every point
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

    @Override
    public double[] xs() {
      return xs.clone();
    }

    @Override
    public double[] ys() {
      return ys.clone();
    }
  }

  /** One chart: title, axis titles, series and the visible ranges. */
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
      if (series.isEmpty()) {
        throw new AttribException("a chart needs at least one series");
      }
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
        for (double y : s.ys) {
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

  /** The charts side by side in one PNG, each {@link #CHART_W}×{@link #CHART_H}. */
  public static byte[] png(List<Chart> charts) {
    return Canvas.png(image(charts));
  }

  /** The charts side by side, as a picture. */
  static BufferedImage image(List<Chart> charts) {
    if (charts.isEmpty()) {
      throw new AttribException("nothing to plot");
    }
    BufferedImage img =
        new BufferedImage(CHART_W * charts.size(), CHART_H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      for (int i = 0; i < charts.size(); i++) {
        Graphics2D gi = (Graphics2D) g.create(i * CHART_W, 0, CHART_W, CHART_H);
        try {
          Fonts.hints(gi);
          xchart(charts.get(i)).paint(gi, CHART_W, CHART_H);
        } finally {
          gi.dispose();
        }
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  /** The XChart chart of {@code k}: our fonts, colours, ranges, tick labels and legend place. */
  static XYChart xchart(Chart k) {
    XYChart c = new XYChart(CHART_W, CHART_H);
    c.setTitle(k.title());
    c.setXAxisTitle(k.xLabel());
    c.setYAxisTitle(k.yLabel());
    XYStyler st = c.getStyler();
    List<String> texts = new ArrayList<>(List.of(k.title(), k.xLabel(), k.yLabel()));
    k.series().forEach(s -> texts.add(s.name()));
    String[] all = texts.toArray(String[]::new);
    st.setBaseFont(Fonts.forTexts(Fonts.sans(TICKS), all));
    st.setChartTitleFont(Fonts.forTexts(Fonts.bold(TITLE), all));
    st.setAxisTitleFont(Fonts.forTexts(Fonts.sans(AXIS_TITLE), all));
    st.setAxisTickLabelsFont(Fonts.sans(TICKS));
    st.setLegendFont(Fonts.forTexts(Fonts.sans(LEGEND), all));
    st.setChartBackgroundColor(Color.WHITE);
    st.setPlotBackgroundColor(Color.WHITE);
    st.setChartFontColor(INK);
    st.setAxisTickLabelsColor(INK);
    st.setAxisTickMarksColor(FRAME);
    st.setPlotBorderColor(FRAME);
    st.setPlotGridLinesColor(GRID);
    st.setPlotGridLinesStroke(new BasicStroke(1f));
    st.setChartTitleBoxVisible(false);
    st.setLegendBorderColor(GRID);
    st.setLegendBackgroundColor(new Color(255, 255, 255, 230));
    st.setLegendPosition(legendCorner(k));
    st.setLegendSeriesLineLength(28);
    st.setAntiAlias(true);
    st.setTextAntiAlias(true);
    st.setLocale(Locale.ROOT);
    st.setMarkerSize(7);
    // The axes reach a little past the chart's ranges (XChart's own content padding off), so lines
    // and markers at the edges are not drawn over the frame. It also keeps XChart on its general
    // tick rule: when the x values and the axis ends are equally spaced (the curves' 33 fractions
    // from 0 to 1), XChart puts ticks only at data points, at 0.094, 0.188, ...
    double xPad = PAD * (k.xMax() - k.xMin());
    double yPad = PAD * (k.yMax() - k.yMin());
    st.setPlotContentSize(1.0);
    st.setXAxisMin(k.xMin() - xPad);
    st.setXAxisMax(k.xMax() + xPad);
    st.setYAxisMin(k.yMin() - yPad);
    st.setYAxisMax(k.yMax() + yPad);
    st.setXAxisTickLabelsFormattingFunction(Plots::number);
    st.setYAxisTickLabelsFormattingFunction(Plots::number);
    st.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    for (Series s : k.series()) {
      XYSeries x = c.addSeries(s.name(), s.xs, s.ys);
      Color colour = new Color(s.colour() & 0xffffff);
      x.setLineColor(colour);
      x.setMarkerColor(colour);
      x.setLineStyle(
          s.dashed()
              ? new BasicStroke(
                  2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 5f}, 0f)
              : new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      x.setMarker(s.markers() ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }
    return c;
  }

  /**
   * The inside corner where the legend hides the fewest data points (and segment midpoints), in the
   * order top right, bottom right, top left, bottom left when several tie. The legend's box is
   * estimated from its text widths and the usual plot area.
   */
  static Styler.LegendPosition legendCorner(Chart k) {
    double plotW = CHART_W - 80;
    double plotH = CHART_H - 100;
    double text = 0;
    for (Series s : k.series()) {
      text = Math.max(text, Fonts.width(s.name(), LEGEND));
    }
    // As a fraction of the plot: text plus line sample and paddings; one row per series.
    double bw = Math.min(1, (text + 60) / plotW);
    double bh = Math.min(1, (k.series().size() * (Fonts.lineHeight(LEGEND) + 6) + 12) / plotH);
    Styler.LegendPosition[] order = {
      Styler.LegendPosition.InsideNE,
      Styler.LegendPosition.InsideSE,
      Styler.LegendPosition.InsideNW,
      Styler.LegendPosition.InsideSW
    };
    Styler.LegendPosition best = order[0];
    int fewest = Integer.MAX_VALUE;
    for (Styler.LegendPosition p : order) {
      boolean right = p == Styler.LegendPosition.InsideNE || p == Styler.LegendPosition.InsideSE;
      boolean top = p == Styler.LegendPosition.InsideNE || p == Styler.LegendPosition.InsideNW;
      double x0 = right ? 1 - bw : 0;
      double y0 = top ? 1 - bh : 0;
      int n = covered(k, x0, y0, bw, bh);
      if (n < fewest) {
        fewest = n;
        best = p;
      }
    }
    return best;
  }

  /** Points and segment midpoints of the series inside a box of the unit plot square. */
  private static int covered(Chart k, double x0, double y0, double w, double h) {
    int n = 0;
    for (Series s : k.series()) {
      for (int i = 0; i < s.xs.length; i++) {
        double fx = (s.xs[i] - k.xMin()) / (k.xMax() - k.xMin());
        double fy = (s.ys[i] - k.yMin()) / (k.yMax() - k.yMin());
        n += inside(fx, fy, x0, y0, w, h);
        if (i > 0) {
          double px = (s.xs[i - 1] - k.xMin()) / (k.xMax() - k.xMin());
          double py = (s.ys[i - 1] - k.yMin()) / (k.yMax() - k.yMin());
          n += inside((fx + px) / 2, (fy + py) / 2, x0, y0, w, h);
        }
      }
    }
    return n;
  }

  private static int inside(double x, double y, double x0, double y0, double w, double h) {
    return x >= x0 && x <= x0 + w && y >= y0 && y <= y0 + h ? 1 : 0;
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

  /** A short tick label: up to three significant digits, no trailing zeros, a real minus sign. */
  static String number(double v) {
    if (Math.abs(v) < 1e-12) {
      return "0";
    }
    double a = Math.abs(v);
    String s;
    if (a >= 1e4 || a < 1e-3) {
      s = String.format(Locale.ROOT, "%.1e", v).replace("e+0", "e").replace("e-0", "e-");
    } else {
      s = String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
      s = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
    return s.startsWith("-") ? "\u2212" + s.substring(1) : s;
  }
}
