package dev.attrib.ig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.attrib.internal.ModelFunction;
import dev.attrib.internal.TinyNets;
import dev.attrib.spi.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine check ({@link EngineCheck}): it leaves a sound engine alone, and it catches and
 * repairs batched gradients that differ from single ones — on this machine's real engine, and on
 * injected faults that behave like the one seen on AMD EPYC machines (wrong while oneDNN is on,
 * right alone).
 */
class EngineCheckTest {

  @BeforeEach
  @AfterEach
  void restoreTheEngine() {
    EngineCheck.resetForTests();
  }

  /**
   * The reproduction: the bias-free conv net of {@link FastIntegratedGradientsTest} on its
   * image, one input repeated in batches of B. For this network grad·x = F(x) exactly (Euler), so
   * each row's grad·x must be F(x) = 0.176218 whatever the batch. On affected CPUs batches of 2
   * gave 0.152072 while oneDNN was on. Whether or not this engine has the fault, attribution
   * through the check must be right, and the check's verdict must match what the raw engine does.
   */
  @Test
  void attributionIsRightWhateverTheEngineAndTheVerdictMatchesTheRawEngine() {
    assertEquals(Boolean.TRUE, TorchNative.oneDnnEnabled().orElse(null), "oneDNN is on by default");
    ModelFunction f = FastIntegratedGradientsTest.convXdnn(4);
    Tensor x = FastIntegratedGradientsTest.image(4);
    PathEvaluator ev = new PathEvaluator(f, Example.of(x));
    float[] xs = x.floats();
    PathEvaluator.PointFiller same = (p, i, dest, off) -> System.arraycopy(xs, 0, dest, off, 64);
    double fx = ev.batchGradients(0, 1, same, Target.index(1)).scores()[0];
    assertEquals(0.176218, fx, 1e-6);
    List<String> wrong = new ArrayList<>();
    for (int b : new int[] {1, 2, 3, 4, 5, 8, 16, 64, 128}) {
      PathEvaluator.BatchGradients g = ev.batchGradients(0, b, same, Target.index(1));
      for (int r = 0; r < b; r++) {
        double dot = 0;
        for (int j = 0; j < 64; j++) {
          dot += g.gradients()[0][r * 64 + j] * xs[j];
        }
        if (Math.abs(dot - fx) > 1e-5 * fx) {
          wrong.add("B=" + b + " row " + r + ": grad·x = " + dot);
        }
      }
    }
    boolean engineSound = wrong.isEmpty();

    for (int b : new int[] {2, 3, 4, 5, 8, 130}) {
      Attribution a =
          IntegratedGradients.builder()
              .steps(128)
              .batchSize(b)
              .build()
              .attribute(f, Example.of(x), Target.index(1));
      assertTrue(a.completeness().holds(1e-5), "batch " + b + ": " + a.completeness());
      Attribution fast =
          FastIntegratedGradients.builder().build().attribute(f, Example.of(x), Target.index(1));
      assertTrue(SelfCheck.relativeDifference(fast, a) <= 1e-5, "batch " + b);
    }
    List<String> notices = EngineCheck.takeNotices();
    if (engineSound) {
      assertEquals(List.of(), notices, "a sound engine is left alone");
      assertEquals(Boolean.TRUE, TorchNative.oneDnnEnabled().orElse(null));
    } else {
      assertFalse(notices.isEmpty(), "the raw engine is wrong here (" + wrong + "): say so");
      assertTrue(notices.get(0).contains("different gradient"), notices.get(0));
    }
  }

  /**
   * A fault like the one seen: gradients wrong in batches where {@code wrongFor} says so, right
   * alone. Made by adding {@code c·(h − stop(h))} to the output: zero in value, {@code c·∂h} in the
   * gradient. Counts its forwards and remembers the largest batch it saw.
   */
  private static final class Faulty implements ModelFunction {
    final ModelFunction f;
    final IntPredicate wrongFor;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger largestBatch = new AtomicInteger();

    Faulty(ModelFunction f, IntPredicate wrongFor) {
      this.f = f;
      this.wrongFor = wrongFor;
    }

