package dev.attrib.ig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import dev.attrib.internal.ModelFunction;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link IntegratedGradients#attributeEach}: several examples' points in shared batches give each
 * example what {@link IntegratedGradients#attribute} gives it alone, whatever the batch size, the
 * targets, the examples' lengths and their fixed inputs.
 */
class GroupedAttributionTest {

  /**
   * Three outputs of a masked sequence {@code x [B, L]} ({@code mask [B, L]} int64, fixed): smooth
   * and different enough that each class has its own gradient, and the mask really matters.
   */
  static final ModelFunction MASKED =
      in -> {
        NDArray x = in.get(0);
        NDArray m = in.get(1).toType(x.getDataType(), false);
        NDArray c0 = x.tanh().mul(m).sum(new int[] {1});
        NDArray c1 = x.square().mul(m).sum(new int[] {1}).mul(x.getManager().create(0.3f));
        NDArray c2 = x.mul(x.getManager().create(2f)).sin().mul(m).sum(new int[] {1});
        return NDArrays.stack(new NDList(c0, c1, c2), 1);
      };

  private static Example example(Random r, int length, int samples) {
    float[] x = new float[length];
    long[] mask = new long[length];
    for (int i = 0; i < length; i++) {
      x[i] = (float) (r.nextGaussian() * 1.2);
      mask[i] = r.nextInt(5) == 0 ? 0 : 1;
    }
    List<List<Tensor>> baselines = new ArrayList<>();
    for (int s = 0; s < samples; s++) {
      float[] b = new float[length];
      for (int i = 0; i < length; i++) {
        b[i] = (float) (r.nextGaussian() * 0.3);
      }
      baselines.add(List.of(Tensor.of(b, length)));
    }
    return new Example(
        List.of(
            NamedTensor.attributable("x", Tensor.of(x, length)),
            NamedTensor.fixed("mask", Tensor.ofLongs(mask, length))),
        baselines);
  }

  /** Max |a - b| over max |b|: float round-off of another batch composition is about 1e-7. */
  private static double relDiff(Attribution a, Attribution b) {
    float[] x = a.scores().get(0).floats();
    float[] y = b.scores().get(0).floats();
    assertEquals(y.length, x.length);
    double max = 0;
    double diff = 0;
    for (int i = 0; i < x.length; i++) {
      max = Math.max(max, Math.abs(y[i]));
      diff = Math.max(diff, Math.abs(x[i] - y[i]));
    }
    return diff / max;
  }

  private static void assertSame(Attribution alone, Attribution together) {
    assertTrue(relDiff(together, alone) < 1e-5, () -> relDiff(together, alone) + " " + together);
    assertEquals(alone.targetIndex(), together.targetIndex());
    assertEquals(alone.target(), together.target());
    assertEquals(alone.output(), together.output(), 1e-6 * Math.max(1, Math.abs(alone.output())));
    assertEquals(
        alone.completeness().baselineOutput(), together.completeness().baselineOutput(), 1e-5);
    assertEquals(alone.completeness().sum(), together.completeness().sum(), 1e-5);
    assertEquals(alone.settings().steps(), together.settings().steps());
    assertEquals(alone.settings().converged(), together.settings().converged());
    assertEquals(alone.settings().baselineSamples(), together.settings().baselineSamples());
  }

  /** Lengths 5, 5, 8, 5, 3, 8, ...: groups of one length interleaved with others, one alone. */
  private static List<Example> examples(int count, int samples) {
    Random r = new Random(17);
    int[] lengths = {5, 5, 8, 5, 3, 8, 8, 5, 11, 5};
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(example(r, lengths[i % lengths.length], samples));
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 13, 64, 1000})
  void predictedTargetsEqualEachAloneForAnyBatchSize(int batch) {
    List<Example> all = examples(10, 1);
    IntegratedGradients ig = IntegratedGradients.builder().steps(20).batchSize(batch).build();
    Target t = Target.predicted(Activation.SOFTMAX);
    List<Attribution> together = ig.attributeAll(MASKED, all, t);
    java.util.Set<Integer> classes = new java.util.HashSet<>();
    for (int i = 0; i < all.size(); i++) {
      Attribution alone = ig.attribute(MASKED, all.get(i), t);
      assertSame(alone, together.get(i));
      classes.add(alone.targetIndex());
      // The class resolved on x's row inside a gradient batch is the argmax of a plain forward.
      double[] out =
          ModelOutputs.at(MASKED, new Example(all.get(i).inputs(), List.of()), Activation.SOFTMAX);
      int best = 0;
      for (int c = 1; c < out.length; c++) {
        best = out[c] > out[best] ? c : best;
      }
      assertEquals(best, alone.targetIndex());
      assertEquals(out[best], alone.output(), 1e-5);
    }
    // The examples predict different classes, so batches mix targets (the gather path).
    assertTrue(classes.size() > 1, classes::toString);
  }

  @Test
  void eachExampleKeepsItsOwnTargetAndBaselines() {
    List<Example> all = examples(9, 2);
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      targets.add(Target.index(i % 3));
    }
    IntegratedGradients ig = IntegratedGradients.builder().steps(16).batchSize(10).build();
    List<Attribution> together = ig.attributeEach(MASKED, all, targets);
    for (int i = 0; i < all.size(); i++) {
      Attribution alone = ig.attribute(MASKED, all.get(i), targets.get(i));
      assertSame(alone, together.get(i));
      assertEquals(i % 3, together.get(i).targetIndex());
      assertEquals(2, together.get(i).settings().baselineSamples());
      assertTrue(together.get(i).completeness().holds(0.01), together.get(i)::toString);
    }
  }

  @Test
  void aTargetThatIsNotAClassIsScoredPerExample() {
    // A function of the whole output: neither one shared selection nor a gather of classes.
    List<Example> all = examples(6, 1);
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      int c = i % 3;
      targets.add(
          i % 2 == 0
              ? dev.attrib.internal.Targets.of(
                  "sum", out -> out.sum(new int[] {1}).mul(out.getManager().create(0.5f)))
              : Target.index(c).on(Activation.SIGMOID));
    }
    IntegratedGradients ig = IntegratedGradients.builder().steps(12).batchSize(9).build();
    List<Attribution> together = ig.attributeEach(MASKED, all, targets);
    for (int i = 0; i < all.size(); i++) {
      assertSame(ig.attribute(MASKED, all.get(i), targets.get(i)), together.get(i));
    }
  }

  @Test
  void largeGroupsAreSplitSoTheirJavaArraysStayBounded() {
    // Four examples of length 5 with one baseline: 5 x 20 bytes each; a bound of 200 bytes lets
    // two share a stream, so 4 become 2 + 2: batches of 2 x (20 steps + 2 rows), not 4 x 22. The
    // batch size reported is the path's, as for one example: the first example's 2 rows for F(x)
    // and F(x') ride on top of it (42 + 2 rows, not 86 + 2).
    Random r = new Random(5);
    List<Example> all = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      all.add(example(r, 5, 1));
    }
    IntegratedGradients ig = IntegratedGradients.builder().steps(20).batchSize(1000).build();
    List<Target> t = java.util.Collections.nCopies(4, Target.index(1));
    List<Attribution> split = ig.attributeEach(MASKED, all, t, 200);
    List<Attribution> whole = ig.attributeEach(MASKED, all, t);
    for (int i = 0; i < 4; i++) {
      assertEquals(42, split.get(i).settings().batchSize());
      assertEquals(86, whole.get(i).settings().batchSize());
      assertSame(ig.attribute(MASKED, all.get(i), t.get(i)), split.get(i));
      assertSame(ig.attribute(MASKED, all.get(i), t.get(i)), whole.get(i));
    }
  }

  @Test
  void adaptiveStepsGoOnOnlyForTheExamplesThatNeedThem() {
    List<Example> all = examples(10, 1);
    IntegratedGradients ig =
        IntegratedGradients.builder()
            .steps(2)
            .quadrature(Quadrature.RIEMANN_LEFT)
            .tolerance(0.02)
            .maxSteps(256)
            .batchSize(40)
            .build();
    Target t = Target.predicted(Activation.NONE);
    List<Attribution> together = ig.attributeAll(MASKED, all, t);
    java.util.Set<Integer> steps = new java.util.HashSet<>();
    for (int i = 0; i < all.size(); i++) {
      Attribution alone = ig.attribute(MASKED, all.get(i), t);
      assertSame(alone, together.get(i));
      steps.add(together.get(i).settings().steps());
    }
    assertTrue(steps.size() > 1, () -> "every example took the same steps: " + steps);
  }

  @Test
  void float64ModelsAgreeBelowFloat32RoundOff() {
    // In float64 the only difference left is the order of float32 casts, which is the same.
    ModelFunction f64 =
        new ModelFunction() {
          @Override
          public NDArray forward(NDList in) {
            return MASKED.forward(in);
          }

          @Override
          public DataType dataType() {
            return DataType.FLOAT64;
          }
        };
    List<Example> all = examples(8, 1);
    IntegratedGradients ig = IntegratedGradients.builder().steps(24).batchSize(30).build();
    Target t = Target.predicted(Activation.NONE);
    List<Attribution> together = ig.attributeAll(f64, all, t);
    for (int i = 0; i < all.size(); i++) {
      assertTrue(relDiff(together.get(i), ig.attribute(f64, all.get(i), t)) < 1e-7);
    }
  }
}
