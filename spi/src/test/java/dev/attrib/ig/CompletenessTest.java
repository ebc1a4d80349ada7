package dev.attrib.ig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.attrib.internal.ModelFunction;
import dev.attrib.internal.TinyNets;
import dev.attrib.spi.Tensor;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Completeness on random small MLPs, for every quadrature rule. */
class CompletenessTest {

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (Quadrature q : Quadrature.values()) {
      for (boolean tanh : new boolean[] {true, false}) {
        for (long seed = 1; seed <= 3; seed++) {
          b.add(Arguments.of(q, tanh, seed));
        }
      }
    }
    return b.build();
  }

  static Tensor input(long seed, int n) {
    Random r = new Random(seed * 31 + 7);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (2 * r.nextGaussian());
    }
    return Tensor.of(v, n);
  }

  @ParameterizedTest(name = "{0} tanh={1} seed={2}")
  @MethodSource("cases")
  void attributionsAddUpToTheOutputDifference(Quadrature q, boolean tanh, long seed) {
    ModelFunction f = TinyNets.mlp(Device.cpu(), 5, 12, 3, tanh, true, seed);
    Example ex = Example.of(input(seed, 5));
    // ReLU networks are piecewise linear: the Riemann rules converge only at first order there, so
    // they need more steps than on the smooth network.
    int steps = q == Quadrature.GAUSS_LEGENDRE ? 64 : 400;
    Attribution a =
        IntegratedGradients.builder()
            .steps(steps)
            .quadrature(q)
            .build()
            .attribute(f, ex, Target.index((int) (seed % 3)));
    Completeness c = a.completeness();
    assertEquals(c.sum(), a.total(), 1e-9);
    assertTrue(c.holds(0.01), () -> q + " tanh=" + tanh + ": " + c);
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void gaussLegendreIsNearRoundOffWithSixteenStepsOnASmoothNetwork(long seed) {
    // Evaluated in float64, so the relative delta measures the quadrature error and not float32
    // round-off (about 1e-7 of |F|), which would otherwise dominate below 1e-6.
    ModelFunction f =
        TinyNets.mlp(
            Device.cpu(), 5, 12, 3, true, true, seed, ai.djl.ndarray.types.DataType.FLOAT64);
    Attribution a =
        IntegratedGradients.builder()
            .steps(16)
            .quadrature(Quadrature.GAUSS_LEGENDRE)
            .build()
            .attribute(f, Example.of(input(seed, 5)), Target.index(0));
    assertTrue(a.completeness().relativeDelta() < 1e-6, a.completeness()::toString);
    // A first-order rule with the same budget is far off: the test can tell rules apart.
    Attribution left =
        IntegratedGradients.builder()
            .steps(16)
            .quadrature(Quadrature.RIEMANN_LEFT)
            .build()
            .attribute(f, Example.of(input(seed, 5)), Target.index(0));
    assertTrue(left.completeness().relativeDelta() > 1e-4, left.completeness()::toString);
  }

  static Stream<Long> seeds() {
    return Stream.of(1L, 2L, 3L, 4L, 5L);
  }

  @org.junit.jupiter.api.Test
  void aBaselineScoringLikeTheInputIsFlaggedAndJudgedOnTheAbsoluteDelta() {
    // The shapes CNN's max-distance case: F(x) = 0.9936, F(x') = 0.9976, sum = -0.0012.
    Completeness c = Completeness.of(0.9936, 0.9976, -0.0012);
    assertTrue(c.smallBudget());
    assertEquals(0.7, c.relativeDelta(), 1e-9); // 0.0028 / 0.0040
    assertTrue(!c.holds(0.01) && c.absoluteHolds(0.01) && !c.absoluteHolds(0.001));
    // A neutral baseline: the budget is most of the output.
    Completeness n = Completeness.of(0.99, 0.25, 0.745);
    assertTrue(!n.smallBudget() && n.holds(0.01));
    // Either side of 5% of max(|F(x)|, |F(x')|); the sign of the difference does not matter.
    assertTrue(!Completeness.of(-1.0, -0.94, -0.06).smallBudget());
    assertTrue(Completeness.of(-1.0, -0.96, -0.04).smallBudget());
  }
}