    @Override
    public NDArray forward(NDList in) {
      calls.incrementAndGet();
      NDArray x = in.head();
      NDArray out = f.forward(in);
      int b = (int) x.getShape().get(0);
      largestBatch.accumulateAndGet(b, Math::max);
      if (!wrongFor.test(b)) {
        return out;
      }
      NDManager m = x.getManager();
      NDArray h = x.reshape(b, -1).square().sum(new int[] {1}, true);
      return out.add(h.sub(h.stopGradient()).mul(m.create(0.3f)));
    }
  }

  /** The bias-free conv net: IG from the zero image is exact, so completeness must hold to 1e-5. */
  private static ModelFunction xdnn() {
    return TinyNets.convNet(Device.cpu(), 1, 4, 8, 2, false, 3);
  }

  private static boolean oneDnnOn() {
    return TorchNative.oneDnnEnabled().orElse(false);
  }

  @Test
  void aFaultThatOneDnnCausesIsCaughtAndCuredBySwitchingItOff() {
    Faulty f = new Faulty(xdnn(), b -> b > 1 && oneDnnOn());
    Example ex = Example.of(Tensor.of(SelfCheck.uniformInput(64, 3), 1, 8, 8));
    Attribution a =
        IntegratedGradients.builder().steps(64).build().attribute(f, ex, Target.index(0));
    assertTrue(a.completeness().holds(1e-5), a.completeness().toString());
    assertEquals(Boolean.FALSE, TorchNative.oneDnnEnabled().orElse(null), "oneDNN switched off");
    assertTrue(f.largestBatch.get() > 1, "still batched");
    List<String> notices = EngineCheck.takeNotices();
    assertEquals(1, notices.size(), notices.toString());
    assertTrue(notices.get(0).contains("oneDNN kernels are now off"), notices.get(0));
    // The same result as a sound engine gives one point at a time.
    EngineCheck.resetForTests();
    Attribution one =
        IntegratedGradients.builder()
            .steps(64)
            .batchSize(1)
            .build()
            .attribute(xdnn(), ex, Target.index(0));
    assertTrue(SelfCheck.relativeDifference(a, one) <= 1e-5, "as computed alone");
  }

  @Test
  void aFaultThatSwitchingDoesNotCureFallsBackToOnePointAtATime() {
    Faulty f = new Faulty(xdnn(), b -> b > 1);
    Example ex = Example.of(Tensor.of(SelfCheck.uniformInput(64, 5), 1, 8, 8));
    Attribution a =
        IntegratedGradients.builder().steps(64).build().attribute(f, ex, Target.index(0));
    assertTrue(a.completeness().holds(1e-5), a.completeness().toString());
    List<String> notices = EngineCheck.takeNotices();
    assertEquals(1, notices.size(), notices.toString());
    assertTrue(notices.get(0).contains("one input at a time"), notices.get(0));
    assertTrue(notices.get(0).contains("with PyTorch's oneDNN kernels off too"), notices.get(0));
    // From now on no batch of more than one reaches this model, and nothing more is said.
    f.largestBatch.set(0);
    Attribution again =
        IntegratedGradients.builder().steps(16).build().attribute(f, ex, Target.index(0));
    assertEquals(1, f.largestBatch.get());
    assertTrue(again.completeness().holds(1e-5), again.completeness().toString());
    assertEquals(List.of(), EngineCheck.takeNotices(), "said once");
  }

  /**
   * A legitimate difference is not a fault: at an exact tie between two inputs of a max, float
   * noise between kernels decides which one gets the gradient. Here the batch and the single point
   * break the tie on opposite sides (a 1e-7 nudge that depends on the batch size), so the batch's
   * own rows differ from their single selves by 100%; the probes off the tie agree, and nothing is
   * switched.
   */
  @Test
  void aGradientThatFlipsAtATieIsNotAFault() {
    ModelFunction tie =
        in -> {
          NDArray x = in.head(); // [B, 2]
          NDManager m = x.getManager();
          float nudge = x.getShape().get(0) > 1 ? 1e-7f : -1e-7f;
          NDArray a = x.get(":, 0:1").add(m.create(nudge));
          NDArray b = x.get(":, 1:2");
          // max(a, b) = b + relu(a − b): the gradient goes to a or to b, never half and half.
          return b.add(ai.djl.nn.Activation.relu(a.sub(b)));
        };
    Example ex = Example.of(Tensor.of(new float[] {0.5f, 0.5f}, 2));
    PathEvaluator ev = new PathEvaluator(tie, ex);
    PathEvaluator.PointFiller filler =
        (p, i, dest, off) -> {
          dest[off] = 0.5f + p;
          dest[off + 1] = 0.5f + p;
        };
    PathEvaluator.BatchGradients batch = ev.batchGradients(0, 4, filler, Target.index(0));
    PathEvaluator.BatchGradients alone = ev.batchGradients(0, 1, filler, Target.index(0));
    assertTrue(
        EngineCheck.difference(batch, 0, alone, new int[] {2}) > 0.5,
        "the rows really do differ at the tie");

    Attribution a =
        IntegratedGradients.builder()
            .steps(8)
            .batchSize(4)
            .build()
            .attribute(tie, ex, Target.index(0));
    assertEquals(List.of(), EngineCheck.takeNotices());
    assertEquals(Boolean.TRUE, TorchNative.oneDnnEnabled().orElse(null));
    assertTrue(a.completeness().holds(1e-5), a.completeness().toString());
  }

