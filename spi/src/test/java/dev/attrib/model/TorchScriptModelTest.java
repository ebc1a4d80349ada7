package dev.attrib.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.attrib.ig.Attribution;
import dev.attrib.ig.Example;
import dev.attrib.ig.IntegratedGradients;
import dev.attrib.ig.Quadrature;
import dev.attrib.ig.Saliency;
import dev.attrib.ig.Target;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed TorchScript test modules, loaded through {@link ModelLoader}, against the same
 * networks recomputed by hand in double precision from make_torchscript.py's weights.
 */
class TorchScriptModelTest {

  @TempDir static Path tmp;

  private static LoadedModel mlp;
  private static LoadedModel masked;

  private static final float[] X = {0.8f, -1.2f, 0.5f};

  @BeforeAll
  static void load() {
    mlp =
        ModelLoader.load(
            ModelFolders.torchScriptFolder(tmp, "mlp", "tanh_mlp.pt"), Set.of(), Device.cpu());
    masked =
        ModelLoader.load(
            ModelFolders.torchScriptFolder(tmp, "masked", "masked_sum.pt"), Set.of(), Device.cpu());
  }

  @AfterAll
  static void close() {
    if (mlp != null) {
      mlp.close();
    }
    if (masked != null) {
      masked.close();
    }
  }

  private static double[] toDouble(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  /** Central-difference gradient of the hand-computed tanh_mlp output {@code k}. */
  private static double[] finiteDifferenceGradient(double[] x, int k) {
    double h = 1e-5;
    double[] g = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      double[] up = x.clone();
      double[] down = x.clone();
      up[j] += h;
      down[j] -= h;
      g[j] = (ModelFolders.tanhMlp(up)[k] - ModelFolders.tanhMlp(down)[k]) / (2 * h);
    }
    return g;
  }

