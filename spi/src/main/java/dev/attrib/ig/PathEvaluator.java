package dev.attrib.ig;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import dev.attrib.internal.ModelFunction;
import dev.attrib.internal.Targets;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Tensor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Evaluates the target score, and optionally its gradient, at many points of one example, in
 * batches. A point is one float array per attributable input; fixed inputs are repeated.
 *
 * <p>It can also hold a <em>group</em> of examples of one signature (the same inputs, shapes and
 * types; {@link #signature}), whose points share batches: each point then belongs to one example
 * ({@link Rows}), whose fixed inputs its row gets and whose target scores it. That is how several
 * short inputs are attributed in one forward/backward instead of one each.
 *
 * <p>Points are fed in the order given and their gradients are handed back in that order, so the
 * callers' sums have a fixed reduction order whatever the batch size. Every native array lives in
 * one {@link NDManager} per batch that is closed before the next batch starts, so memory stays
 * bounded by one batch however many points there are.
 */
final class PathEvaluator {

  private final ModelFunction model;
  private final Example example;
  private final List<Example> group;
  private final List<NamedTensor> inputs;
  private final int[] attributableSlots;

  /** For each input slot, its index among the attributable inputs, or -1 for a fixed input. */
  private final int[] attributableAt;

  private final int[] sizes;

  PathEvaluator(Model model, Example example) {
    this(model, List.of(example));
  }

  /** An evaluator over a group of examples of one {@link #signature}. */
  PathEvaluator(Model model, List<Example> group) {
    EngineCheck.requireEngine();
    EngineCheck.applySettings();
    if (group.isEmpty()) {
      throw new IllegalArgumentException("no examples");
    }
    this.model = ModelFunction.of(model);
    this.example = group.get(0);
    this.group = List.copyOf(group);
    // Checked against the first example only (a lone example, the usual case, costs nothing).
    List<Object> sig = this.group.size() > 1 ? signature(example) : List.of();
    for (Example e : this.group.subList(1, this.group.size())) {
      if (!signature(e).equals(sig)) {
        throw new IllegalArgumentException("examples of one group must have one signature");
      }
    }
    this.inputs = example.inputs();
    List<Integer> slots = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i).attributable()) {
        slots.add(i);
      }
    }
    this.attributableSlots = slots.stream().mapToInt(Integer::intValue).toArray();
    this.attributableAt = new int[inputs.size()];
    Arrays.fill(attributableAt, -1);
    for (int i = 0; i < attributableSlots.length; i++) {
      attributableAt[attributableSlots[i]] = i;
    }
    this.sizes = new int[attributableSlots.length];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = inputs.get(attributableSlots[i]).value().size();
    }
  }

  Example example() {
    return example;
  }

  /**
   * What examples must share to be evaluated in one batch: each input's name, role, type and shape,
   * and the number of baseline samples.
   */
  static List<Object> signature(Example e) {
    List<Object> sig = new ArrayList<>();
    for (NamedTensor t : e.inputs()) {
      sig.add(t.name());
      sig.add(t.attributable());
      sig.add(t.value().isFloat());
      sig.add(Arrays.toString(t.value().shape()));
    }
    sig.add(e.baselines().size());
    return sig;
  }

  /**
   * Which example of the group each point belongs to ({@code owner[p]}; null: all to the first) and
   * the target each example's rows are scored on.
   */
  record Rows(int[] owner, Target[] targets, int[] inputAt, float[][] outputsAtInput) {
    Rows(int[] owner, Target[] targets) {
      this(owner, targets, null, null);
    }

    Rows(int[] owner, Target[] targets, int[] inputAt) {
      this(owner, targets, inputAt, inputAt == null ? null : new float[targets.length][]);
    }

    static Rows of(Target target) {
      return new Rows(null, new Target[] {target});
    }

    /** Example {@code e}'s raw output row at its input, kept by {@link #resolveIn}, or null. */
    float[] outputsAt(int e) {
      return outputsAtInput == null ? null : outputsAtInput[e];
    }

    /**
     * Resolves, in place, the targets of the examples whose input (point {@code inputAt[e]}) is
     * among points {@code from..to-1}, on their rows of {@code out}: one argmax over the batch for
     * predicted classes, as {@link Targets#resolve} takes it. Keeps their output rows too, where
     * the output is {@code [B, C]} (one copy of the batch's outputs, the prediction's forward pass
     * saved).
     */
    void resolveIn(int from, int to, NDArray out) {
      if (inputAt == null) {
        return;
      }
      long[] best = null;
      float[] all = null;
      for (int e = 0; e < inputAt.length; e++) {
        int at = inputAt[e];
        if (at < from || at >= to) {
          continue;
        }
        if (outputsAtInput[e] == null && out.getShape().dimension() == 2) {
          if (all == null) {
            all = out.toType(DataType.FLOAT32, false).toFloatArray();
          }
          int c = (int) out.getShape().get(1);
          outputsAtInput[e] = Arrays.copyOfRange(all, (at - from) * c, (at - from + 1) * c);
        }
        if (!targets[e].resolvesOnInput()) {
          continue;
        }
        if (targets[e] instanceof Target.PredictedTarget p) {
          if (best == null) {
            best = out.reshape(to - from, -1).argMax(1).toLongArray();
          }
          targets[e] = new Target.ClassTarget((int) best[at - from], p.activation());
        } else {
          targets[e] =
              Targets.resolve(
                  targets[e], out.get(new NDIndex().addSliceDim(at - from, at - from + 1)));
        }
      }
    }

    int ownerOf(int point) {
      return owner == null ? 0 : owner[point];
    }

    /** The one owner of points {@code from..to-1}, or -1 when they belong to several. */
    int soleOwner(int from, int to) {
      if (owner == null) {
        return 0;
      }
      int o = owner[from];
      for (int p = from + 1; p < to; p++) {
        if (owner[p] != o) {
          return -1;
        }
      }
      return o;
    }
  }

  ModelFunction model() {
    return model;
  }

  int attributableCount() {
    return sizes.length;
  }

  int size(int attributable) {
    return sizes[attributable];
  }

  /** The input point itself (of the first example of a group). */
  float[][] inputPoint() {
    return inputPoint(0);
  }

  /** Example {@code e} of the group's input point. */
  float[][] inputPoint(int e) {
    List<NamedTensor> in = group.get(e).inputs();
    float[][] p = new float[sizes.length][];
    for (int i = 0; i < sizes.length; i++) {
      p[i] = in.get(attributableSlots[i]).value().floats();
    }
    return p;
  }

  /** Bytes one point costs in one forward/backward: inputs, their gradients, the output. */
  long bytesPerPoint(long outputElements, int activationFactor) {
    long inputBytes = 0;
    for (NamedTensor t : inputs) {
      inputBytes += (long) t.value().size() * (t.value().isFloat() ? 4 : 8);
    }
    return inputBytes * activationFactor + outputElements * 4L * 2;
  }

  /** The memory probe's target: the sum of each row's outputs, which any output has. */
  private static final Target PROBE_TARGET =
      Targets.of(
          "sum of outputs (memory probe)",
          out -> out.reshape(out.getShape().get(0), -1).sum(new int[] {1}));

  /**
   * One forward and backward of {@code b} copies of the input, unchecked and thrown away: what
   * {@link MemoryProbe} measures. Its own scope, closed before it returns, as every batch's is.
   */
  void probeBatch(int b) {
    float[][] x = inputPoint();
    batchGradients(
        0, b, (p, i, dest, off) -> System.arraycopy(x[i], 0, dest, off, x[i].length), PROBE_TARGET);
  }

  /**
   * F(x), the gradient at x and the target resolved on x's own row, from one forward+backward of x
   * (a predicted class costs no forward pass of its own), with x's raw output row where the output
   * is {@code [B, C]} (else null).
   */
  AtInput atInput(Target target) {
    float[][] x = inputPoint();
    Rows rows = new Rows(null, new Target[] {target}, new int[] {0});
    float[][] g = new float[sizes.length][];
    double fx =
        gradients(
            1,
            0,
            (p, i, dest, off) -> System.arraycopy(x[i], 0, dest, off, x[i].length),
            rows,
            1,
            (p, grads, row) -> {
              for (int i = 0; i < g.length; i++) {
                g[i] = Arrays.copyOf(grads[i], sizes[i]);
              }
            })[0];
    return new AtInput(rows.targets()[0], fx, g, rows.outputsAt(0));
  }

  /** What {@link #atInput} gives. */
  record AtInput(Target target, double output, float[][] gradient, float[] outputs) {}

  /**
   * Resolves the target on the output at the input and returns it with F(x) and the output size.
   */
  Resolved resolve(Target target) {
    try (NDManager m = NDManager.newBaseManager(model.device())) {
      NDArray out = forward(m, List.<float[][]>of(inputPoint()));
      Target resolved = Targets.resolve(target, out);
      NDArray score = checkedScores(Targets.select(resolved, out), 1);
      return new Resolved(resolved, doubles(score)[0], out.size());
    }
  }

  record Resolved(Target target, double output, long outputElements) {}

  /**
   * Resolves the target on the input and scores the input and {@code others} in as few forwards as
   * the batch size allows (one, usually): returns the resolved target, F(x) and F(others).
   */
  Resolved resolveWith(Target target, List<float[][]> others, int batchSize, double[] otherScores) {
    List<float[][]> first = new ArrayList<>();
    first.add(inputPoint());
    int head = Math.min(others.size(), Math.max(0, batchSize - 1));
    first.addAll(others.subList(0, head));
    Target resolved;
    double fx;
    long elements;
    try (NDManager m = NDManager.newBaseManager(model.device())) {
      NDArray out = forward(m, first);
      elements = out.size() / first.size();
      resolved = target.resolvesOnInput() ? Targets.resolve(target, out.get("0:1")) : target;
      double[] v = doubles(checkedScores(Targets.select(resolved, out), first.size()));
      fx = v[0];
      System.arraycopy(v, 1, otherScores, 0, head);
    }
    if (head < others.size()) {
      double[] rest = scores(others.subList(head, others.size()), resolved, batchSize);
      System.arraycopy(rest, 0, otherScores, head, rest.length);
    }
    return new Resolved(resolved, fx, elements);
  }

  /** Target scores at the points, no gradients; batched. */
  double[] scores(List<float[][]> points, Target target, int batchSize) {
    return scores(points.size(), points::get, target, batchSize);
  }

  /** Target scores at {@code count} points made on demand, no gradients; batched. */
  double[] scores(int count, IntFunction<float[][]> pointAt, Target target, int batchSize) {
    double[] out = new double[count];
    for (int from = 0; from < count; from += batchSize) {
      int to = Math.min(count, from + batchSize);
      try (NDManager m = NDManager.newBaseManager(model.device())) {
        NDArray s =
            checkedScores(Targets.select(target, forward(m, points(pointAt, from, to))), to - from);
        double[] v = doubles(s);
        System.arraycopy(v, 0, out, from, v.length);
      }
    }
    return out;
  }

  /** Writes attributable input {@code input} of point {@code point} into {@code dest}. */
  interface PointFiller {
    void fill(int point, int input, float[] dest, int offset);
  }

  /**
   * Receives the gradients of point {@code point}: row {@code row} of each batch gradient array
   * (input {@code i}'s values are at {@code row * size(i)}). The arrays are reused: read, don't
   * keep.
   */
  interface RowSink {
    void accept(int point, float[][] batchGradients, int row);
  }

  /**
   * Target scores and gradients at {@code count} points written straight into the batch arrays,
   * with no per-point copies. The first {@code extra} points ride along in the first batch on top
   * of {@code batchSize} (IG uses them for F(x) and F(x'): one pass instead of two more).
   *
   * <p>The first batch of each size is checked against its first and last points computed alone
   * ({@link EngineCheck}): some CPUs' convolution kernels give batched inputs wrong gradients, and
   * the check switches to a setting that is right before any wrong number is used. Each point's row
   * gets its example's fixed inputs and target ({@link Rows}).
   */
  double[] gradients(
      int count, int extra, PointFiller filler, Rows target, int batchSize, RowSink sink) {
    double[] out = new double[count];
    EngineCheck.Guard guard = EngineCheck.guard(model);
    int from = 0;
    while (from < count) {
      int to = Math.min(count, from + batchSize + (from == 0 ? extra : 0));
      BatchGradients g = checkedBatch(guard, from, to, filler, target);
      System.arraycopy(g.scores(), 0, out, from, to - from);
      for (int r = 0; r < to - from; r++) {
        sink.accept(from + r, g.gradients(), r);
      }
      from = to;
    }
    return out;
  }

  /** Scores and gradients of one batch: input {@code i}'s row {@code r} at {@code r * size(i)}. */
  record BatchGradients(double[] scores, float[][] gradients) {}

  private BatchGradients checkedBatch(
      EngineCheck.Guard guard, int from, int to, PointFiller filler, Rows target) {
    int b = to - from;
    if (guard.onePointAtATime()) {
      return onePointAtATime(from, to, filler, target);
    }
    int epoch = guard.epochToCheck(b);
    BatchGradients batch = batchGradients(from, to, filler, target);
    if (epoch < 0) {
      return batch;
    }
    double diff = engineDifference(batch, from, to, filler, target);
    if (guard.record(b, epoch, diff) == EngineCheck.Verdict.AGREES) {
      return batch;
    }
    // The engine is wrong for this batch size; guard.record has switched oneDNN off where it could.
    if (!guard.onePointAtATime()) {
      double after = engineDifference(null, from, to, filler, target);
      if (guard.recordAfterSwitch(b, diff, after) == EngineCheck.Verdict.AGREES) {
        return batchGradients(from, to, filler, target);
      }
    }
    return onePointAtATime(from, to, filler, target);
  }

  /**
   * How far the engine's batched gradients are from single-point ones at this batch size, as {@link
   * EngineCheck#difference}. Cheap first: the batch's own first and last points, alone (skipped
   * when {@code batch} is null). Those may legitimately differ where a point sits on or near a ReLU
   * or max-pool tie (a near-flat image has thousands), since float noise between two kernels then
   * picks the other side. So a difference is only believed when it survives two probes: the batch's
   * points moved off their ties by independent seeded noise. A tie flip is a property of exact
   * values and does not survive new noise; an engine fault does.
   */
  private double engineDifference(
      BatchGradients batch, int from, int to, PointFiller filler, Rows target) {
    double diff =
        batch == null
            ? Double.POSITIVE_INFINITY
            : rowsAloneDifference(batch, from, to, filler, target);
    for (int seed = 1; seed <= 2 && diff > EngineCheck.TOLERANCE; seed++) {
      PointFiller probe = perturbed(filler, seed, from, to);
      diff = rowsAloneDifference(batchGradients(from, to, probe, target), from, to, probe, target);
    }
    return diff;
  }

  /**
   * How far the batch's first and last rows are from the same points computed alone (see {@link
   * EngineCheck#difference}).
   */
  private double rowsAloneDifference(
      BatchGradients batch, int from, int to, PointFiller filler, Rows target) {
    int b = to - from;
    double diff = 0;
    for (int r : new int[] {0, b - 1}) {
      BatchGradients alone = batchGradients(from + r, from + r + 1, filler, target);
      diff = Math.max(diff, EngineCheck.difference(batch, r, alone, sizes));
    }
    return diff;
  }

  /**
   * {@code filler}'s points {@code from..to-1} plus seeded Gaussian noise whose standard deviation
   * is a tenth of each input's RMS over those points (0.1 where they are all zero). The scale is
   * the batch's, not the point's: a point next to a black baseline is all but zero and would get no
   * noise of its own, leaving its thousands of max-pool ties in place. The noise of a point is the
   * same whether it is filled into a batch or alone, so the probe compares like with like.
   */
  private PointFiller perturbed(PointFiller filler, long seed, int from, int to) {
    double[] sd = new double[sizes.length];
    for (int i = 0; i < sizes.length; i++) {
      float[] scratch = new float[sizes[i]];
      double sq = 0;
      for (int p = from; p < to; p++) {
        filler.fill(p, i, scratch, 0);
        for (float v : scratch) {
          sq += (double) v * v;
        }
      }
      sd[i] = sq == 0 ? 0.1 : 0.1 * Math.sqrt(sq / ((double) sizes[i] * (to - from)));
    }
    return (p, i, dest, off) -> {
      filler.fill(p, i, dest, off);
      SplittableRandom r = new SplittableRandom(seed * 1_000_003L + p * 31L + i);
      for (int j = off; j < off + sizes[i]; j++) {
        // Box–Muller; SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        dest[j] += (float) (sd[i] * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
      }
    };
  }

  private BatchGradients onePointAtATime(int from, int to, PointFiller filler, Rows target) {
    int b = to - from;
    double[] scores = new double[b];
    float[][] grads = new float[sizes.length][];
    for (int i = 0; i < sizes.length; i++) {
      grads[i] = new float[b * sizes[i]];
    }
    for (int r = 0; r < b; r++) {
      BatchGradients one = batchGradients(from + r, from + r + 1, filler, target);
      scores[r] = one.scores()[0];
      for (int i = 0; i < sizes.length; i++) {
        System.arraycopy(one.gradients()[i], 0, grads[i], r * sizes[i], sizes[i]);
      }
    }
    return new BatchGradients(scores, grads);
  }

  /** One forward and backward of points {@code from..to-1}, with no check. */
  BatchGradients batchGradients(int from, int to, PointFiller filler, Target target) {
    return batchGradients(from, to, filler, Rows.of(target));
  }

  /** As above, each point's row with its own example's fixed inputs and target. */
  BatchGradients batchGradients(int from, int to, PointFiller filler, Rows target) {
    int b = to - from;
    try (NDManager m = NDManager.newBaseManager(model.device())) {
      NDList batch = filledBatch(m, from, to, filler, target);
      NDArray[] leaves = new NDArray[attributableSlots.length];
      for (int i = 0; i < leaves.length; i++) {
        leaves[i] = batch.get(attributableSlots[i]);
        leaves[i].setRequiresGradient(true);
      }
      double[] scores;
      try (Autograd gc = Autograd.open(m)) {
        NDArray out = model.forward(batch);
        target.resolveIn(from, to, out);
        NDArray s = checkedScores(select(m, target, from, to, out), b);
        scores = doubles(s);
        // Rows are independent, so d(sum)/d(row) is each row's own gradient.
        try {
          gc.backwardSum(s);
        } catch (EngineException e) {
          throw model.backwardFailure(e);
        }
      }
      float[][] grads = new float[leaves.length][];
      for (int i = 0; i < leaves.length; i++) {
        NDArray g = leaves[i].getGradient();
        if (g == null) {
          throw new AttribException(
              "no gradient reached input '"
                  + inputs.get(attributableSlots[i]).name()
                  + "': the model output does not depend on it differentiably");
        }
        grads[i] = g.toType(DataType.FLOAT32, false).toFloatArray();
      }
      return new BatchGradients(scores, grads);
    }
  }

  private static List<float[][]> points(IntFunction<float[][]> pointAt, int from, int to) {
    List<float[][]> out = new ArrayList<>(to - from);
    for (int p = from; p < to; p++) {
      out.add(pointAt.apply(p));
    }
    return out;
  }

  /** The model output at the points, for callers that need the whole output. */
  NDArray forwardRaw(NDManager m, List<float[][]> points) {
    return forward(m, points);
  }

  private NDArray forward(NDManager m, List<float[][]> points) {
    return model.forward(batch(m, points));
  }

  private NDList filledBatch(NDManager m, int from, int to, PointFiller filler, Rows rows) {
    float[][] data = new float[attributableSlots.length][];
    for (int i = 0; i < data.length; i++) {
      data[i] = new float[(to - from) * sizes[i]];
      for (int p = from; p < to; p++) {
        filler.fill(p, i, data[i], (p - from) * sizes[i]);
      }
    }
    return assemble(m, from, to, data, rows);
  }

  /**
   * The target score of each row of {@code out} (points {@code from..to-1}): one selection when the
   * rows share a target, one gather when they are classes under one activation, else a selection
   * per run of rows of one example, joined.
   */
  private static NDArray select(NDManager m, Rows rows, int from, int to, NDArray out) {
    int sole = rows.soleOwner(from, to);
    if (sole >= 0) {
      return Targets.select(rows.targets()[sole], out);
    }
    Target first = rows.targets()[rows.ownerOf(from)];
    boolean same = true;
    boolean classes = first instanceof Target.ClassTarget;
    for (int p = from; p < to && (same || classes); p++) {
      Target t = rows.targets()[rows.ownerOf(p)];
      same = same && t.equals(first);
      classes =
          classes
              && t instanceof Target.ClassTarget c
              && c.activation() == ((Target.ClassTarget) first).activation();
    }
    if (same) {
      return Targets.select(first, out);
    }
    if (classes) {
      long[] index = new long[to - from];
      for (int p = from; p < to; p++) {
        index[p - from] = ((Target.ClassTarget) rows.targets()[rows.ownerOf(p)]).index();
      }
      return Targets.selectEach(((Target.ClassTarget) first).activation(), index, out, m);
    }
    NDList parts = new NDList();
    int start = from;
    for (int p = from + 1; p <= to; p++) {
      if (p == to || rows.ownerOf(p) != rows.ownerOf(start)) {
        NDArray slice = out.get(new NDIndex().addSliceDim(start - from, p - from));
        parts.add(Targets.select(rows.targets()[rows.ownerOf(start)], slice).reshape(p - start));
        start = p;
      }
    }
    return NDArrays.concat(parts);
  }

  private NDList batch(NDManager m, List<float[][]> points) {
    int b = points.size();
    float[][] data = new float[attributableSlots.length][];
    for (int i = 0; i < data.length; i++) {
      data[i] = new float[b * sizes[i]];
      for (int r = 0; r < b; r++) {
        System.arraycopy(points.get(r)[i], 0, data[i], r * sizes[i], sizes[i]);
      }
    }
    return assemble(m, 0, b, data, Rows.of(null));
  }

  /**
   * The batch of points {@code from..to-1}: attributable inputs from {@code data}, fixed inputs
   * those of each point's example (repeated when the batch holds one example's points).
   */
  private NDList assemble(NDManager m, int from, int to, float[][] data, Rows rows) {
    int b = to - from;
    NDList list = new NDList(inputs.size());
    for (int slot = 0; slot < inputs.size(); slot++) {
      NamedTensor t = inputs.get(slot);
      long[] shape = t.value().shape();
      long[] batched = new long[shape.length + 1];
      batched[0] = b;
      System.arraycopy(shape, 0, batched, 1, shape.length);
      NDArray a;
      int attr = attributableAt[slot];
      if (attr >= 0) {
        a = floats(m, data[attr], new Shape(batched));
      } else {
        // A batch's points come in runs of one example: its values are copied out of its tensor
        // once per run, then into each row of the run.
        int n = t.value().size();
        boolean isFloat = t.value().isFloat();
        Object rep = isFloat ? new float[b * n] : new long[b * n];
        Object values = null;
        int owner = -1;
        for (int r = 0; r < b; r++) {
          int o = rows.ownerOf(from + r);
          if (o != owner) {
            Tensor v = group.get(o).inputs().get(slot).value();
            values = isFloat ? v.floats() : v.longs();
            owner = o;
          }
          System.arraycopy(values, 0, rep, r * n, n);
        }
        a =
            isFloat
                ? floats(m, (float[]) rep, new Shape(batched))
                : m.create((long[]) rep, new Shape(batched));
      }
      if (t.value().isFloat() && model.dataType() != DataType.FLOAT32) {
        a = a.toType(model.dataType(), false);
      }
      a.setName(t.name());
      list.add(a);
    }
    return list;
  }

  /**
   * A float32 array holding {@code data}. On PyTorch's CPU engine it is allocated by PyTorch and
   * written through a view of its own memory: DJL's {@code create(float[])} first copies into a
   * fresh Java direct buffer, whose allocation (malloc, zeroing, new pages, a Cleaner) cost more
   * than the copy and whose memory is only given back at a later GC, not when the scope closes.
   */
  private static NDArray floats(NDManager m, float[] data, Shape shape) {
    if (data.length > 0
        && m instanceof PtNDManager
        && Device.cpu().equals(m.getDevice())
        && viewWrites(m)) {
      NDArray a = m.create(shape, DataType.FLOAT32);
      // A fresh dense CPU tensor is contiguous, so this direct buffer is its memory, not a copy;
      // anything else (a heap copy) would leave the tensor unwritten, so fall back.
      ByteBuffer memory = a.toByteBuffer(true);
      if (memory.isDirect()) {
        memory.asFloatBuffer().put(data);
        return a;
      }
      a.close();
    }
    return m.create(data, shape);
  }

  /** Whether writing through a tensor's direct buffer writes the tensor; asked once per JVM. */
  private static volatile Boolean viewWrites;

  /**
   * That the buffer is a view and not a copy (and in native byte order) is how DJL's PyTorch engine
   * behaves, not a documented contract; a probe on a small tensor checks it once, so a different
   * engine build falls back to the copying path instead of leaving inputs unwritten.
   */
  private static boolean viewWrites(NDManager m) {
    Boolean v = viewWrites;
    if (v == null) {
      float[] probe = {1.5f, -2f, 3.25f, 7f};
      try (NDManager scope = m.newSubManager()) {
        NDArray a = scope.create(new Shape(probe.length), DataType.FLOAT32);
        ByteBuffer memory = a.toByteBuffer(true);
        boolean ok = false;
        if (memory.isDirect()) {
          memory.asFloatBuffer().put(probe);
          ok = Arrays.equals(probe, a.toFloatArray());
        }
        v = ok;
        viewWrites = v;
      }
    }
    return v;
  }

  /**
   * The scores as doubles. A float32 array is read as floats and widened here, which is exact and
   * gives the same values as {@code toType(FLOAT64)} without one more native op per batch.
   */
  private static double[] doubles(NDArray s) {
    if (s.getDataType() == DataType.FLOAT32) {
      float[] f = s.toFloatArray();
      double[] d = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        d[i] = f[i];
      }
      return d;
    }
    return s.toType(DataType.FLOAT64, false).toDoubleArray();
  }

  private static NDArray checkedScores(NDArray s, int rows) {
    Shape shape = s.getShape();
    if (shape.size() != rows) {
      throw new AttribException(
          "the target must give one score per batch row (" + rows + ") but gave shape " + shape);
    }
    // Already [rows] (a class column is): no reshape, which would be one more native op.
    return shape.dimension() == 1 ? s : s.reshape(rows);
  }

  /** Wraps float arrays of one point as tensors shaped like the attributable inputs. */
  List<Tensor> tensors(float[][] point) {
    List<Tensor> out = new ArrayList<>(point.length);
    for (int i = 0; i < point.length; i++) {
      out.add(Tensor.of(point[i], inputs.get(attributableSlots[i]).value().shape()));
    }
    return out;
  }

  List<String> attributableNames() {
    List<String> out = new ArrayList<>();
    for (int slot : attributableSlots) {
      out.add(inputs.get(slot).name());
    }
    return out;
  }
}