  /** Once per model and batch size: the second attribution makes no extra passes. */
  @Test
  void eachBatchSizeIsCheckedOncePerModel() {
    Faulty f = new Faulty(TinyNets.convNet(Device.cpu(), 3, 8, 16, 4, true, 3), b -> false);
    Example ex = Example.of(Tensor.of(SelfCheck.uniformInput(3 * 16 * 16, 9), 3, 16, 16));
    IntegratedGradients ig = IntegratedGradients.builder().steps(30).batchSize(10).build();
    ig.attribute(f, ex, Target.index(0));
    int first = f.calls.getAndSet(0);
    ig.attribute(f, ex, Target.index(0));
    int second = f.calls.get();
    // Batches of 12 (10 path points with x and x' riding along), 10 and 10.
    assertEquals(3, second, "passes of a run whose batch sizes were checked");
    // The first run: the same plus the first and last point of each batch size alone.
    assertEquals(second + 4, first, "checks of the first run");
    assertEquals(List.of(), EngineCheck.takeNotices());
  }

  @Test
  void differenceIsRelativeAndTreatsNanAsAFullDifference() {
    int[] sizes = {3};
    var batch =
        new PathEvaluator.BatchGradients(
            new double[] {1.0, 2.0}, new float[][] {{1, 2, 3, 10, 20, 30}});
    var same = new PathEvaluator.BatchGradients(new double[] {1.0}, new float[][] {{1, 2, 3}});
    var off = new PathEvaluator.BatchGradients(new double[] {1.0}, new float[][] {{1, 2, 3.1f}});
    var nan =
        new PathEvaluator.BatchGradients(new double[] {1.0}, new float[][] {{1, 2, Float.NaN}});
    var score = new PathEvaluator.BatchGradients(new double[] {1.5}, new float[][] {{1, 2, 3}});
    assertEquals(0, EngineCheck.difference(batch, 0, same, sizes));
    assertEquals(
        0.1 / Math.sqrt(1 + 4 + 3.1 * 3.1), EngineCheck.difference(batch, 0, off, sizes), 1e-6);
    assertEquals(Double.POSITIVE_INFINITY, EngineCheck.difference(batch, 0, nan, sizes));
    assertEquals(0.5 / 1.5, EngineCheck.difference(batch, 0, score, sizes), 1e-12);
    // A row whose gradient has all but vanished is judged on the batch's scale.
    var tiny =
        new PathEvaluator.BatchGradients(
            new double[] {1.0, 2.0}, new float[][] {{1e-12f, 0, 0, 10, 20, 30}});
    var tinyAlone =
        new PathEvaluator.BatchGradients(new double[] {1.0}, new float[][] {{2e-12f, 0, 0}});
    assertTrue(EngineCheck.difference(tiny, 0, tinyAlone, sizes) < 1e-6);
  }

  @Test
  void nativeWarningsAreHiddenOnlyWhenAsked() {
    int initial = TorchNative.initialLogLevel().orElseThrow();
    EngineCheck.showNativeWarnings(false);
    EngineCheck.applySettings();
    assertEquals(TorchNative.LOG_ERROR, TorchNative.logLevel().orElseThrow());
    EngineCheck.showNativeWarnings(true);
    EngineCheck.applySettings();
    assertEquals(initial, TorchNative.logLevel().orElseThrow());
  }
}
