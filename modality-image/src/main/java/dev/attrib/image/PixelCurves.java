package dev.attrib.image;

import dev.attrib.ig.Activation;
import dev.attrib.ig.Example;
import dev.attrib.ig.Faithfulness;
import dev.attrib.ig.Model;
import dev.attrib.ig.ModelOutputs;
import dev.attrib.ig.Target;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Options;
import dev.attrib.spi.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Deletion and insertion curves (Petsiuk, Das & Saenko, "RISE", BMVC 2018): the objective test of
 * an image attribution. Pixels are ordered by their score, most positive first. <b>Deletion</b>
 * replaces them, in that order, by a substrate (black, or a blurred copy of the image) and tracks
 * the target's score: a good attribution makes it fall fast, so a <em>low</em> area under the curve
 * is better. <b>Insertion</b> starts from the substrate and puts the image's pixels back in that
 * order: the score should rise fast, a <em>high</em> area is better. A random order is the
 * yardstick ({@link #randomScores}).
 *
 * <pre>{@code
 * Target t = Target.index(k).on(Activation.SOFTMAX);
 * PixelCurves.Curves ig = PixelCurves.measure(model, encoded, explanation.units().scores(), t,
 *     PixelCurves.Settings.defaults());
 * PixelCurves.Curves random = PixelCurves.measure(model, encoded,
 *     PixelCurves.randomScores(encoded.units().size(), 1), t, PixelCurves.Settings.defaults());
 * boolean better = ig.deletion().auc() < random.deletion().auc();
 * }</pre>
 *
 * <p>Contract: a curve has {@code steps + 1} points at the pixel fractions {@code i / steps}
 * (rounded to whole pixels); the first deletion point is the intact image and the last the
 * substrate, and the other way round for insertion. All channels of a pixel go together. The target
 * should be a fixed class; {@link Target#predicted} is resolved on the intact image first. The AUC
 * is the trapezoid rule over [0, 1] ({@link Faithfulness#auc}).
 */
public final class PixelCurves {
  private PixelCurves() {}

  /** What removed pixels become. */
  public enum Substrate {
    /** Zero in scaled pixel space (RISE's deletion substrate). */
    BLACK("black"),
    /** A Gaussian blur of the image (RISE's insertion substrate): removes shape, keeps colour. */
    BLUR("blur");

    private final String id;

    Substrate(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public static Substrate forName(String name) {
      for (Substrate s : values()) {
        if (s.id.equals(name.toLowerCase(Locale.ROOT))) {
          return s;
        }
      }
      throw new AttribException("unknown substrate '" + name + "'; available: black, blur");
    }
  }

  /**
   * How the curves are made.
   *
   * @param deletion substrate pixels are deleted to (default black)
   * @param insertion substrate pixels are inserted into (default blur)
   * @param steps curve segments (default 32: points at 0, 1/32, ..., 1 of the pixels)
   * @param blurSigma blur in pixels, or 0 for {@link PixelBaselines#defaultBlurSigma}
   * @param batchSize perturbed images per forward pass (default 64)
   */
  public record Settings(
      Substrate deletion, Substrate insertion, int steps, double blurSigma, int batchSize) {
    public Settings {
      if (steps < 1 || steps > 100_000) {
        throw new AttribException("curve steps must be from 1 to 100000, not " + steps);
      }
      if (!(blurSigma >= 0)) {
        throw new AttribException("blur sigma must not be negative, not " + blurSigma);
      }
      if (batchSize < 1) {
        throw new AttribException("batch size must be at least 1, not " + batchSize);
      }
    }

    public static Settings defaults() {
      return new Settings(Substrate.BLACK, Substrate.BLUR, 32, 0, 64);
    }

    /** The same substrate for both curves. */
    public Settings withSubstrate(Substrate s) {
      return new Settings(s, s, steps, blurSigma, batchSize);
    }

    public Settings withSteps(int n) {
      return new Settings(deletion, insertion, n, blurSigma, batchSize);
    }
  }

  /**
   * One curve.
   *
   * @param kind {@code deletion} or {@code insertion}
   * @param substrate what removed pixels became
   * @param fractions share of pixels changed at each point, 0 to 1
   * @param scores the target score at each point
   * @param auc area under the curve over [0, 1]
   */
  public record Curve(
      String kind, Substrate substrate, double[] fractions, double[] scores, double auc) {
    public Curve {
      fractions = fractions.clone();
      scores = scores.clone();
    }

    @Override
    public double[] fractions() {
      return fractions.clone();
    }

    @Override
    public double[] scores() {
      return scores.clone();
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%s to %s: AUC %.4f over %d points",
          kind,
          substrate.id(),
          auc,
          scores.length);
    }
  }

  /** Deletion and insertion curves of one pixel order. */
  public record Curves(Curve deletion, Curve insertion) {}

  /** Both curves for the pixel order of {@code pixelScores} (one score per pixel). */
  public static Curves measure(
      Model model, ImageEncoding encoded, double[] pixelScores, Target target, Settings s) {
    Pixels x = PixelBaselines.scaled(encoded);
    ImageSpec spec = PixelBaselines.spec(encoded);
    if (pixelScores.length != x.pixelCount()) {
      throw new AttribException(
          "need one score per pixel ("
              + x.pixelCount()
              + ") for '"
              + encoded.input()
              + "', have "
              + pixelScores.length);
    }
    Example example = new Example(encoded.tensors(), List.of());
    Target fixed = fixed(model, example, target);
    int[] order = Faithfulness.ranking(pixelScores);
    Pixels del = substrate(s.deletion(), x, spec, s.blurSigma());
    Pixels ins =
        s.insertion() == s.deletion() ? del : substrate(s.insertion(), x, spec, s.blurSigma());
    Curve d = curve("deletion", s.deletion(), model, example, spec, order, x, del, fixed, s);
    Curve i = curve("insertion", s.insertion(), model, example, spec, order, ins, x, fixed, s);
    return new Curves(d, i);
  }

  /** Scores of a random pixel order (a seeded permutation), the curves' yardstick. */
  public static double[] randomScores(int pixels, long seed) {
    Random r = new Random(seed);
    double[] s = new double[pixels];
    for (int i = 0; i < pixels; i++) {
      s[i] = r.nextDouble();
    }
    return s;
  }

  /** The substrate picture in scaled space. */
  public static Pixels substrate(Substrate s, Pixels x, ImageSpec spec, double blurSigma) {
    return switch (s) {
      case BLACK ->
          PixelBaselines.build(PixelBaselines.Kind.BLACK, x, spec.max(), Options.NONE, null);
      case BLUR ->
          PixelBaselines.blur(x, blurSigma > 0 ? blurSigma : PixelBaselines.defaultBlurSigma(x));
    };
  }

  /**
   * {@code from} with its first {@code k} pixels of {@code order} (all channels) taken from {@code
   * to}.
   */
  static Pixels mix(Pixels from, Pixels to, int[] order, int k) {
    float[] a = from.data();
    float[] b = to.data();
    int plane = from.pixelCount();
    for (int j = 0; j < k; j++) {
      int p = order[j];
      for (int c = 0; c < from.channels(); c++) {
        a[c * plane + p] = b[c * plane + p];
      }
    }
    return new Pixels(from.channels(), from.height(), from.width(), a);
  }

  /** Resolves "the predicted class" on the intact image, so every point explains the same class. */
  static Target fixed(Model model, Example example, Target target) {
    if (target instanceof Target.PredictedTarget p) {
      double[] out = ModelOutputs.at(model, example, Activation.NONE);
      int best = 0;
      for (int i = 1; i < out.length; i++) {
        if (out[i] > out[best]) {
          best = i;
        }
      }
      return Target.index(best).on(p.activation());
    }
    return target;
  }

  static Example with(Example example, Pixels p, ImageSpec spec) {
    return Faithfulness.replace(
        example,
        0,
        Tensor.of(
            spec.normalize(p.data(), p.height(), p.width()), p.channels(), p.height(), p.width()));
  }

  private static Curve curve(
      String kind,
      Substrate substrate,
      Model model,
      Example example,
      ImageSpec spec,
      int[] order,
      Pixels start,
      Pixels end,
      Target target,
      Settings s) {
    int n = order.length;
    double[] fractions = new double[s.steps() + 1];
    List<Example> points = new ArrayList<>(fractions.length);
    for (int i = 0; i <= s.steps(); i++) {
      int k = (int) Math.round((double) i * n / s.steps());
      fractions[i] = (double) k / n;
      points.add(with(example, mix(start, end, order, k), spec));
    }
    double[] scores = Faithfulness.scores(model, points, target, s.batchSize());
    return new Curve(kind, substrate, fractions, scores, Faithfulness.auc(scores));
  }
}
