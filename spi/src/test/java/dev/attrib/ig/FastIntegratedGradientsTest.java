package dev.attrib.ig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.attrib.internal.ModelFunction;
import dev.attrib.internal.TinyNets;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FastIntegratedGradientsTest {

  /**
   * A bias-free ReLU network with a 2-D convolution and max-pooling: homogeneous of degree 1. The
   * network of the engine fault (see {@link EngineCheckTest}).
   */
  static ModelFunction convXdnn(long seed) {
    return TinyNets.convNet(Device.cpu(), 1, 4, 8, 2, false, seed);
  }

  static Tensor image(long seed) {
    return Tensor.of(SelfCheck.uniformInput(64, seed), 1, 8, 8);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void fastIgEqualsManyStepIgOnABiasFreeReluNetwork(long seed) {
    ModelFunction f = TinyNets.mlp(Device.cpu(), 6, 16, 3, false, false, seed);
    Tensor x = CompletenessTest.input(seed, 6);
    assertFastEqualsSlow(f, Example.of(x), 1e-5);
  }

  @Test
  void fastIgEqualsManyStepIgOnABiasFreeConvNet() {
    assertFastEqualsSlow(convXdnn(4), Example.of(image(4)), 1e-5);
  }

  private static void assertFastEqualsSlow(ModelFunction f, Example ex, double tol) {
    Attribution fast = FastIntegratedGradients.builder().build().attribute(f, ex, Target.index(1));
    Attribution slow =
        IntegratedGradients.builder().steps(128).build().attribute(f, ex, Target.index(1));
    double rel = SelfCheck.relativeDifference(fast, slow);
    assertTrue(rel <= tol, "relative difference " + rel);
    assertTrue(fast.completeness().holds(1e-5), fast.completeness()::toString);
    assertEquals(0.0, fast.completeness().baselineOutput(), 0.0);
    // Not vacuous: the attributions are not all zero.
    assertTrue(slow.scores().get(0).sum() != 0 || fast.output() == 0);
  }

  @Test
  void withoutTheCheckItGivesTheSameAttributionFromFewerRows() {
    Example ex = Example.of(image(5));
    Attribution checked =
        FastIntegratedGradients.builder().build().attribute(convXdnn(5), ex, Target.index(0));
    Attribution trusted =
        FastIntegratedGradients.builder()
            .homogeneityCheck(false)
            .build()
            .attribute(convXdnn(5), ex, Target.index(0));
    assertArrayEquals(checked.scores().get(0).floats(), trusted.scores().get(0).floats(), 0f);
    assertEquals(checked.completeness(), trusted.completeness());
    assertTrue(trusted.scores().get(0).sum() != 0);
  }

  /**
   * The check runs on a model's first call for an activation; from then on a call is the one
   * forward+backward of x, with the same attribution. A target with another activation is checked
   * again (a softmax is never homogeneous, whatever the network).
   */
  @Test
  void aModelThatPassedIsNotCheckedAgain() {
    ModelFunction f = convXdnn(6);
    long[] rows = {0};
    ModelFunction counted =
        in -> {
          rows[0] += in.get(0).getShape().get(0);
          return f.forward(in);
        };
    FastIntegratedGradients fast = FastIntegratedGradients.builder().build();
    Attribution first = fast.attribute(counted, Example.of(image(6)), Target.index(1));
    long firstRows = rows[0];
    rows[0] = 0;
    Attribution second = fast.attribute(counted, Example.of(image(6)), Target.index(1));
    assertEquals(1, rows[0], "only x's forward+backward");
    assertTrue(firstRows > 1 + Homogeneity.CHECK_SCALES.length - 1, "the first call checked");
    assertArrayEquals(first.scores().get(0).floats(), second.scores().get(0).floats(), 0f);
    assertEquals(first.completeness(), second.completeness());
    // Another image, still trusted: its completeness delta is the guard.
    Attribution other = fast.attribute(counted, Example.of(image(7)), Target.index(0));
    assertTrue(other.completeness().holds(1e-5), other.completeness()::toString);
    assertThrows(
        AttribException.class,
        () ->
            fast.attribute(counted, Example.of(image(6)), Target.index(1).on(Activation.SOFTMAX)));
  }

  @Test
  void withoutTheCheckABiasedNetworkIsNotRefusedButItsCompletenessShowsIt() {
    ModelFunction f = TinyNets.mlp(Device.cpu(), 6, 16, 3, false, true, 1);
    Attribution a =
        FastIntegratedGradients.builder()
            .homogeneityCheck(false)
            .build()
            .attribute(f, Example.of(CompletenessTest.input(1, 6)), Target.index(0));
    // F(0) is taken as 0 without a forward, so the delta is F(x) - x·∇F(x): the bias of the
    // linear piece x lies in, which a homogeneous network does not have.
    assertEquals(0.0, a.completeness().baselineOutput(), 0.0);
    assertTrue(!a.completeness().holds(1e-3), a.completeness()::toString);
    Attribution ig =
        IntegratedGradients.builder()
            .steps(128)
            .build()
            .attribute(f, Example.of(CompletenessTest.input(1, 6)), Target.index(0));
    assertTrue(SelfCheck.relativeDifference(a, ig) > 1e-3, "the attribution is wrong, as said");
  }

  @Test
  void refusesANetworkWithBiases() {
    ModelFunction f = TinyNets.mlp(Device.cpu(), 6, 16, 3, false, true, 1);
    AttribException e =
        assertThrows(
            AttribException.class,
            () ->
                FastIntegratedGradients.builder()
                    .build()
                    .attribute(f, Example.of(CompletenessTest.input(1, 6)), Target.index(0)));
    assertTrue(e.getMessage().contains("not nonnegatively homogeneous"), e.getMessage());
    assertTrue(e.getMessage().contains("--method ig"), e.getMessage());
  }

  @Test
  void refusesASoftmaxTargetEvenOnAnXdnn() {
    ModelFunction f = TinyNets.mlp(Device.cpu(), 6, 16, 3, false, false, 1);
    assertThrows(
        AttribException.class,
        () ->
            FastIntegratedGradients.builder()
                .build()
                .attribute(
                    f,
                    Example.of(CompletenessTest.input(1, 6)),
                    Target.index(0).on(Activation.SOFTMAX)));
  }

  @Test
  void refusesANonZeroBaseline() {
    ModelFunction f = TinyNets.mlp(Device.cpu(), 2, 4, 1, false, false, 1);
    Example ex =
        Example.of(Tensor.of(new float[] {1, 2}, 2)).withBaseline(Tensor.of(new float[] {0, 1}, 2));
    assertThrows(
        AttribException.class,
        () -> FastIntegratedGradients.builder().build().attribute(f, ex, Target.index(0)));
  }

  @Test
  void homogeneityPlotIsAStraightLineOnlyForTheXdnn() {
    Example ex = Example.of(CompletenessTest.input(2, 6));
    Homogeneity.Report x =
        Homogeneity.measure(
            TinyNets.mlp(Device.cpu(), 6, 16, 3, false, false, 2),
            ex,
            Target.index(0),
            Homogeneity.PLOT_SCALES);
    assertTrue(x.rSquared() > 0.999999 && x.homogeneous(1e-5), () -> "R2 " + x.rSquared());
    Homogeneity.Report twin =
        Homogeneity.measure(
            TinyNets.mlp(Device.cpu(), 6, 16, 3, false, true, 2),
            ex,
            Target.index(0),
            Homogeneity.PLOT_SCALES);
    assertTrue(!twin.homogeneous(1e-3), () -> "max rel " + twin.maxRelativeError());
    assertTrue(twin.rSquared() < 0.999, () -> "twin R2 " + twin.rSquared());
  }

  /** R² scores the homogeneous line a·F(x), not a fitted one: an affine ray is no X-DNN. */
  @Test
  void rSquaredIsThatOfTheLineThroughTheOrigin() {
    double[] a = Homogeneity.PLOT_SCALES;
    double[] onLine = new double[a.length];
    double[] affine = new double[a.length];
    double[] line = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      onLine[i] = 3 * a[i];
      affine[i] = 1 + 2 * a[i]; // F(x) = 3 at a = 1, but F(0) = 1
      line[i] = 3 * a[i];
    }
    assertEquals(1.0, Homogeneity.rSquared(onLine, line), 1e-12);
    // By hand: residuals 1 − a, Σ = 2.85; Σ(y − mean)² = 4 · 0.825 = 3.3.
    assertEquals(1 - 2.85 / 3.3, Homogeneity.rSquared(affine, line), 1e-12);
  }
}
