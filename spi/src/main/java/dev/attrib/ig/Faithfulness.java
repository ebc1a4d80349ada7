package dev.attrib.ig;

import dev.attrib.spi.AttribException;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Building blocks of the objective quality metrics (deletion/insertion curves, ERASER
 * comprehensiveness and sufficiency, AOPC): rank units, score many perturbed copies of one input in
 * batches, and integrate a curve. The modalities decide what "removing a unit" means.
 *
 * <pre>{@code
 * int[] order = Faithfulness.ranking(unitScores);          // most positive first
 * double[] curve = Faithfulness.scores(model, perturbed, target, 64);
 * double area = Faithfulness.auc(curve);
 * }</pre>
 */
public final class Faithfulness {
  private Faithfulness() {}

  /** Unit indices by descending score; ties keep the lower index first (deterministic). */
  public static int[] ranking(double[] scores) {
    Integer[] idx = new Integer[scores.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(
        idx,
        Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(Integer::intValue));
    return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
  }

  /**
   * The target score at each example's input, batched. All examples must be perturbed copies of one
   * input: same tensor shapes and the same fixed inputs (masks), only attributable values differ.
   * The target is resolved per example, so pass a fixed class (not "predicted").
   */
  public static double[] scores(Model model, List<Example> examples, Target target, int batchSize) {
    if (examples.isEmpty()) {
      return new double[0];
    }
    Example first = examples.get(0);
    PathEvaluator ev = new PathEvaluator(model, first);
    List<float[][]> points = new ArrayList<>(examples.size());
    for (Example e : examples) {
      checkSameFixed(first, e);
      List<NamedTensor> att = e.attributable();
      float[][] p = new float[att.size()][];
      for (int i = 0; i < p.length; i++) {
        p[i] = att.get(i).value().floats();
      }
      points.add(p);
    }
    Target resolved = ev.resolve(target).target();
    return ev.scores(points, resolved, Math.max(1, batchSize));
  }

  private static void checkSameFixed(Example a, Example b) {
    if (a.inputs().size() != b.inputs().size()) {
      throw new AttribException("perturbed examples must have the same inputs");
    }
    for (int i = 0; i < a.inputs().size(); i++) {
      NamedTensor x = a.inputs().get(i);
      NamedTensor y = b.inputs().get(i);
      if (x.attributable() != y.attributable()
          || !Arrays.equals(x.value().shape(), y.value().shape())
          || (!x.attributable() && !x.value().equals(y.value()))) {
        throw new AttribException(
            "perturbed examples must share shapes and fixed inputs; '" + x.name() + "' differs");
      }
    }
  }

  /** Area under a curve sampled at equally spaced points of [0, 1], by the trapezoid rule. */
  public static double auc(double[] ys) {
    if (ys.length < 2) {
      throw new AttribException("a curve needs at least two points");
    }
    double s = 0;
    for (int i = 1; i < ys.length; i++) {
      s += (ys[i - 1] + ys[i]) / 2;
    }
    return s / (ys.length - 1);
  }

  /** Mean of the values (AOPC over the removal fractions asked for). */
  public static double mean(double[] ys) {
    double s = 0;
    for (double y : ys) {
      s += y;
    }
    return ys.length == 0 ? 0 : s / ys.length;
  }

  /** A copy of {@code example} whose attributable tensor {@code which} is replaced. */
  public static Example replace(Example example, int which, Tensor value) {
    List<NamedTensor> in = new ArrayList<>(example.inputs());
    int seen = -1;
    for (int i = 0; i < in.size(); i++) {
      if (in.get(i).attributable() && ++seen == which) {
        in.set(i, new NamedTensor(in.get(i).name(), value, true));
        return new Example(in, example.baselines());
      }
    }
    throw new AttribException("no attributable input number " + which);
  }
}
