package dev.attrib.cli;

import dev.attrib.image.ImageEncoding;
import dev.attrib.image.ImageEval;
import dev.attrib.image.ImageModality;
import dev.attrib.image.KeepTop;
import dev.attrib.image.PixelCurves;
import dev.attrib.model.LoadedModel;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The image part of {@code attrib eval}: per method, the mean deletion and insertion AUC over the
 * images (RISE, Petsiuk et al. 2018) and the keep-top-k% test, with a seeded random pixel order as
 * the row to beat.
 *
 * <p>Decisions: every method explains the same class, the one the first method's explanation
 * targets (the prediction unless {@code --target}); the random row uses that explanation's class
 * and the seed of {@code --seed}; the keep-top test replaces the other pixels by the deletion
 * substrate; an image that cannot be read or explained is reported and skipped, the rest go on.
 */
final class ImageEvaluation {
  private ImageEvaluation() {}

  /** The methods compared by default; {@code random} is the seeded random order. */
  static final List<String> DEFAULT_METHODS =
      List.of("ig", "saliency", "gradient-x-input", "random");

  /**
   * The result: the table, and the mean-curves PNG when one was asked for.
   *
   * @param table the text table with its footnote
   * @param plot the PNG bytes, or null
   * @param problems images skipped, one message each
   * @param summaries each method's means over the images, in the order of the methods (for a page
   *     that shows the numbers of the table)
   * @param worstDeltas per method with a completeness report (IG, not saliency), the largest
   *     relative completeness delta over the images
   */
  record Outcome(
      String table,
      byte[] plot,
      List<String> problems,
      Map<String, ImageEval.Summary> summaries,
      Map<String, Double> worstDeltas) {}

  static Outcome run(
      ImageModality image,
      LoadedModel model,
      List<String> images,
      ExplainSettings settings,
      List<String> methods,
      ImageEval.Settings eval,
      boolean plot,
      IntConsumer progress) {
    if (methods.isEmpty()) {
      throw new AttribException("give at least one method");
    }
    Explainer<ImageEncoding> explainer = new Explainer<>(image, model);
    Map<String, List<ImageEval.Result>> byMethod = new LinkedHashMap<>();
    for (String m : methods) {
      byMethod.put(m, new ArrayList<>());
    }
    List<String> problems = new ArrayList<>();
    Map<String, Double> worstDeltas = new LinkedHashMap<>();
    for (int i = 0; i < images.size(); i++) {
      progress.accept(i);
      String input = images.get(i);
      try {
        Map<String, ImageEval.Result> row = new LinkedHashMap<>();
        Map<String, Double> rowDeltas = new LinkedHashMap<>();
        Explanation<ImageEncoding> anchor = null;
        String target = settings.target();
        for (String m : methods) {
          if (m.equals("random")) {
            continue;
          }
          Explanation<ImageEncoding> e =
              explainer.explain(input, settings.withMethod(m).withTarget(target));
          if (anchor == null) {
            anchor = e;
            // The other methods explain the class the first one did.
            target = Integer.toString(e.attribution().targetIndex());
          }
          row.put(m, ImageEval.evaluate(model, e, eval));
          if (e.attribution().completeness() != null) {
            rowDeltas.put(m, e.attribution().completeness().relativeDelta());
          }
        }
        if (methods.contains("random")) {
          if (anchor == null) {
            // Only the random row asked for: a saliency pass just to fix the class.
            anchor = explainer.explain(input, settings.withMethod("saliency"));
          }
          row.put("random", ImageEval.evaluateRandom(model, anchor, eval));
        }
        // All of an image's rows or none, so every method averages over the same images.
        row.forEach((m, r) -> byMethod.get(m).add(r));
        rowDeltas.forEach((m, d) -> worstDeltas.merge(m, d, Math::max));
      } catch (AttribException e) {
        problems.add("input " + (i + 1) + " (" + input + "): " + e.getMessage());
      }
    }
    int done = byMethod.values().iterator().next().size();
    if (done == 0) {
      throw new AttribException(
          "no image could be evaluated; the first problem: " + problems.get(0));
    }
    String table = table(byMethod, eval);
    byte[] png = null;
    if (plot) {
      Map<String, List<ImageEval.Result>> shown = new LinkedHashMap<>(byMethod);
      List<ImageEval.Result> random = shown.remove("random");
      if (random == null) {
        // The plot always shows chance: each method's result carries its random curves.
        random = new ArrayList<>();
        for (ImageEval.Result r : byMethod.values().iterator().next()) {
          random.add(
              new ImageEval.Result(
                  r.input(), r.targetIndex(), r.targetLabel(), r.random(), r.random(), List.of()));
        }
      }
      if (shown.isEmpty()) {
        throw new AttribException("--plot needs a method besides random");
      }
      png = ImageEval.meanPlot(shown, random);
    }
    Map<String, ImageEval.Summary> summaries = new LinkedHashMap<>();
    byMethod.forEach((m, results) -> summaries.put(m, ImageEval.summarize(results)));
    return new Outcome(table, png, problems, summaries, worstDeltas);
  }

  static String table(Map<String, List<ImageEval.Result>> byMethod, ImageEval.Settings eval) {
    double[] fractions = eval.keepFractions();
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%-18s %6s %13s %14s",
                "method",
                "images",
                "deletion AUC",
                "insertion AUC"));
    for (double f : fractions) {
      b.append(String.format(Locale.ROOT, " %9s", "kept " + pct(f)));
    }
    b.append('\n');
    for (Map.Entry<String, List<ImageEval.Result>> e : byMethod.entrySet()) {
      ImageEval.Summary s = ImageEval.summarize(e.getValue());
      b.append(
          String.format(
              Locale.ROOT,
              "%-18s %6d %13.4f %14.4f",
              Terminal.oneLine(e.getKey()),
              s.inputs(),
              s.deletionAuc(),
              s.insertionAuc()));
      for (double a : s.keepAccuracy()) {
        b.append(String.format(Locale.ROOT, " %9s", pct(a)));
      }
      b.append('\n');
    }
    PixelCurves.Settings c = eval.curves();
    b.append(
        String.format(
            Locale.ROOT,
            "deletion to %s, insertion into %s, %d points; lower deletion AUC and higher insertion"
                + " AUC mean a more faithful attribution%n",
            c.deletion().id(),
            c.insertion().id(),
            c.steps() + 1));
    if (fractions.length > 0) {
      b.append(
          String.format(
              Locale.ROOT,
              "kept k%%: share of images still given the same class with only the top k%% of"
                  + " pixels (the others %s)%n",
              eval.keepSubstrate().id()));
    }
    return b.toString();
  }

  private static String pct(double f) {
    double p = 100 * f;
    return p == Math.rint(p)
        ? String.format(Locale.ROOT, "%.0f%%", p)
        : String.format(Locale.ROOT, "%.1f%%", p);
  }

  /** The keep-top fractions from percentages, each in (0, 100]. */
  static double[] fractions(List<Double> percents) {
    if (percents == null) {
      return KeepTop.DEFAULT_FRACTIONS;
    }
    double[] f = new double[percents.size()];
    for (int i = 0; i < f.length; i++) {
      double p = percents.get(i);
      if (!(p > 0 && p <= 100)) {
        throw new AttribException("--keep takes percentages in (0, 100], not " + p);
      }
      f[i] = p / 100;
    }
    return f;
  }
}
