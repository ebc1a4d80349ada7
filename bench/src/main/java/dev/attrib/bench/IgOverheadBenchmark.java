package dev.attrib.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.attrib.ig.Attribution;
import dev.attrib.ig.Example;
import dev.attrib.ig.IntegratedGradients;
import dev.attrib.ig.Quadrature;
import dev.attrib.ig.Target;
import dev.attrib.internal.ModelFunction;
import dev.attrib.spi.Tensor;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * IG with {@code m} steps against the floor: the same {@code m} gradient evaluations done as one
 * plain batched forward+backward, on a fixed MLP and input.
 *
 * <p>Both benchmarks do exactly one batch of {@code m} rows ({@code batchSize(m)}); what IG adds on
 * top of the floor is its overhead: building the example's arrays from {@link Tensor}s, target
 * resolution, the extra forward for F(x) and F(x') (completeness report), the weighted reduction
 * over the steps, the multiplication by {@code x - x'} and the result records. Run it with {@link
 * Bench#main}, which prints the overhead table.
 *
 * <p>PyTorch runs with one intra-op thread unless told otherwise ({@code
 * -Dai.djl.pytorch.num_threads} in the fork): on a small shared machine, OpenMP worker threads that
 * lose their core to another process stall every parallel op for a scheduler slice, which swamps
 * the millisecond-scale difference measured here.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--enable-native-access=ALL-UNNAMED",
      "-Dai.djl.offline=true",
      "-Dai.djl.pytorch.num_threads=1"
    })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class IgOverheadBenchmark {

  /** Input features. */
  static final int IN = 256;

  /** Hidden units (tanh). */
  static final int HIDDEN = 512;

  /** Output logits. */
  static final int OUT = 10;

  /** The explained logit. */
  static final int TARGET = 3;

  static final long SEED = 20170304L;

  /** IG steps = rows of the single batch. */
  @Param({"32", "128"})
  public int steps;

  private NDManager manager;
  private ModelFunction model;
  private float[] x;
  private Example example;
  private Target target;
  private float[] alphas;

  @Setup(Level.Trial)
  public void setUp() {
    manager = NDManager.newBaseManager();
    Random random = new Random(SEED);
    // Scaled like a default init so tanh is neither saturated nor linear.
    NDArray w1 =
        manager.create(gaussian(random, IN * HIDDEN, 1 / Math.sqrt(IN)), new Shape(IN, HIDDEN));
    NDArray b1 = manager.create(gaussian(random, HIDDEN, 0.1), new Shape(HIDDEN));
    NDArray w2 =
        manager.create(
            gaussian(random, HIDDEN * OUT, 1 / Math.sqrt(HIDDEN)), new Shape(HIDDEN, OUT));
    NDArray b2 = manager.create(gaussian(random, OUT, 0.1), new Shape(OUT));
    // Results of ops on the caller's input belong to the caller's manager (first operand).
    model = in -> in.head().matMul(w1).add(b1).tanh().matMul(w2).add(b2);

    x = new float[IN];
    for (int i = 0; i < IN; i++) {
      x[i] = random.nextFloat();
    }
    example = Example.of(Tensor.of(x, IN));
    target = Target.index(TARGET);
    double[] nodes = Quadrature.RIEMANN_MIDDLE.rule(steps).alphas();
    alphas = new float[steps];
    for (int k = 0; k < steps; k++) {
      alphas[k] = (float) nodes[k];
    }
    checkSameWork();
  }

  /**
   * Both benchmarks must compute the same integral: IG from the floor's gradients (x - 0 times
   * their mean, the middle-Riemann weights being 1/m) must match the core's scores.
   */
  private void checkSameWork() {
    float[] grads = floor();
    float[] scores = ig().scores().get(0).floats();
    double worst = 0;
    double scale = 1e-6;
    for (int j = 0; j < IN; j++) {
      double mean = 0;
      for (int k = 0; k < steps; k++) {
        mean += grads[k * IN + j];
      }
      double expected = x[j] * mean / steps;
      worst = Math.max(worst, Math.abs(expected - scores[j]));
      scale = Math.max(scale, Math.abs(expected));
    }
    if (worst > 1e-4 * scale) {
      throw new IllegalStateException(
          "floor and IG disagree: max |difference| " + worst + " for max |score| " + scale);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    manager.close();
  }

  /** One batched forward+backward over the {@code m} interpolation points, gradient copied out. */
  @Benchmark
  public float[] floor() {
    try (NDManager sub = manager.newSubManager()) {
      NDArray input = sub.create(x, new Shape(1, IN));
      NDArray baseline = sub.zeros(new Shape(1, IN));
      NDArray a = sub.create(alphas, new Shape(steps, 1));
      NDArray points = baseline.add(input.sub(baseline).mul(a)); // [m, IN]
      points.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray score = model.forward(new NDList(points)).get(":, " + TARGET);
        collector.backward(score.sum());
      }
      return points.getGradient().toFloatArray();
    }
  }

  /** The core's IG with the same nodes, in one batch, plus its completeness forward. */
  @Benchmark
  public Attribution ig() {
    return IntegratedGradients.builder()
        .steps(steps)
        .quadrature(Quadrature.RIEMANN_MIDDLE)
        .batchSize(steps)
        .build()
        .attribute(model, example, target);
  }

  private static float[] gaussian(Random random, int n, double scale) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (random.nextGaussian() * scale);
    }
    return out;
  }
}
