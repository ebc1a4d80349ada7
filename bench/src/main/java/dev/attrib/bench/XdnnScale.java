package dev.attrib.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.attrib.fixtures.image.ShapeScenes;
import dev.attrib.fixtures.image.TrainResNetXdnn;
import dev.attrib.ig.Activation;
import dev.attrib.ig.Attribution;
import dev.attrib.ig.EngineThreads;
import dev.attrib.ig.Example;
import dev.attrib.ig.FastIntegratedGradients;
import dev.attrib.ig.Homogeneity;
import dev.attrib.ig.IntegratedGradients;
import dev.attrib.ig.ModelOutputs;
import dev.attrib.ig.Quadrature;
import dev.attrib.ig.Target;
import dev.attrib.image.ImageModality;
import dev.attrib.image.Pixels;
import dev.attrib.internal.ModelFunction;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelLoader;
import dev.attrib.spi.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The "X-DNN at scale" benchmark: fast IG against 128-step IG on {@link
 * dev.attrib.fixtures.image.ResNetXdnn}, a bias-free ResNet-style network of realistic size that
 * {@link TrainResNetXdnn} trains on 64×64 shape scenes.
 *
 * <pre>
 * java -Dai.djl.offline=true -jar bench/target/attrib-bench.jar xdnn-scale
 * java ... -jar bench/target/attrib-bench.jar xdnn-scale --images 8 --repeats 5 --threads 1 \
 *     --model DIR --retrain
 * </pre>
 *
 * <p>The first run trains the network (a few minutes, one PyTorch thread, deterministic) into
 * {@code bench/target/xdnn-resnet/} next to the jar; later runs reuse it when its {@code
 * training.json} records the same settings and configuration. Then, on held-out scenes it never saw
 * ({@link ShapeScenes#HELD_OUT_SEED}), per image: homogeneity along the ray (F(a·x) against a·F(x)
 * for a = 0.1 … 1), and the wall time of
 *
 * <ul>
 *   <li>fast IG as shipped ({@link FastIntegratedGradients}, which checks homogeneity on every
 *       call: one forward without gradients of x, three scaled copies and 0, then one
 *       forward+backward of x);
 *   <li>fast IG trusting homogeneity ({@code homogeneityCheck(false)}: one forward+backward of x,
 *       F(0) taken as 0);
 *   <li>the floor: one forward+backward of x with plain DJL calls, {@code x * grad} copied out
 *       (checked to equal fast IG), and one plain forward, the unit of cost;
 *   <li>128-step IG, middle Riemann rule, batched by the default memory budget.
 * </ul>
 *
 * <p>Each is run once untimed, then {@code repeats} times interleaved; the median counts, per image
 * and then over the images. The differences are computed against 128-step IG with the middle
 * Riemann rule and, untimed, with Gauss–Legendre: max relative difference {@code max_i |a_i − b_i|
 * / max_i |b_i|} and relative L2 {@code ||a − b|| / ||b||}. Explains the raw logit of the predicted
 * class from the black image. Exit code 0 whatever the numbers: this is a measurement, not a gate.
 */
public final class XdnnScale {
  private XdnnScale() {}

  static final int STEPS = 128;

  public static void main(String[] args) {
    System.setProperty("ai.djl.offline", "true");
    int images = 8;
    int repeats = 5;
    int threads = 1;
    boolean retrain = false;
    Path dir = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--images" -> images = Integer.parseInt(args[++i]);
        case "--repeats" -> repeats = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--model" -> dir = Path.of(args[++i]);
        case "--retrain" -> retrain = true;
        default -> {
          System.err.println(
              "usage: attrib-bench xdnn-scale [--images N] [--repeats N] [--threads N] [--model DIR]"
                  + " [--retrain]");
          System.exit(2);
        }
      }
    }
    if (images < 1 || repeats < 1 || threads < 1) {
      System.err.println("attrib-bench xdnn-scale: --images, --repeats and --threads must be >= 1");
      System.exit(2);
    }
    if (dir == null) {
      dir = defaultModelDir();
    }
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    // Training always runs on one thread (bit-for-bit reproducible); the timing on --threads.
    EngineThreads.use(1);
    JsonObject training = ensureTrained(dir, retrain);
    EngineThreads.use(threads);
    JsonObject result = training.getAsJsonObject("result");
    double loadBefore = os.getSystemLoadAverage();
    Instant started = Instant.now();
    List<Row> rows = new ArrayList<>();
    try (LoadedModel model =
        ModelLoader.load(dir, new ImageModality().manifestKeys(), Device.cpu())) {
      int size = training.getAsJsonObject("settings").get("size").getAsInt();
      List<ShapeScenes.Scene> scenes =
          ShapeScenes.generate(ShapeScenes.HELD_OUT_SEED, images, size);
      System.out.printf(
          Locale.ROOT,
          "%-5s %-9s %8s %9s %8s %8s %11s %11s %10s %8s %8s %11s %11s %11s%n",
          "image",
          "class",
          "logit",
          "R²",
          "fwd ms",
          "grad ms",
          "fast ms",
          "trusted ms",
          "IG ms",
          "ratio",
          "trusted",
          "maxrel",
          "relL2",
          "maxrel GL");
      for (int i = 0; i < scenes.size(); i++) {
        Row r = measure(model, scenes.get(i), size, repeats);
        rows.add(r);
        System.out.printf(
            Locale.ROOT,
            "%-5d %-9s %8.3f %9.6f %8.2f %8.2f %11.2f %11.2f %10.1f %7.1fx %7.1fx %11.2e %11.2e"
                + " %11.2e%n",
            i,
            r.label + (r.correct ? "" : "*"),
            r.logit,
            r.homogeneity.rSquared(),
            r.forwardMs,
            r.floorMs,
            r.fastMs,
            r.trustedMs,
            r.igMs,
            r.igMs / r.fastMs,
            r.igMs / r.trustedMs,
            r.maxRel,
            r.relL2,
            r.maxRelGl);
      }
    }
    double loadAfter = os.getSystemLoadAverage();
    double fast = median(rows.stream().mapToDouble(r -> r.fastMs).toArray());
    double trusted = median(rows.stream().mapToDouble(r -> r.trustedMs).toArray());
    double ig = median(rows.stream().mapToDouble(r -> r.igMs).toArray());
    double floor = median(rows.stream().mapToDouble(r -> r.floorMs).toArray());
    double fwd = median(rows.stream().mapToDouble(r -> r.forwardMs).toArray());
    double maxRel = rows.stream().mapToDouble(r -> r.maxRel).max().orElse(Double.NaN);
    double relL2 = rows.stream().mapToDouble(r -> r.relL2).max().orElse(Double.NaN);
    double maxRelGl = rows.stream().mapToDouble(r -> r.maxRelGl).max().orElse(Double.NaN);
    double maxHomErr =
        rows.stream().mapToDouble(r -> r.homogeneity.maxRelativeError()).max().orElse(Double.NaN);
    double maxDelta = rows.stream().mapToDouble(r -> r.fastDelta).max().orElse(Double.NaN);
    System.out.println("(* misclassified: the explained class is the predicted one)");
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "X-DNN at scale: %s, %d parameters, %dx%d RGB, held-out accuracy %.1f%% (%d scenes),"
            + " trained in %.0f s%n",
        training.getAsJsonObject("config"),
        result.get("parameters").getAsLong(),
        training.getAsJsonObject("settings").get("size").getAsInt(),
        training.getAsJsonObject("settings").get("size").getAsInt(),
        100 * result.get("heldOutAccuracy").getAsDouble(),
        training.getAsJsonObject("settings").get("heldOut").getAsInt(),
        result.get("seconds").getAsDouble());
    System.out.printf(
        Locale.ROOT,
        "medians over %d images (each the median of %d runs): fast IG %.2f ms, fast IG trusted"
            + " %.2f ms, %d-step IG %.1f ms%n",
        rows.size(),
        repeats,
        fast,
        trusted,
        STEPS,
        ig);
    System.out.printf(
        Locale.ROOT,
        "%d-step IG (middle Riemann) ran in batches of %d points (the default memory budget)%n",
        STEPS,
        rows.get(0).igBatch);
    System.out.printf(
        Locale.ROOT,
        "floor: one plain forward %.2f ms, one plain forward+backward (x * grad F(x)) %.2f ms%n",
        fwd,
        floor);
    System.out.printf(
        Locale.ROOT,
        "ratio %d-step IG / fast IG: %.1fx (checked), %.1fx (trusted), %.1fx (plain gradient)"
            + "   target >= 50x: %s / %s / %s%n",
        STEPS,
        ig / fast,
        ig / trusted,
        ig / floor,
        ig / fast >= 50 ? "met" : "NOT met",
        ig / trusted >= 50 ? "met" : "NOT met",
        ig / floor >= 50 ? "met" : "NOT met");
    System.out.printf(
        Locale.ROOT,
        "worst max relative difference %.2e (Riemann middle), %.2e (Gauss-Legendre);"
            + " worst relative L2 %.2e   target <= 1e-4: %s%n",
        maxRel,
        maxRelGl,
        relL2,
        Math.max(maxRel, maxRelGl) <= 1e-4 ? "met" : "NOT met");
    System.out.printf(
        Locale.ROOT,
        "gradient along the path: worst max_k |g(a_k x) - g(x)| / max |g(x)| %.2e (all %d points"
            + " and x in one batch); x in that batch against x alone %.2e%n",
        rows.stream().mapToDouble(r -> r.pathSpread).max().orElse(Double.NaN),
        STEPS,
        rows.stream().mapToDouble(r -> r.batchEffect).max().orElse(Double.NaN));
    System.out.printf(
        Locale.ROOT,
        "points whose gradient differs from x's by more than 1e-5: %s of %d per image; largest"
            + " such a %.3f%n",
        rows.stream().map(r -> Integer.toString(r.pointsOff)).toList(),
        STEPS,
        rows.stream().mapToDouble(r -> r.largestOffA).max().orElse(Double.NaN));
    System.out.printf(
        Locale.ROOT,
        "homogeneity: worst |F(a x) - a F(x)| / |F(x)| %.2e; fast IG worst relative completeness"
            + " delta %.2e%n",
        maxHomErr,
        maxDelta);
    System.out.printf(
        Locale.ROOT,
        "%s, %s, Java %s, %d PyTorch thread(s), %d cores, load average before/after %.2f / %.2f,"
            + " %d s%s%n",
        started.truncatedTo(ChronoUnit.SECONDS),
        cpuName(),
        System.getProperty("java.version"),
        threads,
        os.getAvailableProcessors(),
        loadBefore,
        loadAfter,
        (Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000,
        Math.max(loadBefore, loadAfter) > threads + 0.5
            ? " -- the machine was busy: rerun on a quiet machine for trustworthy times"
            : "");
  }

  private record Row(
      String label,
      boolean correct,
      double logit,
      Homogeneity.Report homogeneity,
      double fastMs,
      double trustedMs,
      double igMs,
      double floorMs,
      double forwardMs,
      double maxRel,
      double relL2,
      double maxRelGl,
      double fastDelta,
      int igBatch,
      double pathSpread,
      double batchEffect,
      int pointsOff,
      double largestOffA) {}

  private static Row measure(LoadedModel model, ShapeScenes.Scene scene, int size, int repeats) {
    Pixels px = Pixels.of(scene.image(), 3, 255);
    Example ex = Example.of(Tensor.of(px.data(), 3, size, size));
    double[] logits = ModelOutputs.at(model, ex, Activation.NONE);
    int k = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[k]) {
        k = i;
      }
    }
    Target t = Target.index(k);
    Homogeneity.Report h = Homogeneity.measure(model, ex, t, Homogeneity.PLOT_SCALES);
    FastIntegratedGradients fast = FastIntegratedGradients.builder().build();
    FastIntegratedGradients trusted =
        FastIntegratedGradients.builder().homogeneityCheck(false).build();
    IntegratedGradients ig =
        IntegratedGradients.builder().steps(STEPS).quadrature(Quadrature.RIEMANN_MIDDLE).build();
    IntegratedGradients gl =
        IntegratedGradients.builder().steps(STEPS).quadrature(Quadrature.GAUSS_LEGENDRE).build();
    // One untimed call each: the first pass at a batch shape pays for allocation, not the method.
    Attribution a = fast.attribute(model, ex, t);
    Attribution b = trusted.attribute(model, ex, t);
    Attribution ref = ig.attribute(model, ex, t);
    Attribution refGl = gl.attribute(model, ex, t);
    ModelFunction f = ModelFunction.of(model);
    float[] pixels = px.data();
    float[] plain = gradientTimesInput(f, pixels, size, k);
    double[] fastMs = new double[repeats];
    double[] trustedMs = new double[repeats];
    double[] igMs = new double[repeats];
    double[] floorMs = new double[repeats];
    double[] forwardMs = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      fastMs[i] = millis(() -> fast.attribute(model, ex, t));
      trustedMs[i] = millis(() -> trusted.attribute(model, ex, t));
      igMs[i] = millis(() -> ig.attribute(model, ex, t));
      long t0 = System.nanoTime();
      gradientTimesInput(f, pixels, size, k);
      long t1 = System.nanoTime();
      forward(f, pixels, size);
      long t2 = System.nanoTime();
      floorMs[i] = (t1 - t0) / 1e6;
      forwardMs[i] = (t2 - t1) / 1e6;
    }
    // The floor computes the same thing as fast IG, outside the library.
    float[] lib = a.scores().get(0).floats();
    double floorDiff = 0;
    double floorRef = 0;
    for (int j = 0; j < lib.length; j++) {
      floorDiff = Math.max(floorDiff, Math.abs(lib[j] - plain[j]));
      floorRef = Math.max(floorRef, Math.abs(plain[j]));
    }
    if (floorDiff > 1e-5 * floorRef) {
      throw new IllegalStateException(
          "fast IG and x * grad F(x) computed directly disagree: " + floorDiff / floorRef);
    }
    double[] spread = gradientSpread(f, pixels, size, k);
    double[] d = differences(a, ref);
    double[] dt = differences(b, ref);
    double[] dg = differences(a, refGl);
    return new Row(
        ShapeScenes.LABELS.get(k),
        k == scene.label(),
        logits[k],
        h,
        median(fastMs),
        median(trustedMs),
        median(igMs),
        median(floorMs),
        median(forwardMs),
        Math.max(d[0], dt[0]),
        Math.max(d[1], dt[1]),
        dg[0],
        a.completeness().relativeDelta(),
        ref.settings().batchSize(),
        spread[0],
        spread[1],
        (int) spread[2],
        spread[3]);
  }

  /**
   * The floor of any fast IG: one forward+backward of x alone with plain DJL calls, the gradient
   * times x copied out; no completeness report, no checks.
   */
  static float[] gradientTimesInput(ModelFunction f, float[] pixels, int size, int k) {
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = m.create(pixels, new Shape(1, 3, size, size));
      x.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(f.forward(new NDList(x)).get(":, " + k));
      }
      return x.getGradient().mul(x).toFloatArray();
    }
  }

  /**
   * Where the differences come from: the gradients ∂F/∂x at x and at the {@link #STEPS} middle-
   * Riemann points a·x, all in one batch (row 0 is x), against ∂F/∂x at x alone. Returns {max_k
   * max_i |g_k − g_0| / max_i |g_0| (along the path, within the batch), max_i |g_0 − g| / max_i |g|
   * (x in a batch against x alone)}.
   */
  static double[] gradientSpread(ModelFunction f, float[] pixels, int size, int k) {
    int n = pixels.length;
    float[] single;
    float[] batch;
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = m.create(pixels, new Shape(1, 3, size, size));
      x.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(f.forward(new NDList(x)).get(":, " + k));
      }
      single = x.getGradient().toFloatArray();
    }
    float[] points = new float[(STEPS + 1) * n];
    System.arraycopy(pixels, 0, points, 0, n);
    for (int s = 0; s < STEPS; s++) {
      float a = (float) ((s + 0.5) / STEPS);
      for (int j = 0; j < n; j++) {
        points[(s + 1) * n + j] = a * pixels[j];
      }
    }
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = m.create(points, new Shape(STEPS + 1, 3, size, size));
      x.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(f.forward(new NDList(x)).get(":, " + k));
      }
      batch = x.getGradient().toFloatArray();
    }
    double ref = 0;
    double batchEffect = 0;
    for (int j = 0; j < n; j++) {
      ref = Math.max(ref, Math.abs(single[j]));
      batchEffect = Math.max(batchEffect, Math.abs(batch[j] - single[j]));
    }
    double path = 0;
    int off = 0;
    double largestOffA = 0;
    for (int s = 1; s <= STEPS; s++) {
      double here = 0;
      for (int j = 0; j < n; j++) {
        here = Math.max(here, Math.abs(batch[s * n + j] - batch[j]));
      }
      path = Math.max(path, here);
      if (here > 1e-5 * ref) {
        off++;
        largestOffA = (s - 0.5) / STEPS;
      }
    }
    return new double[] {path / ref, batchEffect / ref, off, largestOffA};
  }

  /** One plain forward of x, no gradient: the unit the costs are counted in. */
  static float[] forward(ModelFunction f, float[] pixels, int size) {
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      return f.forward(new NDList(m.create(pixels, new Shape(1, 3, size, size)))).toFloatArray();
    }
  }

  private static double millis(Supplier<Attribution> run) {
    long t0 = System.nanoTime();
    run.get();
    return (System.nanoTime() - t0) / 1e6;
  }

  /** {max_i |a_i − b_i| / max_i |b_i|, ||a − b|| / ||b||} over every attributed value. */
  static double[] differences(Attribution a, Attribution b) {
    double maxDiff = 0;
    double maxRef = 0;
    double sqDiff = 0;
    double sqRef = 0;
    for (int s = 0; s < b.scores().size(); s++) {
      float[] x = a.scores().get(s).floats();
      float[] y = b.scores().get(s).floats();
      for (int j = 0; j < y.length; j++) {
        double e = (double) x[j] - y[j];
        maxDiff = Math.max(maxDiff, Math.abs(e));
        maxRef = Math.max(maxRef, Math.abs(y[j]));
        sqDiff += e * e;
        sqRef += (double) y[j] * y[j];
      }
    }
    return new double[] {
      maxDiff / Math.max(maxRef, 1e-30), Math.sqrt(sqDiff / Math.max(sqRef, 1e-60))
    };
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /**
   * The trained network's folder, trained now when missing, stale or {@code retrain}; returns its
   * {@code training.json}.
   */
  static JsonObject ensureTrained(Path dir, boolean retrain) {
    TrainResNetXdnn.Settings settings = TrainResNetXdnn.Settings.defaults();
    JsonObject config = TrainResNetXdnn.defaultConfig();
    Path info = dir.resolve("training.json");
    try {
      if (!retrain && Files.isRegularFile(info)) {
        JsonObject o =
            JsonParser.parseString(Files.readString(info, StandardCharsets.UTF_8))
                .getAsJsonObject();
        if (settings.json().equals(o.get("settings"))
            && config.equals(o.get("config"))
            && Files.isRegularFile(dir.resolve("model-0000.params"))) {
          System.out.println("using the network trained earlier in " + dir);
          return o;
        }
      }
      System.out.println(
          "training the X-DNN into " + dir + " (a few minutes, once; progress on stderr)");
      TrainResNetXdnn.train(dir, config, settings, System.err::println);
      return JsonParser.parseString(Files.readString(info, StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": cannot read the trained network", e);
    }
  }

  /** {@code xdnn-resnet} next to the bench jar (or its classes folder): under {@code target/}. */
  static Path defaultModelDir() {
    try {
      Path code =
          Path.of(XdnnScale.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return code.getParent().resolve(TrainResNetXdnn.NAME);
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of("bench", "target", TrainResNetXdnn.NAME);
    }
  }

  private static String cpuName() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: the OS name is all we can say.
    }
    return System.getProperty("os.name") + " " + System.getProperty("os.arch");
  }
}
