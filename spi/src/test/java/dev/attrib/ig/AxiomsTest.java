package dev.attrib.ig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import dev.attrib.internal.ModelFunction;
import dev.attrib.spi.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The axioms of the IG paper, on the paper's own analytic examples. */
class AxiomsTest {

  private static float[] scores(Attribution a) {
    return a.scores().get(0).floats();
  }

  private static NDArray relu(NDArray x) {
    // The engine's relu: DJL's Number-argument ops free their scalar before backward.
    return ai.djl.nn.Activation.relu(x);
  }

  /** A constant on the inputs' manager, alive until the core closes the scope. */
  private static NDArray konst(ai.djl.ndarray.NDList in, float v) {
    return in.head().getManager().create(v);
  }

  /** Column {@code i} of a [B, n] batch as [B, 1]. */
  private static NDArray col(NDArray x, int i) {
    return x.get(":, " + i + ":" + (i + 1));
  }

  @Test
  void sensitivityGradientIsZeroButIgIsOne() {
    // F(x) = 1 - ReLU(1 - x): flat for x >= 1, so the gradient at x = 2 is 0, yet F(2) - F(0) = 1.
    ModelFunction f = in -> relu(in.head().neg().add(1f)).neg().add(1f);
    Example ex = Example.of(Tensor.of(new float[] {2f}, 1));
    Attribution grad = new Saliency(false).attribute(f, ex, Target.index(0));
    assertEquals(0f, scores(grad)[0], 0f);
    Attribution ig =
        IntegratedGradients.builder()
            .steps(200)
            .quadrature(Quadrature.RIEMANN_MIDDLE)
            .build()
            .attribute(f, ex, Target.index(0));
    assertEquals(1.0, scores(ig)[0], 1e-6);
    assertEquals(1.0, ig.completeness().output() - ig.completeness().baselineOutput(), 1e-6);
  }

  @Test
  void implementationInvariance() {
    // f = ReLU(h), h = ReLU(x1) - 1 - ReLU(x2); g = ReLU(k), k = ReLU(x1 - 1) - ReLU(x2):
    // the same function, different networks. IG at (3, 1) must be (1.5, -0.5) for both.
    ModelFunction f =
        in -> {
          NDArray x = in.head();
          return relu(relu(col(x, 0)).sub(1f).sub(relu(col(x, 1))));
        };
    ModelFunction g =
        in -> {
          NDArray x = in.head();
          return relu(relu(col(x, 0).sub(1f)).sub(relu(col(x, 1))));
        };
    Example ex = Example.of(Tensor.of(new float[] {3f, 1f}, 2));
    // Kinks at a = 1/3 and 2/3: an even midpoint grid never lands on them.
    IntegratedGradients ig =
        IntegratedGradients.builder().steps(3000).quadrature(Quadrature.RIEMANN_MIDDLE).build();
    float[] af = scores(ig.attribute(f, ex, Target.index(0)));
    float[] ag = scores(ig.attribute(g, ex, Target.index(0)));
    assertArrayEquals(new float[] {1.5f, -0.5f}, af, 1e-3f);
    assertArrayEquals(af, ag, 1e-6f);
  }

  @Test
  void dummyFeatureGetsExactlyZero() {
    ModelFunction f =
        in -> col(in.head(), 0).tanh().mul(konst(in, 3f)).add(col(in.head(), 2).square());
    Attribution a =
        IntegratedGradients.builder()
            .build()
            .attribute(f, Example.of(Tensor.of(new float[] {0.7f, 5f, -1.2f}, 3)), Target.index(0));
    assertEquals(0f, scores(a)[1], 0f);
  }

  @Test
  void linearity() {
    ModelFunction f1 = in -> col(in.head(), 0).mul(col(in.head(), 1)).tanh();
    ModelFunction f2 =
        in -> col(in.head(), 1).exp().sub(col(in.head(), 0).square().mul(col(in.head(), 0)));
    double c = 2.5;
    double d = -0.75;
    ModelFunction h =
        in ->
            f1.forward(in).mul(konst(in, (float) c)).add(f2.forward(in).mul(konst(in, (float) d)));
    Example ex = Example.of(Tensor.of(new float[] {0.8f, -0.4f}, 2));
    IntegratedGradients ig = IntegratedGradients.builder().steps(32).build();
    float[] a1 = scores(ig.attribute(f1, ex, Target.index(0)));
    float[] a2 = scores(ig.attribute(f2, ex, Target.index(0)));
    float[] ah = scores(ig.attribute(h, ex, Target.index(0)));
    for (int i = 0; i < 2; i++) {
      assertEquals(c * a1[i] + d * a2[i], ah[i], 1e-5);
    }
  }

  @Test
  void symmetryOfSigmoidSum() {
    ModelFunction f = in -> ai.djl.nn.Activation.sigmoid(col(in.head(), 0).add(col(in.head(), 1)));
    Attribution a =
        IntegratedGradients.builder()
            .build()
            .attribute(f, Example.of(Tensor.of(new float[] {1f, 1f}, 2)), Target.index(0));
    float[] s = scores(a);
    assertEquals(s[0], s[1], 1e-7);
    // Shares add up to sigmoid(2) - sigmoid(0).
    assertEquals(1 / (1 + Math.exp(-2)) - 0.5, s[0] + s[1], 1e-5);
  }

  @Test
  void minGivesAllToTheSmallerInput() {
    // min(x1, x2) at (1, 3): along the path a*(1, 3) x1 is always the smaller, so IG = (1, 0).
    ModelFunction f = in -> col(in.head(), 0).minimum(col(in.head(), 1));
    Attribution a =
        IntegratedGradients.builder()
            .build()
            .attribute(f, Example.of(Tensor.of(new float[] {1f, 3f}, 2)), Target.index(0));
    assertArrayEquals(new float[] {1f, 0f}, scores(a), 1e-6f);
  }

  @ParameterizedTest
  @EnumSource(Quadrature.class)
  void zeroAttributionAtTheBaseline(Quadrature q) {
    ModelFunction f = in -> col(in.head(), 0).mul(col(in.head(), 1)).sin();
    Tensor x = Tensor.of(new float[] {0.3f, -2f}, 2);
    Attribution a =
        IntegratedGradients.builder()
            .quadrature(q)
            .steps(8)
            .build()
            .attribute(f, Example.of(x).withBaseline(x), Target.index(0));
    assertArrayEquals(new float[] {0f, 0f}, scores(a), 0f);
    assertEquals(0.0, a.completeness().relativeDelta(), 0.0);
  }
}
