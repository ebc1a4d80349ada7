package dev.attrib.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.attrib.ig.Attribution;
import dev.attrib.ig.EngineThreads;
import dev.attrib.ig.Quadrature;
import dev.attrib.internal.ModelFunction;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelLoader;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Tensor;
import dev.attrib.text.Piece;
import dev.attrib.text.TextEncoding;
import dev.attrib.text.TextManifest;
import dev.attrib.text.TextModality;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The TorchScript text-CNN benchmark of issue 13: what the library costs per input against the
 * least work any 50-step IG has to do, one input at a time and batched.
 *
 * <pre>
 * python3 bench/textcnn/make_textcnn.py                 # the model folder, bench/target/textcnn
 * java -Dai.djl.offline=true -jar bench/target/attrib-bench.jar text-cnn \
 *     [--model DIR] [--questions N] [--rounds R] [--threads 1] [--group G] [--ids FILE]
 * </pre>
 *
 * <p>The model is the text CNN {@code bench/textcnn/make_textcnn.py} writes (TorchScript, the
 * question classifier's WordPiece tokenizer), loaded once through {@link ModelLoader} ({@code
 * trainParam=true}), so every measurement runs the same module. The inputs are the 50 real English
 * questions of {@code textcnn-questions.txt} (the first N of them). The settings are the CLI's for
 * {@code attrib text}: IG, 50 Gauss–Legendre steps (fixed), the zero baseline, the predicted
 * class's softmax probability ({@link ExplainSettings#defaults(dev.attrib.spi.Modality)}). Per
 * input, in milliseconds:
 *
 * <ul>
 *   <li><b>floor</b>: one plain DJL forward+backward over the input's 50 Gauss–Legendre points in
 *       one batch: the token rows looked up in a copy of the embedding matrix, the {@code [50, L,
 *       D]} points {@code a_k · x} made by one multiplication in the engine, marked as requiring a
 *       gradient, the forward through the loaded model, softmax, the target class's column,
 *       backward in a {@link GradientCollector}, the gradient copied out. Tokens and target class
 *       are known in advance (untimed). The least work any IG has to do;
 *   <li><b>floor, batched</b>: the same for {@code --group} questions (default 8) at once, grouped
 *       by length and padded to the group's longest (attention mask 0): one forward+backward of
 *       {@code 8 × 50} rows. The least work any batched IG has to do, so {@code library one at a
 *       time / floor batched} bounds what batching inputs together can gain;
 *   <li><b>library, one at a time</b>: {@code new Explainer<>(text, model).explain(question, s)}
 *       for each question: tokenizing, the encoding's forward (the outputs the renderers show), the
 *       predicted class (a forward of x and the baseline), the 50-point forward+backward, the
 *       weighted sums, completeness and the unit scores;
 *   <li><b>library, batched</b>: {@code explainer.explainAll(questions, s)}: questions of one
 *       length share engine batches (core.md, "Several inputs in one batch");
 *   <li>for where the time goes: <b>encode</b> alone ({@code text.encode}), and <b>explain
 *       encoded</b> ({@code explainer.explain(encoded, s)} on encodings made in advance).
 * </ul>
 *
 * <p>After one untimed pass of everything (first calls at a shape pay for allocation and the memory
 * probe), each of {@code rounds} rounds runs every measurement over all questions: the
 * one-at-a-time ones question by question side by side (floor, library, encode, explain encoded),
 * then the batched ones. A measurement's per-input time in a round is its total over the questions
 * divided by their number, and the table shows the median over rounds. The ratios are taken per
 * round and their median shown, so that a drift of the machine's speed between rounds cancels.
 *
 * <p>Checks, untimed: the library's completeness (relative delta per input), that the floors'
 * gradients give the library's scores ({@code x · Σ w_k ∇F(a_k x)}, max abs difference relative to
 * max |score|; for the batched floor this also checks that padding is masked), and that the batched
 * library's results equal the one-at-a-time ones (the same measure).
 *
 * <p>The last line, {@code RESULT key=value ...}, is for {@code bench/textcnn/run.sh}, which adds
 * the PyTorch-from-Python floor and the CLI batch. With {@code --ids FILE} the token ids, target
 * classes and Gauss–Legendre rule are written there (JSON) for {@code bench/textcnn/floor.py}. Exit
 * code 0 whatever the numbers: this is a measurement, not a gate.
 */