  /**
   * IG from the zero baseline by hand: composite Simpson over 400 intervals of the
   * finite-difference gradient along the straight path.
   */
  private static double[] handIntegratedGradients(double[] x, int k) {
    int n = 400;
    double[] acc = new double[x.length];
    for (int s = 0; s <= n; s++) {
      double a = (double) s / n;
      double w = (s == 0 || s == n) ? 1 : (s % 2 == 1 ? 4 : 2);
      double[] p = new double[x.length];
      for (int j = 0; j < x.length; j++) {
        p[j] = a * x[j];
      }
      double[] g = finiteDifferenceGradient(p, k);
      for (int j = 0; j < x.length; j++) {
        acc[j] += w * g[j];
      }
    }
    double[] ig = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      ig[j] = x[j] * acc[j] / (3.0 * n);
    }
    return ig;
  }

  @Test
  void forwardEqualsTheNetworkComputedByHand() {
    float[][] rows = {{0f, 0f, 0f}, {0.8f, -1.2f, 0.5f}, {-2f, 0.25f, 3f}};
    float[] flat = new float[9];
    for (int r = 0; r < 3; r++) {
      System.arraycopy(rows[r], 0, flat, 3 * r, 3);
    }
    float[] out;
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      NDArray y = mlp.function().forward(new NDList(m.create(flat, new Shape(3, 3))));
      assertEquals(new Shape(3, 2), y.getShape());
      out = y.toFloatArray();
    }
    for (int r = 0; r < 3; r++) {
      double[] want = ModelFolders.tanhMlp(toDouble(rows[r]));
      assertEquals(want[0], out[2 * r], 1e-6, "row " + r + " logit 0");
      assertEquals(want[1], out[2 * r + 1], 1e-6, "row " + r + " logit 1");
    }
    // One function for the model's life: the engine check keys its per-model state on it.
    assertSame(mlp.function(), mlp.function());
    assertSame(mlp.function(), dev.attrib.internal.ModelFunction.of(mlp));
    assertEquals(mlp.device(), mlp.function().device());
  }

  @Test
  void integratedGradientsIsCompleteAndMatchesTheHandIntegral() {
    IntegratedGradients ig =
        IntegratedGradients.builder().steps(32).quadrature(Quadrature.GAUSS_LEGENDRE).build();
    double[] x = toDouble(X);
    for (int k = 0; k < 2; k++) {
      Attribution a = ig.attribute(mlp, Example.of(Tensor.of(X, 3)), Target.index(k));
      double fx = ModelFolders.tanhMlp(x)[k];
      double f0 = ModelFolders.tanhMlp(new double[3])[k];
      assertEquals(fx, a.completeness().output(), 1e-6, "F(x), class " + k);
      assertEquals(f0, a.completeness().baselineOutput(), 1e-6, "F(0), class " + k);
      assertTrue(a.completeness().relativeDelta() <= 1e-5, "class " + k + ": " + a.completeness());
      assertEquals(fx - f0, a.total(), 1e-5 * Math.abs(fx - f0) + 1e-7);
      double[] want = handIntegratedGradients(x, k);
      float[] got = a.scores().get(0).floats();
      for (int j = 0; j < 3; j++) {
        assertEquals(want[j], got[j], 1e-5, "class " + k + " feature " + j);
      }
    }
  }

  @Test
  void saliencyEqualsTheFiniteDifferenceGradient() {
    double[] x = toDouble(X);
    for (int k = 0; k < 2; k++) {
      Attribution a =
          new Saliency(false).attribute(mlp, Example.of(Tensor.of(X, 3)), Target.index(k));
      double[] want = finiteDifferenceGradient(x, k);
      float[] got = a.scores().get(0).floats();
      for (int j = 0; j < 3; j++) {
        assertEquals(want[j], got[j], 1e-5, "class " + k + " feature " + j);
      }
      // Signed saliency: this input has gradients of both signs, so abs must differ somewhere.
      float[] abs =
          new Saliency()
              .attribute(mlp, Example.of(Tensor.of(X, 3)), Target.index(k))
              .scores()
              .get(0)
              .floats();
      for (int j = 0; j < 3; j++) {
        assertEquals(Math.abs(want[j]), abs[j], 1e-5);
      }
    }
  }

  private static Example maskedExample(float[] embeds, long[] mask) {
    return new Example(
        List.of(
            NamedTensor.attributable("inputs_embeds", Tensor.of(embeds, 3, 2)),
            NamedTensor.fixed("attention_mask", Tensor.ofLongs(mask, 3))),
        List.of());
  }

  @Test
  void maskedPositionsGetExactlyZeroAndTheSumIsTheOutputDifference() {
    float[] e = {0.9f, -0.4f, 2.5f, 1.7f, -0.3f, 1.1f};
    long[] mask = {1, 0, 1};
    double[][] rows = {{0.9, -0.4}, {2.5, 1.7}, {-0.3, 1.1}};
    for (int r = 0; r < 3; r++) {
      for (int d = 0; d < 2; d++) {
        rows[r][d] = e[2 * r + d];
      }
    }
    IntegratedGradients ig = IntegratedGradients.builder().steps(32).build();
    for (int k = 0; k < 2; k++) {
      Attribution a = ig.attribute(masked, maskedExample(e, mask), Target.index(k));
      float[] s = a.scores("inputs_embeds").floats();
      assertEquals(List.of("inputs_embeds"), a.names());
      assertEquals(0f, s[2], 0f, "masked position, dim 0");
      assertEquals(0f, s[3], 0f, "masked position, dim 1");
      assertTrue(s[0] != 0 && s[1] != 0 && s[4] != 0 && s[5] != 0, "unmasked positions count");
      double fx = ModelFolders.maskedSum(rows, mask)[k];
      double f0 = ModelFolders.maskedSum(new double[3][2], mask)[k];
      assertEquals(0.0, f0, 0.0);
      assertEquals(fx, a.completeness().output(), 1e-6);
      assertEquals(fx - f0, a.total(), 1e-5 * Math.abs(fx - f0));
      // Both unmasked rows see the same gradient (a mean), so IG_{l,d} / x_{l,d} agree.
      assertEquals(s[0] / e[0], s[4] / e[4], 1e-5);
      assertEquals(s[1] / e[1], s[5] / e[5], 1e-5);
    }
  }

  @Test
  void theMaskIsReallyPassedThrough() {
    // With every position unmasked the middle row counts too, so F(x) differs.
    float[] e = {0.9f, -0.4f, 2.5f, 1.7f, -0.3f, 1.1f};
    double[][] rows = {{0.9, -0.4}, {2.5, 1.7}, {-0.3, 1.1}};
    long[] all = {1, 1, 1};
    Attribution a =
        IntegratedGradients.builder()
            .steps(32)
            .build()
            .attribute(masked, maskedExample(e, all), Target.index(0));
    assertEquals(ModelFolders.maskedSum(rows, all)[0], a.output(), 1e-6);
    assertTrue(a.scores().get(0).floats()[2] != 0f);
  }

  @Test
  void parametersAreTheScriptsAndStayFrozen() {
    assertTrue(
        mlp.parameterNames()
            .containsAll(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias")),
        mlp.parameterNames().toString());
    assertParameters();
    IntegratedGradients ig = IntegratedGradients.builder().steps(16).build();
    Example ex = Example.of(Tensor.of(X, 3));
    Attribution first = ig.attribute(mlp, ex, Target.index(0));
    Attribution second = ig.attribute(mlp, ex, Target.index(0));
    assertArrayEquals(first.scores().get(0).floats(), second.scores().get(0).floats(), 0f);
    assertEquals(first.completeness(), second.completeness());
    Attribution s1 = new Saliency(false).attribute(mlp, ex, Target.index(1));
    Attribution s2 = new Saliency(false).attribute(mlp, ex, Target.index(1));
    assertArrayEquals(s1.scores().get(0).floats(), s2.scores().get(0).floats(), 0f);
    // Backward passes must not have touched the weights.
    assertParameters();
    AttribException e = assertThrows(AttribException.class, () -> mlp.parameter("fc3.weight"));
    assertTrue(e.getMessage().contains("fc3.weight") && e.getMessage().contains("fc1.weight"));
  }

  private static void assertParameters() {
    assertMatrix(ModelFolders.W1, mlp.parameter("fc1.weight"));
    assertMatrix(new double[][] {ModelFolders.B1}, mlp.parameter("fc1.bias").reshape(1, 4));
    assertMatrix(ModelFolders.W2, mlp.parameter("fc2.weight"));
    assertMatrix(new double[][] {ModelFolders.B2}, mlp.parameter("fc2.bias").reshape(1, 2));
    assertMatrix(ModelFolders.PROJ, masked.parameter("proj.weight"));
  }

  private static void assertMatrix(double[][] want, Tensor got) {
    assertArrayEquals(new long[] {want.length, want[0].length}, got.shape());
    for (int i = 0; i < want.length; i++) {
      for (int j = 0; j < want[0].length; j++) {
        assertEquals((float) want[i][j], (float) got.get(i * want[0].length + j), 0f);
      }
    }
  }

  /** Forward at x (requiring a gradient) with autograd on, then backward; returns dF_0/dx. */
  private static float[] inputGradient(ai.djl.nn.Block block, NDManager m) {
    NDArray x = m.create(X, new Shape(1, 3));
    x.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), true).head();
      gc.backward(y.get(":, 0").sum());
    }
    return x.getGradient().toFloatArray();
  }

  /**
   * Documents why ModelLoader passes {@code trainParam=true}: a plain {@code Model.load} gives
   * inference-tensor parameters, and a backward pass through them fails.
   */
  @Test
  void plainLoadCannotBackpropagateButModelLoaderCan() throws Exception {
    Path dir = ModelFolders.torchScriptFolder(tmp, "plain", "tanh_mlp.pt");
    try (Model plain = Model.newInstance("plain", Device.cpu(), "PyTorch");
        NDManager m = NDManager.newBaseManager(Device.cpu())) {
      plain.load(dir, "tanh_mlp");
      EngineException e =
          assertThrows(EngineException.class, () -> inputGradient(plain.getBlock(), m));
      assertTrue(
          e.getMessage().contains("Inference tensors"), "unexpected message: " + e.getMessage());
    }
    try (LoadedModel loaded = ModelLoader.load(dir, Set.of(), Device.cpu());
        NDManager m = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = m.create(X, new Shape(1, 3));
      x.setRequiresGradient(true);
      assertDoesNotThrow(
          () -> {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
              gc.backward(loaded.function().forward(new NDList(x)).get(":, 0").sum());
            }
          });
      float[] g = x.getGradient().toFloatArray();
      double[] want = finiteDifferenceGradient(toDouble(X), 0);
      for (int j = 0; j < 3; j++) {
        assertEquals(want[j], g[j], 1e-5);
      }
    }
  }
}
