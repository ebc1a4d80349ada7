package dev.attrib.image;

import dev.attrib.ig.Activation;
import dev.attrib.ig.Faithfulness;
import dev.attrib.ig.Target;
import dev.attrib.model.LoadedModel;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Explanation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The objective quality report behind {@code attrib eval} for images: deletion and insertion curves
 * of the attribution and of a random pixel order, and the keep-top-k% test.
 *
 * <pre>{@code
 * Explanation<ImageEncoding> e = new Explainer(image, model).explain(file, settings);
 * ImageEval.Result r = ImageEval.evaluate(model, e, ImageEval.Settings.defaults());
 * r.method().deletion().auc();                          // lower is better
 * Files.write(Path.of("curves.png"), ImageEval.plot(r));
 * ImageEval.Summary s = ImageEval.summarize(results);   // means over a batch
 * }</pre>
 *
 * <p>Contract: the curves track the explained target (class and probability or logit, as in the
 * explanation) on the explanation's per-pixel scores; the random order is drawn from {@code seed};
 * the keep-top test expects the explained class. Plain values, no printing.
 */
public final class ImageEval {
  private ImageEval() {}

  /**
   * Settings.
   *
   * @param curves how the curves are made
   * @param keepFractions fractions of pixels the keep-top test keeps
   * @param keepSubstrate what the other pixels become in the keep-top test
   * @param seed seed of the random pixel order
   */
  public record Settings(
      PixelCurves.Settings curves,
      double[] keepFractions,
      PixelCurves.Substrate keepSubstrate,
      long seed) {
    public Settings {
      keepFractions = keepFractions.clone();
    }

    @Override
    public double[] keepFractions() {
      return keepFractions.clone();
    }

    public static Settings defaults() {
      return new Settings(
          PixelCurves.Settings.defaults(),
          KeepTop.DEFAULT_FRACTIONS,
          PixelCurves.Substrate.BLACK,
          0);
    }
  }

  /**
   * One input's report.
   *
   * @param input the file
   * @param targetIndex the explained class
   * @param targetLabel its label
   * @param method curves of the attribution's pixel order
   * @param random curves of a random order
   * @param keepTop the keep-top-k% outcomes
   */
  public record Result(
      String input,
      int targetIndex,
      String targetLabel,
      PixelCurves.Curves method,
      PixelCurves.Curves random,
      List<KeepTop.Result> keepTop) {
    public Result {
      keepTop = List.copyOf(keepTop);
    }

    /** Deletion AUC below random and insertion AUC above it. */
    public boolean beatsRandom() {
      return method.deletion().auc() < random.deletion().auc()
          && method.insertion().auc() > random.insertion().auc();
    }
  }