public final class TextCnnBench {
  private TextCnnBench() {}

  static final int STEPS = 50;

  /** The targets. */
  static final double TARGET_LIBRARY_OVER_FLOOR = 1.3;

  static final double TARGET_BATCHED_SPEEDUP = 2.5;

  static final String QUESTIONS = "textcnn-questions.txt";

  public static void main(String[] args) {
    System.setProperty("ai.djl.offline", "true");
    int questions = 50;
    int rounds = 3;
    int threads = 1;
    int group = 8;
    Path dir = null;
    Path idsOut = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (i + 1 >= args.length && a.startsWith("--")) {
        usage();
      }
      switch (a) {
        case "--questions" -> questions = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--group" -> group = Integer.parseInt(args[++i]);
        case "--model" -> dir = Path.of(args[++i]);
        case "--ids" -> idsOut = Path.of(args[++i]);
        default -> usage();
      }
    }
    if (questions < 1 || rounds < 1 || threads < 1 || group < 1) {
      System.err.println(
          "attrib-bench text-cnn: --questions, --rounds, --threads and --group must be >= 1");
      System.exit(2);
    }
    if (dir == null) {
      dir = defaultModelDir();
    }
    if (!Files.isRegularFile(dir.resolve("attrib.json"))) {
      System.err.println(
          "attrib-bench text-cnn: no model folder at "
              + dir
              + "; make it with: python3 bench/textcnn/make_textcnn.py "
              + dir);
      System.exit(2);
    }
    List<String> qs = questions(questions);
    EngineThreads.use(threads);
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    double loadBefore = os.getSystemLoadAverage();
    TextModality text = new TextModality();
    try (LoadedModel model = ModelLoader.load(dir, text.manifestKeys(), Device.cpu())) {
      run(text, model, dir, qs, rounds, threads, group, idsOut, os, loadBefore);
    }
  }

  private static void usage() {
    System.err.println(
        "usage: attrib-bench text-cnn [--model DIR] [--questions N] [--rounds R] [--threads N]"
            + " [--group G] [--ids FILE]");
    System.exit(2);
  }

  private static void run(
      TextModality text,
      LoadedModel model,
      Path dir,
      List<String> qs,
      int rounds,
      int threads,
      int group,
      Path idsOut,
      OperatingSystemMXBean os,
      double loadBefore) {
    int n = qs.size();
    ExplainSettings s = ExplainSettings.defaults(text);
    Explainer<TextEncoding> explainer = new Explainer<>(text, model);
    String embeddingName = TextManifest.of(model.manifest()).embedding();
    Tensor matrix = model.parameter(embeddingName);
    float[] embedding = matrix.floats();
    int dim = Math.toIntExact(matrix.shape()[1]);
    Quadrature.Rule rule = Quadrature.GAUSS_LEGENDRE.rule(STEPS);
    ModelFunction f = ModelFunction.of(model);

    // The untimed first pass: reference results, and every shape met once.
    List<Explanation<TextEncoding>> single = new ArrayList<>(n);
    List<TextEncoding> encoded = new ArrayList<>(n);
    long[][] ids = new long[n][];
    int[] target = new int[n];
    for (int q = 0; q < n; q++) {
      Explanation<TextEncoding> e = explainer.explain(qs.get(q), s);
      single.add(e);
      encoded.add(e.encoded());
      ids[q] = e.encoded().pieces().stream().mapToLong(Piece::id).toArray();
      target[q] = e.rows().get(0).index();
    }
    boolean batchedApi = true;
    List<Explanation<TextEncoding>> batched = explainAll(explainer, qs, s);
    int[][] groups = groups(ids, group);
    float[][] groupedGrads = new float[n][];
    for (int[] g : groups) {
      float[][] grads = floorBatched(f, embedding, dim, ids, target, g, rule);
      for (int j = 0; j < g.length; j++) {
        groupedGrads[g[j]] = grads[j];
      }
    }
    float[][] floorGrads = new float[n][];
    for (int q = 0; q < n; q++) {
      floorGrads[q] = floor(f, embedding, dim, ids[q], target[q], rule);
      explainer.explain(encoded.get(q), s);
      text.encode(qs.get(q), model, s.options());
    }
    if (idsOut != null) {
      writeIds(idsOut, dir, embeddingName, ids, target, rule);
    }

    // Checks.
    double worstDelta = 0;
    double[] deltas = new double[n];
    double floorDiff = 0;
    double batchDiff = 0;
    double groupedDiff = 0;
    int maxLen = 0;
    int sumLen = 0;
    for (int q = 0; q < n; q++) {
      Attribution a = single.get(q).rows().get(0).attribution();
      deltas[q] = Math.abs(a.completeness().relativeDelta());
      worstDelta = Math.max(worstDelta, deltas[q]);
      float[] lib = a.scores(TextModality.INPUTS_EMBEDS).floats();
      float[] fromFloor = igFromGradients(floorGrads[q], embedding, dim, ids[q], rule);
      floorDiff = Math.max(floorDiff, relDiff(fromFloor, lib));
      groupedDiff =
          Math.max(
              groupedDiff,
              relDiff(igFromGradients(groupedGrads[q], embedding, dim, ids[q], rule), lib));
      float[] b =
          batched.get(q).rows().get(0).attribution().scores(TextModality.INPUTS_EMBEDS).floats();
      batchDiff = Math.max(batchDiff, relDiff(b, lib));
      maxLen = Math.max(maxLen, ids[q].length);
      sumLen += ids[q].length;
    }

    // The timed rounds.
    double[] floorMs = new double[rounds];
    double[] libMs = new double[rounds];
    double[] batchedMs = new double[rounds];
    double[] encodeMs = new double[rounds];
    double[] explainEncodedMs = new double[rounds];
    double[] groupedMs = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      // Per question, the one-at-a-time measurements side by side, so that a change of the
      // machine's speed within a round hits them alike; the batched ones cannot be split.
      long floorNs = 0;
      long libNs = 0;
      long encodeNs = 0;
      long explainEncodedNs = 0;
      for (int q = 0; q < n; q++) {
        long t0 = System.nanoTime();
        floor(f, embedding, dim, ids[q], target[q], rule);
        long t1 = System.nanoTime();
        explainer.explain(qs.get(q), s);
        long t2 = System.nanoTime();
        text.encode(qs.get(q), model, s.options());
        long t3 = System.nanoTime();
        explainer.explain(encoded.get(q), s);
        long t4 = System.nanoTime();
        floorNs += t1 - t0;
        libNs += t2 - t1;
        encodeNs += t3 - t2;
        explainEncodedNs += t4 - t3;
      }
      long t5 = System.nanoTime();
      explainAll(explainer, qs, s);
      long t6 = System.nanoTime();
      for (int[] g : groups) {
        floorBatched(f, embedding, dim, ids, target, g, rule);
      }
      long t7 = System.nanoTime();
      floorMs[r] = floorNs / 1e6 / n;
      libMs[r] = libNs / 1e6 / n;
      encodeMs[r] = encodeNs / 1e6 / n;
      explainEncodedMs[r] = explainEncodedNs / 1e6 / n;
      batchedMs[r] = (t6 - t5) / 1e6 / n;
      groupedMs[r] = (t7 - t6) / 1e6 / n;
    }
    double[] libOverFloor = new double[rounds];
    double[] speedup = new double[rounds];
    double[] ceiling = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      libOverFloor[r] = libMs[r] / floorMs[r];
      speedup[r] = libMs[r] / batchedMs[r];
      ceiling[r] = libMs[r] / groupedMs[r];
    }
    double loadAfter = os.getSystemLoadAverage();

    double floor = median(floorMs);
    double lib = median(libMs);
    double bat = median(batchedMs);
    double ratio = median(libOverFloor);
    double sp = median(speedup);
    PrintLines out = new PrintLines();
    out.add(
        "Text model %s, %d questions of %.1f tokens on average (at most %d), IG %d Gauss-Legendre"
            + " steps, zero baseline, predicted class's probability; %d PyTorch thread(s), %d"
            + " rounds; ms per input, median over rounds (range)",
        dir.getFileName(), n, (double) sumLen / n, maxLen, STEPS, threads, rounds);
    out.add(
        "  %-44s %8.3f  (%s)", "floor (DJL: one 50-point forward+backward)", floor, range(floorMs));
    out.add(
        "  %-44s %8.3f  (%s)",
        "floor, batched (" + group + " inputs, " + group * STEPS + " rows)",
        median(groupedMs),
        range(groupedMs));
    out.add("  %-44s %8.3f  (%s)", "library, one at a time (explain)", lib, range(libMs));
    out.add("  %-44s %8.3f  (%s)%s", "library, batched (explainAll)", bat, range(batchedMs), "");
    out.add(
        "  %-44s %8.3f  (%s)",
        "  of which: encode (tokens, 1-row forward)", median(encodeMs), range(encodeMs));
    out.add(
        "  %-44s %8.3f  (%s)",
        "  of which: explain(encoded)", median(explainEncodedMs), range(explainEncodedMs));
    out.add(
        "library / floor: %.2f (rounds %s)   target <= %.1f: %s",
        ratio,
        list(libOverFloor),
        TARGET_LIBRARY_OVER_FLOOR,
        ratio <= TARGET_LIBRARY_OVER_FLOOR ? "met" : "NOT met");
    out.add(
        "batched throughput / one at a time: %.2fx (rounds %s)   target >= %.1fx: %s",
        sp,
        list(speedup),
        TARGET_BATCHED_SPEEDUP,
        sp >= TARGET_BATCHED_SPEEDUP ? "met" : "NOT met");
    out.add(
        "the most batching can give: library one at a time / floor batched %.2fx (rounds %s)",
        median(ceiling), list(ceiling));
    Arrays.sort(deltas);
    out.add(
        "completeness: |relative delta| median %.2e, worst %.2e (%d of %d inputs above 1%%)",
        deltas[n / 2], worstDelta, Arrays.stream(deltas).filter(d -> d > 0.01).count(), n);
    out.add(
        "floor's gradients -> x * sum_k w_k grad F(a_k x) against the library's scores: max |diff| /"
            + " max |score| %.2e",
        floorDiff);
    out.add(
        "floor batched (padded to the longest of %d, masked) -> IG against the library's one at a"
            + " time: max |diff| / max |score| %.2e",
        group, groupedDiff);
    out.add("batched against one at a time: max |diff| / max |score| %.2e%s", batchDiff, "");
    out.add(
        "System load average before/after: %.2f / %.2f on %d cores%s",
        loadBefore,
        loadAfter,
        os.getAvailableProcessors(),
        Math.max(loadBefore, loadAfter) > threads + 0.5
            ? " -- the machine was busy: rerun on a quiet machine for trustworthy numbers."
            : ".");
    out.add(
        "RESULT floor=%.4f floorBatched=%.4f library=%.4f batched=%.4f encode=%.4f"
            + " explainEncoded=%.4f libraryOverFloor=%.4f speedup=%.4f ceiling=%.4f explainAll=%s"
            + " worstDelta=%.3e floorDiff=%.3e groupedDiff=%.3e batchDiff=%.3e questions=%d"
            + " group=%d rounds=%d",
        floor,
        median(groupedMs),
        lib,
        bat,
        median(encodeMs),
        median(explainEncodedMs),
        ratio,
        sp,
        median(ceiling),
        batchedApi,
        worstDelta,
        floorDiff,
        groupedDiff,
        batchDiff,
        n,
        group,
        rounds);
    out.print();
  }

  /**
   * The floor: one plain forward+backward over the {@link #STEPS} Gauss–Legendre points {@code a_k
   * · x} (zero baseline) of the token rows {@code ids}, in one batch, on the softmax probability of
   * class {@code k}; returns the {@code [STEPS, L, D]} gradient.
   */
  static float[] floor(
      ModelFunction f, float[] embedding, int dim, long[] ids, int k, Quadrature.Rule rule) {
    int len = ids.length;
    float[] rows = new float[len * dim];
    for (int i = 0; i < len; i++) {
      System.arraycopy(embedding, Math.toIntExact(ids[i]) * dim, rows, i * dim, dim);
    }
    float[] alphas = new float[STEPS];
    for (int j = 0; j < STEPS; j++) {
      alphas[j] = (float) rule.alphas()[j];
    }
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = m.create(rows, new Shape(1, len, dim));
      NDArray points = x.mul(m.create(alphas, new Shape(STEPS, 1, 1)));
      points.setName(TextModality.INPUTS_EMBEDS);
      points.setRequiresGradient(true);
      NDArray mask = m.ones(new Shape(STEPS, len), DataType.INT64);
      mask.setName(TextModality.ATTENTION_MASK);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray logits = f.forward(new NDList(points, mask));
        gc.backward(logits.softmax(1).get(":, " + k));
      }
      return points.getGradient().toFloatArray();
    }
  }

  /**
   * The question indexes in groups of at most {@code size}, by length (shortest first), so that a
   * group's padding is small: how a batched IG would best group them.
   */
  static int[][] groups(long[][] ids, int size) {
    Integer[] order = new Integer[ids.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(ids[a].length, ids[b].length));
    int[][] out = new int[(ids.length + size - 1) / size][];
    for (int g = 0; g < out.length; g++) {
      int from = g * size;
      int to = Math.min(ids.length, from + size);
      out[g] = new int[to - from];
      for (int j = from; j < to; j++) {
        out[g][j - from] = order[j];
      }
    }
    return out;
  }

  /**
   * The floor of a batched IG: the {@link #STEPS} points of each question of {@code group} in one
   * batch of {@code group.length × STEPS} rows, padded to the group's longest question (zero
   * embeddings, attention mask 0), one forward+backward of each row's own target probability.
   * Returns each question's {@code [STEPS, L, D]} gradient, padding left out.
   */
  static float[][] floorBatched(
      ModelFunction f,
      float[] embedding,
      int dim,
      long[][] ids,
      int[] target,
      int[] group,
      Quadrature.Rule rule) {
    int g = group.length;
    int len = 0;
    for (int q : group) {
      len = Math.max(len, ids[q].length);
    }
    float[] rows = new float[g * len * dim];
    long[] mask = new long[g * STEPS * len];
    for (int j = 0; j < g; j++) {
      long[] t = ids[group[j]];
      for (int i = 0; i < t.length; i++) {
        System.arraycopy(embedding, Math.toIntExact(t[i]) * dim, rows, (j * len + i) * dim, dim);
      }
      for (int k = 0; k < STEPS; k++) {
        Arrays.fill(mask, (j * STEPS + k) * len, (j * STEPS + k) * len + t.length, 1L);
      }
    }
    float[] alphas = new float[STEPS];
    for (int k = 0; k < STEPS; k++) {
      alphas[k] = (float) rule.alphas()[k];
    }
    float[] grads;
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = m.create(rows, new Shape(g, 1, len, dim));
      NDArray points =
          x.mul(m.create(alphas, new Shape(1, STEPS, 1, 1))).reshape(g * STEPS, len, dim);
      points.setName(TextModality.INPUTS_EMBEDS);
      points.setRequiresGradient(true);
      NDArray maskArray = m.create(mask, new Shape(g * STEPS, len));
      maskArray.setName(TextModality.ATTENTION_MASK);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray probs = f.forward(new NDList(points, maskArray)).softmax(1);
        int classes = Math.toIntExact(probs.getShape().get(1));
        float[] pick = new float[g * STEPS * classes];
        for (int j = 0; j < g; j++) {
          for (int k = 0; k < STEPS; k++) {
            pick[(j * STEPS + k) * classes + target[group[j]]] = 1f;
          }
        }
        gc.backward(probs.mul(m.create(pick, new Shape(g * STEPS, classes))).sum(new int[] {1}));
      }
      grads = points.getGradient().toFloatArray();
    }
    float[][] out = new float[g][];
    for (int j = 0; j < g; j++) {
      int l = ids[group[j]].length;
      out[j] = new float[STEPS * l * dim];
      for (int k = 0; k < STEPS; k++) {
        System.arraycopy(grads, (j * STEPS + k) * len * dim, out[j], k * l * dim, l * dim);
      }
    }
    return out;
  }

  /** IG from the floor's gradients: {@code x · Σ_k w_k ∇F(a_k x)}, summed in double. */
  static float[] igFromGradients(
      float[] grads, float[] embedding, int dim, long[] ids, Quadrature.Rule rule) {
    int size = ids.length * dim;
    float[] out = new float[size];
    for (int j = 0; j < size; j++) {
      double acc = 0;
      for (int k = 0; k < STEPS; k++) {
        acc += rule.weights()[k] * grads[k * size + j];
      }
      float x = embedding[Math.toIntExact(ids[j / dim]) * dim + j % dim];
      out[j] = (float) (x * acc);
    }
    return out;
  }

  /** The library's batched path: {@code explainer.explainAll(inputs, s)}, in input order. */
  static List<Explanation<TextEncoding>> explainAll(
      Explainer<TextEncoding> explainer, List<String> inputs, ExplainSettings s) {
    List<Explanation<TextEncoding>> out = new ArrayList<>(inputs.size());
    for (Explainer.Outcome<TextEncoding> o : explainer.explainAll(inputs, s)) {
      if (o.error() != null) {
        throw new IllegalStateException("explainAll failed on '" + o.input() + "': " + o.error());
      }
      out.add(o.explanation());
    }
    return out;
  }

  /** max_i |a_i − b_i| / max_i |b_i|. */
  static double relDiff(float[] a, float[] b) {
    double diff = 0;
    double ref = 0;
    for (int i = 0; i < b.length; i++) {
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
      ref = Math.max(ref, Math.abs(b[i]));
    }
    return ref == 0 ? diff : diff / ref;
  }

  /** The first {@code n} questions of the resource file. */
  static List<String> questions(int n) {
    List<String> all = new ArrayList<>();
    try (InputStream in = TextCnnBench.class.getResourceAsStream(QUESTIONS)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + QUESTIONS);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isBlank()) {
          all.add(line.strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (n > all.size()) {
      System.err.println(
          "attrib-bench text-cnn: only "
              + all.size()
              + " questions; --questions "
              + n
              + " is too many");
      System.exit(2);
    }
    return all.subList(0, n);
  }

  /** The inputs of {@code bench/textcnn/floor.py}: the same work in PyTorch from Python. */
  private static void writeIds(
      Path file, Path dir, String embedding, long[][] ids, int[] target, Quadrature.Rule rule) {
    StringBuilder b = new StringBuilder();
    b.append("{\n  \"model\": \"").append(dir.toAbsolutePath().resolve("model.pt")).append("\",\n");
    b.append("  \"embedding\": \"").append(embedding).append("\",\n");
    b.append("  \"alphas\": ").append(Arrays.toString(rule.alphas())).append(",\n");
    b.append("  \"weights\": ").append(Arrays.toString(rule.weights())).append(",\n");
    b.append("  \"targets\": ").append(Arrays.toString(target)).append(",\n");
    StringJoiner rows = new StringJoiner(",\n    ", "  \"ids\": [\n    ", "\n  ]\n}\n");
    for (long[] row : ids) {
      rows.add(Arrays.toString(row));
    }
    b.append(rows);
    try {
      Files.writeString(file, b.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static Path defaultModelDir() {
    try {
      Path code =
          Path.of(TextCnnBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return code.getParent().resolve("textcnn");
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of("bench", "target", "textcnn");
    }
  }

  static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    int n = c.length;
    return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
  }

  private static String range(double[] v) {
    double lo = Arrays.stream(v).min().orElse(Double.NaN);
    double hi = Arrays.stream(v).max().orElse(Double.NaN);
    return String.format(Locale.ROOT, "%.3f-%.3f", lo, hi);
  }

  private static String list(double[] v) {
    StringJoiner j = new StringJoiner(", ");
    for (double d : v) {
      j.add(String.format(Locale.ROOT, "%.2f", d));
    }
    return j.toString();
  }

  /** Lines printed at the end, after the engine's own output. */
  private static final class PrintLines {
    private final List<String> lines = new ArrayList<>();

    void add(String format, Object... args) {
      lines.add(String.format(Locale.ROOT, format, args));
    }

    void print() {
      lines.forEach(System.out::println);
    }
  }
}
