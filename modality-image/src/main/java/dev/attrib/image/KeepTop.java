package dev.attrib.image;

import dev.attrib.ig.Activation;
import dev.attrib.ig.Example;
import dev.attrib.ig.Faithfulness;
import dev.attrib.ig.Model;
import dev.attrib.ig.ModelOutputs;
import dev.attrib.spi.AttribException;
import java.util.ArrayList;
import java.util.List;

/**
 * "Keep only the top k% pixels: is the image still classified correctly?" Every other pixel becomes
 * the substrate (black or blurred), and the model classifies what is left. An attribution that
 * finds the evidence keeps the class with few pixels.
 *
 * <pre>{@code
 * List<KeepTop.Result> r = KeepTop.test(model, encoded, scores, predictedClass, Activation.SOFTMAX,
 *     new double[] {0.05, 0.1, 0.2, 0.5}, PixelCurves.Substrate.BLACK);
 * r.get(1).correct();   // still the same class with 10% of the pixels?
 * }</pre>
 *
 * <p>Contract: one result per fraction, in the order given; the kept pixels are the top {@code
 * round(fraction × pixels)} by score ({@link Faithfulness#ranking}); "correct" means the argmax of
 * the output is {@code expectedClass} (the original prediction, or a known true label).
 */
public final class KeepTop {
  private KeepTop() {}

  /** The fractions tested by default. */
  public static final double[] DEFAULT_FRACTIONS = {0.05, 0.1, 0.2, 0.5};

  /**
   * One fraction's outcome.
   *
   * @param fraction share of pixels kept, as asked
   * @param keptPixels how many were kept
   * @param predicted the class the model gives the reduced image
   * @param expectedScore the score of {@code expectedClass} after the activation
   * @param correct whether {@code predicted} is the expected class
   */
  public record Result(
      double fraction, int keptPixels, int predicted, double expectedScore, boolean correct) {}

  public static List<Result> test(
      Model model,
      ImageEncoding encoded,
      double[] pixelScores,
      int expectedClass,
      Activation activation,
      double[] fractions,
      PixelCurves.Substrate substrate) {
    Pixels x = PixelBaselines.scaled(encoded);
    ImageSpec spec = PixelBaselines.spec(encoded);
    if (pixelScores.length != x.pixelCount()) {
      throw new AttribException(
          "need one score per pixel (" + x.pixelCount() + "), have " + pixelScores.length);
    }
    Pixels sub = PixelCurves.substrate(substrate, x, spec, 0);
    int[] order = Faithfulness.ranking(pixelScores);
    Example example = new Example(encoded.tensors(), List.of());
    List<Result> out = new ArrayList<>();
    for (double f : fractions) {
      if (!(f >= 0 && f <= 1)) {
        throw new AttribException("keep fraction must be in [0, 1], not " + f);
      }
      int k = (int) Math.round(f * x.pixelCount());
      Pixels kept = PixelCurves.mix(sub, x, order, k);
      double[] o = ModelOutputs.at(model, PixelCurves.with(example, kept, spec), activation);
      if (expectedClass < 0 || expectedClass >= o.length) {
        throw new AttribException(
            "expected class "
                + expectedClass
                + " is out of range: the model has "
                + o.length
                + " outputs");
      }
      int best = 0;
      for (int i = 1; i < o.length; i++) {
        if (o[i] > o[best]) {
          best = i;
        }
      }
      out.add(new Result(f, k, best, o[expectedClass], best == expectedClass));
    }
    return out;
  }
}