  /**
   * Means over several inputs.
   *
   * @param inputs how many
   * @param deletionAuc mean deletion AUC of the attributions
   * @param insertionAuc mean insertion AUC of the attributions
   * @param randomDeletionAuc mean deletion AUC of random orders
   * @param randomInsertionAuc mean insertion AUC of random orders
   * @param keepFractions the keep-top fractions
   * @param keepAccuracy per fraction, the share of inputs still classified as explained
   */
  public record Summary(
      int inputs,
      double deletionAuc,
      double insertionAuc,
      double randomDeletionAuc,
      double randomInsertionAuc,
      double[] keepFractions,
      double[] keepAccuracy) {
    public Summary {
      keepFractions = keepFractions.clone();
      keepAccuracy = keepAccuracy.clone();
    }

    @Override
    public double[] keepFractions() {
      return keepFractions.clone();
    }

    @Override
    public double[] keepAccuracy() {
      return keepAccuracy.clone();
    }

    @Override
    public String toString() {
      StringBuilder b =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "%d inputs: deletion AUC %.4f (random %.4f), insertion AUC %.4f (random %.4f)",
                  inputs,
                  deletionAuc,
                  randomDeletionAuc,
                  insertionAuc,
                  randomInsertionAuc));
      for (int i = 0; i < keepFractions.length; i++) {
        b.append(
            String.format(
                Locale.ROOT,
                "; top %.0f%% kept: %.0f%% correct",
                100 * keepFractions[i],
                100 * keepAccuracy[i]));
      }
      return b.toString();
    }
  }

  /** Evaluates one explanation of an image (made with {@code model}). */
  public static Result evaluate(LoadedModel model, Explanation<ImageEncoding> e, Settings s) {
    return measure(model, e, e.units().scores(), s);
  }

  /**
   * The random row of a comparison: a seeded random pixel order in place of the attribution, on the
   * class {@code e} explained, measured exactly as {@link #evaluate} measures a method (curves and
   * keep-top), so a method's numbers can be read against chance.
   */
  public static Result evaluateRandom(LoadedModel model, Explanation<ImageEncoding> e, Settings s) {
    return measure(model, e, PixelCurves.randomScores(e.units().scores().length, s.seed()), s);
  }

  /** Curves and keep-top of the pixel order of {@code scores}, next to a random order's curves. */
  private static Result measure(
      LoadedModel model, Explanation<ImageEncoding> e, double[] scores, Settings s) {
    int k = e.attribution().targetIndex();
    if (k < 0) {
      throw new AttribException(
          "evaluation needs a single target class, not " + e.attribution().target());
    }
    Activation act = e.on().equals("probability") ? model.manifest().activation() : Activation.NONE;
    Target t = Target.index(k).on(act);
    PixelCurves.Curves method = PixelCurves.measure(model, e.encoded(), scores, t, s.curves());
    PixelCurves.Curves random =
        PixelCurves.measure(
            model, e.encoded(), PixelCurves.randomScores(scores.length, s.seed()), t, s.curves());
    List<KeepTop.Result> keep =
        KeepTop.test(model, e.encoded(), scores, k, act, s.keepFractions(), s.keepSubstrate());
    return new Result(e.encoded().input(), k, e.targetLabel(), method, random, keep);
  }

  /** Means over {@code results}, which must share the keep-top fractions. */
  public static Summary summarize(List<Result> results) {
    if (results.isEmpty()) {
      throw new AttribException("nothing to summarise: no results");
    }
    int n = results.size();
    int f = results.get(0).keepTop().size();
    double d = 0;
    double i = 0;
    double rd = 0;
    double ri = 0;
    double[] fr = new double[f];
    double[] acc = new double[f];
    for (Result r : results) {
      d += r.method().deletion().auc() / n;
      i += r.method().insertion().auc() / n;
      rd += r.random().deletion().auc() / n;
      ri += r.random().insertion().auc() / n;
      if (r.keepTop().size() != f) {
        throw new AttribException("results have different keep-top fractions");
      }
      for (int j = 0; j < f; j++) {
        fr[j] = r.keepTop().get(j).fraction();
        acc[j] += r.keepTop().get(j).correct() ? 1.0 / n : 0;
      }
    }
    return new Summary(n, d, i, rd, ri, fr, acc);
  }

  /** The deletion and insertion curves, attribution against random, as one PNG. */
  public static byte[] plot(Result r) {
    return Plots.png(charts(r));
  }

  /** The two charts of {@link #plot}: deletion, then insertion. */
  static List<Plots.Chart> charts(Result r) {
    return List.of(
        chart(true, r.method().deletion(), r.random().deletion()),
        chart(false, r.method().insertion(), r.random().insertion()));
  }

  /**
   * Mean deletion and insertion curves over a batch, one line per method (in the map's order) and
   * the random order dashed, as one PNG. Every list must hold results made with the same curve
   * settings; the legend gives each mean curve's AUC.
   */
  public static byte[] meanPlot(Map<String, List<Result>> byMethod, List<Result> random) {
    return Plots.png(meanCharts(byMethod, random));
  }

  /** The two charts of {@link #meanPlot}: deletion, then insertion. */
  static List<Plots.Chart> meanCharts(Map<String, List<Result>> byMethod, List<Result> random) {
    if (byMethod.isEmpty() || random.isEmpty()) {
      throw new AttribException("nothing to plot: no results");
    }
    int[] colours = {Plots.BLUE, Plots.ORANGE, Plots.GREEN, Plots.RED};
    List<Plots.Chart> charts = new ArrayList<>();
    for (boolean deletion : new boolean[] {true, false}) {
      List<Plots.Series> series = new ArrayList<>();
      int c = 0;
      PixelCurves.Curve first = null;
      for (Map.Entry<String, List<Result>> m : byMethod.entrySet()) {
        PixelCurves.Curve mean = mean(m.getValue(), deletion);
        first = first == null ? mean : first;
        series.add(series(displayName(m.getKey()), mean, colours[c++ % colours.length], false));
      }
      PixelCurves.Curve rnd = mean(random, deletion);
      series.add(series("random order", rnd, Plots.GREY, true));
      charts.add(
          Plots.Chart.fitted(
              String.format(
                  Locale.ROOT,
                  "%s, mean of %d image%s",
                  title(deletion, first),
                  random.size(),
                  random.size() == 1 ? "" : "s"),
              xLabel(deletion),
              Y_LABEL,
              series,
              0,
              1));
    }
    return charts;
  }

  private static final String Y_LABEL = "score of the explained class";

  private static String title(boolean deletion, PixelCurves.Curve c) {
    return (deletion ? "Deletion to " : "Insertion into ") + c.substrate().id();
  }

  private static String xLabel(boolean deletion) {
    return "share of pixels " + (deletion ? "removed" : "inserted") + ", most attributed first";
  }

  /** How a method's name reads in a legend: the papers' names for the built-in ones. */
  static String displayName(String method) {
    return switch (method) {
      case "ig", "integrated-gradients" -> "IG";
      case "fast-ig" -> "fast IG";
      case "gradient-x-input" -> "gradient \u00d7 input";
      case "smoothgrad" -> "SmoothGrad";
      case "smoothgrad-sq" -> "SmoothGrad\u00b2";
      case "vargrad" -> "VarGrad";
      default -> method;
    };
  }

  /** The pointwise mean of the results' method curves of one kind, and its AUC. */
  static PixelCurves.Curve mean(List<Result> results, boolean deletion) {
    PixelCurves.Curve c0 = pick(results.get(0), deletion);
    int n = c0.scores().length;
    double[] f = new double[n];
    double[] v = new double[n];
    for (Result r : results) {
      PixelCurves.Curve c = pick(r, deletion);
      if (c.scores().length != n) {
        throw new AttribException("curves of different lengths cannot be averaged");
      }
      double[] cf = c.fractions();
      double[] cv = c.scores();
      for (int i = 0; i < n; i++) {
        f[i] += cf[i] / results.size();
        v[i] += cv[i] / results.size();
      }
    }
    return new PixelCurves.Curve(c0.kind(), c0.substrate(), f, v, Faithfulness.auc(v));
  }

  private static PixelCurves.Curve pick(Result r, boolean deletion) {
    return deletion ? r.method().deletion() : r.method().insertion();
  }

  /** A curve as a plot line, its AUC in the legend. */
  private static Plots.Series series(String name, PixelCurves.Curve c, int colour, boolean dashed) {
    return new Plots.Series(
        String.format(Locale.ROOT, "%s, AUC %.3f", name, c.auc()),
        c.fractions(),
        c.scores(),
        colour,
        dashed,
        false);
  }

  private static Plots.Chart chart(boolean deletion, PixelCurves.Curve m, PixelCurves.Curve rnd) {
    List<Plots.Series> series = new ArrayList<>();
    series.add(series("attribution", m, Plots.BLUE, false));
    series.add(series("random order", rnd, Plots.GREY, true));
    return Plots.Chart.fitted(title(deletion, m), xLabel(deletion), Y_LABEL, series, 0, 1);
  }
}
