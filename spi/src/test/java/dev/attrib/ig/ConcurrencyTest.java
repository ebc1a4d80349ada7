package dev.attrib.ig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import dev.attrib.internal.ModelFunction;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelFolders;
import dev.attrib.model.ModelLoader;
import dev.attrib.spi.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One method instance shared by several threads gives exactly the sequential results. (With DJL's
 * GradientCollector, which allows one collector per JVM, the parallel calls threw "A
 * PtGradientCollector is already collecting".)
 */
class ConcurrencyTest {

  @TempDir Path tmp;

  private static final int THREADS = 4;
  private static final int TASKS = 40;

  private static final List<Example> INPUTS =
      List.of(
          Example.of(Tensor.of(new float[] {0.8f, -1.2f, 0.5f}, 3)),
          Example.of(Tensor.of(new float[] {-0.3f, 0.4f, 2.0f}, 3)),
          Example.of(Tensor.of(new float[] {1.5f, 1.5f, -1.5f}, 3)),
          Example.of(Tensor.of(new float[] {0.05f, -2.5f, 0.7f}, 3)));

  private static NDArray col(NDArray x, int i) {
    return x.get(":, " + i + ":" + (i + 1));
  }

  private static void assertSameInParallel(Model model, AttributionMethod method, Target target)
      throws Exception {
    List<Attribution> sequential = new ArrayList<>();
    for (Example ex : INPUTS) {
      sequential.add(method.attribute(model, ex, target));
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Attribution>> futures = new ArrayList<>();
      for (int t = 0; t < TASKS; t++) {
        Example ex = INPUTS.get(t % INPUTS.size());
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return method.attribute(model, ex, target);
                }));
      }
      start.countDown();
      for (int t = 0; t < TASKS; t++) {
        Attribution want = sequential.get(t % INPUTS.size());
        Attribution got = futures.get(t).get(60, TimeUnit.SECONDS);
        assertArrayEquals(
            want.scores().get(0).floats(), got.scores().get(0).floats(), 0f, "task " + t);
        assertEquals(want.completeness(), got.completeness(), "task " + t);
        assertEquals(want.output(), got.output(), 0.0, "task " + t);
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void sharedIntegratedGradientsOnATorchScriptModel() throws Exception {
    Path dir = ModelFolders.torchScriptFolder(tmp, "mlp", "tanh_mlp.pt");
    IntegratedGradients ig = IntegratedGradients.builder().steps(32).batchSize(8).build();
    try (LoadedModel m = ModelLoader.load(dir, Set.of(), Device.cpu())) {
      assertSameInParallel(m, ig, Target.index(0));
      assertSameInParallel(m, ig, Target.predicted(Activation.SOFTMAX));
    }
  }

  @Test
  void sharedIntegratedGradientsOnALambda() throws Exception {
    ModelFunction f =
        in -> {
          NDArray x = in.head();
          NDArray a = col(x, 0).mul(col(x, 1)).tanh().add(col(x, 2).square());
          NDArray b = col(x, 1).sub(col(x, 2)).exp().neg();
          return a.concat(b, 1);
        };
    IntegratedGradients ig = IntegratedGradients.builder().steps(32).batchSize(8).build();
    assertSameInParallel(f, ig, Target.index(0));
    assertSameInParallel(f, ig, Target.index(1).on(Activation.SOFTMAX));
  }
}
