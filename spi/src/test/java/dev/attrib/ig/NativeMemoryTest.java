package dev.attrib.ig;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.attrib.internal.ModelFunction;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelFolders;
import dev.attrib.model.ModelLoader;
import dev.attrib.spi.Tensor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No native memory outlives an attribution: every array and sub-manager the core opens is
 * registered with DJL's PyTorch system manager until it is closed, so the number of resources the
 * system manager holds must come back to where it was.
 */
class NativeMemoryTest {

  @TempDir Path tmp;

  private static Object systemManager;
  private static Field resources;

  @BeforeAll
  static void findSystemManager() throws Exception {
    // Touch the engine so the system manager exists before we look at it.
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      m.zeros(new ai.djl.ndarray.types.Shape(1));
    }
    Class<?> pt = Class.forName("ai.djl.pytorch.engine.PtNDManager");
    Method get = pt.getDeclaredMethod("getSystemManager");
    get.setAccessible(true);
    systemManager = get.invoke(null);
    resources = ai.djl.ndarray.BaseNDManager.class.getDeclaredField("resources");
    resources.setAccessible(true);
  }

  private static int held() {
    try {
      return ((Map<?, ?>) resources.get(systemManager)).size();
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private static NDArray col(NDArray x, int i) {
    return x.get(":, " + i + ":" + (i + 1));
  }

  // No Number-argument mul/pow/maximum: their gradients are not GC-safe (see ModelFunction).

  /** Smooth, with intermediate arrays, for IG, saliency, gradient×input and SmoothGrad. */
  private static final ModelFunction SMOOTH =
      in -> {
        NDArray x = in.head();
        return col(x, 0).mul(col(x, 1)).tanh().add(col(x, 2).square());
      };

  /** Nonnegatively homogeneous (ReLU, no bias), for fast IG. */
  private static final ModelFunction HOMOGENEOUS =
      in -> {
        NDArray x = in.head();
        NDArray two = x.getManager().create(2f);
        NDArray half = x.getManager().create(0.5f);
        return ai.djl.nn.Activation.relu(col(x, 0).mul(two).sub(col(x, 1)))
            .add(ai.djl.nn.Activation.relu(col(x, 2).mul(half)));
      };

  private static final Example EXAMPLE = Example.of(Tensor.of(new float[] {0.6f, -1.3f, 0.9f}, 3));

  private static void assertNoLeak(String what, ModelFunction f, AttributionMethod method) {
    method.attribute(f, EXAMPLE, Target.index(0)); // warm-up: one-time engine state is not a leak
    int before = held();
    for (int i = 0; i < 20; i++) {
      method.attribute(f, EXAMPLE, Target.index(0));
    }
    assertEquals(before, held(), what + " left native resources behind");
  }

  @Test
  void attributionMethodsReleaseEverything() {
    assertNoLeak(
        "integrated gradients",
        SMOOTH,
        IntegratedGradients.builder().steps(16).batchSize(5).build());
    assertNoLeak(
        "adaptive integrated gradients",
        SMOOTH,
        IntegratedGradients.builder().steps(2).tolerance(1e-3).maxSteps(16).build());
    assertNoLeak(
        "expected gradients",
        SMOOTH,
        new AttributionMethod() {
          final IntegratedGradients ig = IntegratedGradients.builder().steps(8).build();

          @Override
          public String name() {
            return "two baselines";
          }

          @Override
          public Attribution attribute(Model model, Example example, Target target) {
            return ig.attribute(
                model,
                example.withBaselines(
                    List.of(
                        List.of(Tensor.zeros(3)),
                        List.of(Tensor.of(new float[] {0.1f, 0.2f, 0.3f}, 3)))),
                target);
          }
        });
    assertNoLeak("saliency", SMOOTH, new Saliency());
    assertNoLeak("gradient x input", SMOOTH, new GradientXInput());
    assertNoLeak(
        "noise tunnel",
        SMOOTH,
        NoiseTunnel.builder(IntegratedGradients.builder().steps(4).build()).samples(3).build());
    assertNoLeak(
        "vargrad",
        SMOOTH,
        NoiseTunnel.builder(new Saliency()).kind(NoiseTunnel.Kind.VARGRAD).samples(3).build());
    assertNoLeak("fast IG", HOMOGENEOUS, FastIntegratedGradients.builder().build());
  }

  @Test
  void failedAttributionsReleaseEverything() {
    int before = held();
    for (int i = 0; i < 5; i++) {
      try {
        // Not homogeneous: fast IG refuses after its checks.
        FastIntegratedGradients.builder().build().attribute(SMOOTH, EXAMPLE, Target.index(0));
      } catch (dev.attrib.spi.AttribException expected) {
        // expected
      }
      try {
        // Target out of range.
        new Saliency().attribute(SMOOTH, EXAMPLE, Target.index(7));
      } catch (dev.attrib.spi.AttribException expected) {
        // expected
      }
    }
    assertEquals(before, held(), "failed attributions left native resources behind");
  }

  @Test
  void aLoadedModelReleasesEverythingOnClose() {
    int before = held();
    Path dir = ModelFolders.torchScriptFolder(tmp, "mlp", "tanh_mlp.pt");
    for (int i = 0; i < 3; i++) {
      try (LoadedModel m = ModelLoader.load(dir, Set.of(), Device.cpu())) {
        IntegratedGradients.builder().steps(8).build().attribute(m, EXAMPLE, Target.index(0));
        new Saliency().attribute(m, EXAMPLE, Target.index(1));
        m.parameter("fc1.weight");
      }
    }
    assertEquals(before, held(), "a closed LoadedModel left native resources behind");
  }
}
