package dev.attrib.ig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.attrib.internal.ModelFunction;
import dev.attrib.internal.TinyNets;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Results must not depend on how points are batched or inputs grouped. */
class BatchingTest {
  private final ModelFunction f = TinyNets.mlp(Device.cpu(), 7, 20, 4, true, true, 9);
  private final Example ex = Example.of(CompletenessTest.input(3, 7));

  private float[] ig(IntegratedGradients.Builder b) {
    return b.build().attribute(f, ex, Target.index(2)).scores().get(0).floats();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7, 16, 50, 64})
  void internalBatchSizeDoesNotChangeTheResult(int batch) {
    float[] one = ig(IntegratedGradients.builder().steps(50).batchSize(50));
    float[] split = ig(IntegratedGradients.builder().steps(50).batchSize(batch));
    assertArrayEquals(one, split, 1e-6f);
    Attribution a =
        IntegratedGradients.builder()
            .steps(50)
            .batchSize(batch)
            .build()
            .attribute(f, ex, Target.index(2));
    assertEquals(Math.min(batch, 50), a.settings().batchSize());
  }

  @Test
  void memoryBudgetSetsTheBatchSize() {
    // With the fixed factor (the fallback where a point's footprint cannot be measured; the
    // measured one is MemoryProbeTest's), one point costs 7 floats x 32 + 4 outputs x 8 bytes =
    // 928 bytes: 4700 bytes fit 5 points, 3 path points beside the rows of F(x) and F(x').
    Attribution small =
        IntegratedGradients.builder()
            .steps(50)
            .memoryBudget(4700)
            .memoryProbe(new MemoryProbe(java.util.Optional.empty()))
            .build()
            .attribute(f, ex, Target.index(2));
    assertEquals(3, small.settings().batchSize());
    Attribution big =
        IntegratedGradients.builder().steps(50).build().attribute(f, ex, Target.index(2));
    assertEquals(50, big.settings().batchSize());
    assertArrayEquals(big.scores().get(0).floats(), small.scores().get(0).floats(), 1e-6f);
  }

  @Test
  void severalInputsTogetherEqualEachAlone() {
    List<Example> all = new ArrayList<>();
    for (long s = 1; s <= 4; s++) {
      all.add(Example.of(CompletenessTest.input(s, 7)));
    }
    IntegratedGradients ig = IntegratedGradients.builder().steps(32).build();
    List<Attribution> together = ig.attributeAll(f, all, Target.predicted(Activation.SOFTMAX));
    for (int i = 0; i < all.size(); i++) {
      Attribution alone = ig.attribute(f, all.get(i), Target.predicted(Activation.SOFTMAX));
      assertArrayEquals(
          alone.scores().get(0).floats(), together.get(i).scores().get(0).floats(), 1e-6f);
      assertEquals(alone.targetIndex(), together.get(i).targetIndex());
    }
  }

  @Test
  void severalAttributableInputsAndAFixedOneAreHandledTogether() {
    // F(a, m, b) = sum(tanh(a) * m) + sum(b^2): m is a fixed int64 mask.
    ModelFunction g =
        in -> {
          var a = in.get(0);
          var mask = in.get(1).toType(a.getDataType(), false);
          var b = in.get(2);
          return a.tanh()
              .mul(mask)
              .sum(new int[] {1})
              .add(b.square().sum(new int[] {1}))
              .reshape(-1, 1);
        };
    Example e =
        new Example(
            List.of(
                NamedTensor.attributable("a", Tensor.of(new float[] {0.5f, -1f, 2f}, 3)),
                NamedTensor.fixed("mask", Tensor.ofLongs(new long[] {1, 0, 1}, 3)),
                NamedTensor.attributable("b", Tensor.of(new float[] {1.5f, -0.5f}, 2))),
            List.of());
    Attribution at =
        IntegratedGradients.builder().steps(32).build().attribute(g, e, Target.index(0));
    assertEquals(List.of("a", "b"), at.names());
    float[] a = at.scores("a").floats();
    assertEquals(Math.tanh(0.5), a[0], 1e-6);
    assertEquals(0f, a[1], 0f); // masked: the function ignores it
    assertEquals(Math.tanh(2), a[2], 1e-6);
    assertArrayEquals(new float[] {2.25f, 0.25f}, at.scores("b").floats(), 1e-5f);
  }

  @Test
  void severalBaselinesAreAveraged() {
    Tensor b1 = Tensor.of(new float[] {0.1f, 0.2f, -0.3f, 0.4f, 0f, 1f, -1f}, 7);
    Tensor b2 = Tensor.of(new float[] {1f, -0.5f, 0.3f, 0f, 0.2f, 0f, 0.5f}, 7);
    IntegratedGradients ig = IntegratedGradients.builder().steps(24).build();
    float[] s1 = ig.attribute(f, ex.withBaseline(b1), Target.index(0)).scores().get(0).floats();
    float[] s2 = ig.attribute(f, ex.withBaseline(b2), Target.index(0)).scores().get(0).floats();
    Attribution both = ig.attribute(f, ex.withBaseline(b1).withBaseline(b2), Target.index(0));
    float[] s = both.scores().get(0).floats();
    for (int i = 0; i < s.length; i++) {
      assertEquals((s1[i] + s2[i]) / 2, s[i], 1e-6);
    }
    assertEquals(2, both.settings().baselineSamples());
    assertTrue(both.completeness().holds(1e-4), both.completeness()::toString);
  }

  @Test
  void adaptiveModeRaisesStepsUntilTheToleranceIsMet() {
    // ReLU network + left Riemann: first order, so 4 steps are far off and doubling helps.
    ModelFunction relu = TinyNets.mlp(Device.cpu(), 7, 20, 4, false, true, 9);
    Attribution fixed =
        IntegratedGradients.builder()
            .steps(4)
            .quadrature(Quadrature.RIEMANN_LEFT)
            .build()
            .attribute(relu, ex, Target.index(1));
    assertFalse(fixed.completeness().holds(0.002), fixed.completeness()::toString);
    Attribution adaptive =
        IntegratedGradients.builder()
            .steps(4)
            .quadrature(Quadrature.RIEMANN_LEFT)
            .tolerance(0.002)
            .maxSteps(4096)
            .build()
            .attribute(relu, ex, Target.index(1));
    assertTrue(adaptive.completeness().holds(0.002), adaptive.completeness()::toString);
    assertTrue(adaptive.settings().steps() > 4);
    assertEquals(Boolean.TRUE, adaptive.settings().converged());
    // The ceiling is honoured and reported as not converged.
    Attribution capped =
        IntegratedGradients.builder()
            .steps(2)
            .quadrature(Quadrature.RIEMANN_LEFT)
            .tolerance(1e-9)
            .maxSteps(16)
            .build()
            .attribute(relu, ex, Target.index(1));
    assertEquals(16, capped.settings().steps());
    assertEquals(Boolean.FALSE, capped.settings().converged());
  }
}
