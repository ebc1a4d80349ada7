package dev.attrib.ig;

import dev.attrib.spi.AttribException;
import dev.attrib.spi.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Integrated Gradients (Sundararajan, Taly & Yan, 2017): {@code IG_i(x) = (x_i - x'_i) ∫_0^1
 * ∂F/∂x_i (x' + a (x - x')) da}, by quadrature.
 *
 * <pre>{@code
 * AttributionMethod ig = IntegratedGradients.builder()
 *     .steps(64)
 *     .quadrature(Quadrature.GAUSS_LEGENDRE)
 *     .build();
 * Attribution a = ig.attribute(model, Example.of(Tensor.of(new float[] {3f, 1f})), Target.index(0));
 * System.out.println(a.completeness());   // F(x), F(x'), sum, delta, relative delta
 * }</pre>
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>one score tensor per attributable input, shaped like it; with several baseline samples the
 *       attributions are averaged over them (expected gradients when the samples are draws);
 *   <li>every result carries the completeness report, computed from rows of their own at the input
 *       and at each baseline (riding in the first gradient batch), never from the path; a predicted
 *       target is resolved on the input's row there too;
 *   <li>the gradients along the path are summed in point order in double precision, so the result
 *       does not depend on the internal batch size beyond the model's own float32 round-off;
 *   <li>in adaptive mode ({@link Builder#tolerance}) the number of steps is doubled from {@link
 *       Builder#steps} until the relative completeness delta is within the tolerance or {@link
 *       Builder#maxSteps} is reached; {@link MethodSettings#steps()} reports the steps used and
 *       {@link MethodSettings#converged()} whether the tolerance was met. When the baseline scores
 *       like the input ({@link Completeness#smallBudget()}) the relative delta divides by almost
 *       nothing and more steps cannot bring it down reliably; there the tolerance applies to the
 *       absolute delta against max(|F(x)|, |F(x')|) ({@link Completeness#absoluteHolds}).
 * </ul>
 *
 * <p>Immutable and safe to share between threads.
 */
public final class IntegratedGradients implements AttributionMethod {

  public static final String NAME = "integrated-gradients";

  /** The adaptive stopping rule; see the class comment. */
  static boolean met(Completeness c, double tolerance) {
    return c.holds(tolerance) || (c.smallBudget() && c.absoluteHolds(tolerance));
  }

  private final int steps;
  private final Quadrature quadrature;
  private final BatchPlanner planner;
  private final Double tolerance;
  private final int maxSteps;

  private IntegratedGradients(Builder b) {
    this.steps = b.steps;
    this.quadrature = b.quadrature;
    this.planner = new BatchPlanner(b.batchSize, b.memoryBudget, b.activationFactor, b.memoryProbe);
    this.tolerance = b.tolerance;
    this.maxSteps = b.maxSteps;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this method's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.steps = steps;
    b.quadrature = quadrature;
    b.batchSize = planner.batchSize();
    b.memoryBudget = planner.memoryBudgetBytes();
    b.activationFactor = planner.activationFactor();
    b.memoryProbe = planner.probe();
    b.tolerance = tolerance;
    b.maxSteps = maxSteps;
    return b;
  }

  @Override
  public String name() {
    return NAME;
  }

  public int steps() {
    return steps;
  }

  public Quadrature quadrature() {
    return quadrature;
  }

  /**
   * One example: a group of one ({@link #attributeEach} for the stream, the rows for F(x) and F(x')
   * and the resolution of a predicted target).
   */
  @Override
  public Attribution attribute(Model model, Example example, Target target) {
    return attributeGroup(model, List.of(example), new Target[] {target})[0];
  }

  /**
   * Attributes several examples with their points in shared batches: examples of one signature
   * (inputs, shapes, baseline count: short questions of one length, molecules of one size, images)
   * are one stream of points, cut into batches by the memory budget as one example's points are, so
   * a model too small to fill the engine with one example's steps is called a few times per group
   * instead of a few times per example. Each result is the one {@link #attribute} gives alone: the
   * same points, rows for F(x) and F(x'), weights and reduction order; only the batch composition
   * differs, which moves results by the model's float32 round-off at most. In adaptive mode the
   * examples that have not met the tolerance go on together with twice the steps.
   */
  @Override
  public List<Attribution> attributeEach(
      Model model, List<Example> examples, List<Target> targets) {
    return attributeEach(model, examples, targets, GROUP_BYTES);
  }

  /** As above, with {@code groupBytes} in place of {@link #GROUP_BYTES}; for tests. */
  List<Attribution> attributeEach(
      Model model, List<Example> examples, List<Target> targets, long groupBytes) {
    if (examples.size() != targets.size()) {
      throw new IllegalArgumentException(
          examples.size() + " examples but " + targets.size() + " targets");
    }
    Attribution[] out = new Attribution[examples.size()];
    Map<List<Object>, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < examples.size(); i++) {
      groups
          .computeIfAbsent(PathEvaluator.signature(examples.get(i)), k -> new ArrayList<>())
          .add(i);
    }
    List<List<Integer>> parts = new ArrayList<>();
    for (List<Integer> members : groups.values()) {
      // A group's Java-side arrays (each example's input, differences and double accumulators)
      // live until its last batch: split so they stay within GROUP_BYTES, whatever the caller
      // passes (a thousand 224x224 images would need gigabytes; questions fit by the thousand).
      long each = Math.max(1, groupBytes(examples.get(members.get(0))));
      int per = (int) Math.max(1, Math.min(Integer.MAX_VALUE, groupBytes / each));
      for (int from = 0; from < members.size(); from += per) {
        parts.add(members.subList(from, Math.min(members.size(), from + per)));
      }
    }
    for (List<Integer> members : parts) {
      List<Example> group = new ArrayList<>();
      Target[] t = new Target[members.size()];
      for (int j = 0; j < members.size(); j++) {
        group.add(examples.get(members.get(j)));
        t[j] = targets.get(members.get(j));
      }
      Attribution[] done = attributeGroup(model, group, t);
      for (int j = 0; j < members.size(); j++) {
        out[members.get(j)] = done[j];
      }
    }
    return List.of(out);
  }

  /** What a group's Java-side arrays may hold at once (see attributeEach): 64 MiB. */
  static final long GROUP_BYTES = 64L << 20;

  /**
   * One example's Java-side bytes in a group: per baseline sample its baseline, difference and
   * double accumulator (4 + 4 + 8 bytes a value), and its input.
   */
  private static long groupBytes(Example e) {
    long values = 0;
    for (var t : e.attributable()) {
      values += t.value().size();
    }
    return values * (4 + 16L * Math.max(1, e.baselines().size()));
  }

  private Attribution[] attributeGroup(Model model, List<Example> group, Target[] targets) {
    PathEvaluator ev = new PathEvaluator(model, group);
    int g = group.size();
    List<List<float[][]>> basePoints = new ArrayList<>(g);
    for (Example e : group) {
      List<float[][]> samples = new ArrayList<>();
      for (List<Tensor> sample : e.baselinesOrZero()) {
        float[][] p = new float[sample.size()][];
        for (int i = 0; i < p.length; i++) {
          p[i] = sample.get(i).floats();
        }
        samples.add(p);
      }
      basePoints.add(samples);
    }
    int samples = basePoints.get(0).size();
    // As attribute: each example's rows for F(x) and F(x') ride along in the first pass, x first,
    // and a predicted target is resolved on x's row in the batch that holds it.
    Target[] resolved = targets.clone();
    double[] fx = new double[g];
    float[][] outputs = new float[g][];
    double[][] baseScores = new double[g][samples];
    Attribution[] out = new Attribution[g];
    List<Integer> active = new ArrayList<>();
    for (int e = 0; e < g; e++) {
      active.add(e);
    }
    int n = steps;
    boolean first = true;
    while (!active.isEmpty()) {
      boolean withEnds = first;
      GroupPass pass = integrateGroup(ev, resolved, basePoints, active, n, withEnds);
      List<Integer> next = new ArrayList<>();
      for (int a = 0; a < active.size(); a++) {
        int e = active.get(a);
        if (withEnds) {
          fx[e] = pass.endScores[a][0];
          outputs[e] = pass.rows().outputsAt(e);
          System.arraycopy(pass.endScores[a], 1, baseScores[e], 0, samples);
        }
        Completeness c = Completeness.of(fx[e], mean(baseScores[e]), pass.sums[a]);
        boolean met = tolerance != null && met(c, tolerance);
        if (tolerance == null || met || n >= maxSteps) {
          MethodSettings s =
              new MethodSettings(
                  NAME,
                  quadrature.id(),
                  n,
                  samples,
                  pass.batchSize,
                  null,
                  null,
                  null,
                  tolerance == null ? null : met);
          Target t = resolved[e];
          out[e] =
              new Attribution(
                  ev.attributableNames(),
                  pass.scores[a],
                  t.describe(),
                  t.index(),
                  fx[e],
                  c,
                  s,
                  outputs[e]);
        } else {
          next.add(e);
        }
      }
      active = next;
      first = false;
      n = Math.min(maxSteps, n * 2);
    }
    return out;
  }

  private record GroupPass(
      List<Tensor>[] scores,
      double[] sums,
      int batchSize,
      double[][] endScores,
      PathEvaluator.Rows rows) {}

  /**
   * One quadrature pass of the {@code active} examples of a group, their points in one stream:
   * example after example, each with (if {@code withEnds}) its input and baseline rows first, then
   * sample after sample, node after node. The gradients are summed in that order, in double
   * precision, so the result does not depend on where the stream is cut into batches.
   */
  @SuppressWarnings("unchecked")
  private GroupPass integrateGroup(
      PathEvaluator ev,
      Target[] targets,
      List<List<float[][]>> basePoints,
      List<Integer> active,
      int n,
      boolean withEnds) {
    Quadrature.Rule rule = quadrature.rule(n);
    double[] alphas = rule.alphas();
    double[] weights = rule.weights();
    int k = ev.attributableCount();
    int samples = basePoints.get(0).size();
    int ends = withEnds ? 1 + samples : 0;
    int per = ends + samples * n;
    int g = active.size();
    float[][][] x = new float[g][][];
    float[][][][] diff = new float[g][samples][k][];
    double[][][][] acc = new double[g][samples][k][];
    int[] owner = new int[g * per];
    for (int a = 0; a < g; a++) {
      int e = active.get(a);
      x[a] = ev.inputPoint(e);
      for (int s = 0; s < samples; s++) {
        float[][] base = basePoints.get(e).get(s);
        for (int i = 0; i < k; i++) {
          float[] d = new float[x[a][i].length];
          for (int j = 0; j < d.length; j++) {
            d[j] = x[a][i][j] - base[i][j];
          }
          diff[a][s][i] = d;
          acc[a][s][i] = new double[d.length];
        }
      }
      java.util.Arrays.fill(owner, a * per, (a + 1) * per, e);
    }
    // The first example's rows for F(x) and F(x') ride on top of the first batch, as a lone
    // example's always have: the budget holds them too, and the batch size is that of the path.
    int batch = planner.plan(ev, 0, g * per - ends, ends);
    int[] inputAt = null;
    if (withEnds) {
      inputAt = new int[targets.length];
      java.util.Arrays.fill(inputAt, -1);
      for (int a = 0; a < g; a++) {
        inputAt[active.get(a)] = a * per;
      }
    }
    PathEvaluator.Rows rows = new PathEvaluator.Rows(owner, targets, inputAt);
    double[] scores =
        ev.gradients(
            g * per,
            ends,
            (p, i, dest, off) -> {
              int a = p / per;
              int q = p % per;
              if (q < ends) {
                float[] v = q == 0 ? x[a][i] : basePoints.get(active.get(a)).get(q - 1)[i];
                System.arraycopy(v, 0, dest, off, v.length);
                return;
              }
              q -= ends;
              float al = (float) alphas[q % n];
              float[] bi = basePoints.get(active.get(a)).get(q / n)[i];
              float[] di = diff[a][q / n][i];
              for (int j = 0; j < di.length; j++) {
                dest[off + j] = bi[j] + al * di[j];
              }
            },
            rows,
            batch,
            (p, gr, row) -> {
              int a = p / per;
              int q = p % per - ends;
              if (q < 0) {
                return;
              }
              double w = weights[q % n];
              double[][] ac = acc[a][q / n];
              for (int i = 0; i < k; i++) {
                float[] gi = gr[i];
                double[] ai = ac[i];
                int off = row * ai.length;
                for (int j = 0; j < ai.length; j++) {
                  ai[j] += w * gi[off + j];
                }
              }
            });
    List<Tensor>[] outScores = new List[g];
    double[] sums = new double[g];
    double[][] endScores = withEnds ? new double[g][] : null;
    for (int a = 0; a < g; a++) {
      double[][] total = new double[k][];
      for (int i = 0; i < k; i++) {
        total[i] = new double[x[a][i].length];
      }
      for (int s = 0; s < samples; s++) {
        for (int i = 0; i < k; i++) {
          for (int j = 0; j < total[i].length; j++) {
            total[i][j] += diff[a][s][i][j] * acc[a][s][i][j] / samples;
          }
        }
      }
      double sum = 0;
      float[][] o = new float[k][];
      for (int i = 0; i < k; i++) {
        o[i] = new float[total[i].length];
        for (int j = 0; j < o[i].length; j++) {
          o[i][j] = (float) total[i][j];
          sum += o[i][j];
        }
      }
      outScores[a] = ev.tensors(o);
      sums[a] = sum;
      if (withEnds) {
        endScores[a] = java.util.Arrays.copyOfRange(scores, a * per, a * per + ends);
      }
    }
    return new GroupPass(outScores, sums, batch, endScores, rows);
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double d : v) {
      s += d;
    }
    return s / v.length;
  }

  /**
   * The most steps IG takes, fixed or adaptive. Gauss–Legendre's error on the demo models is below
   * float rounding long before this, while a run of a million steps on a small CNN took over ten
   * minutes with nothing to show for it; the bound turns such a typo into an error before any work.
   */
  public static final int MAX_STEPS = 100_000;

  /** Rejects a step count ({@code what}: "steps" or "max steps") outside 1..{@link #MAX_STEPS}. */
  static void checkSteps(String what, int n) {
    if (n < 1 || n > MAX_STEPS) {
      throw new AttribException(
          what
              + " must be from 1 to "
              + MAX_STEPS
              + ", not "
              + n
              + (n > MAX_STEPS ? " (more would run for hours without changing the result)" : ""));
    }
  }

  /** Immutable-result builder; every setter validates at once. */
  public static final class Builder {
    private int steps = 50;
    private Quadrature quadrature = Quadrature.GAUSS_LEGENDRE;
    private Integer batchSize;
    private long memoryBudget = BatchPlanner.DEFAULT_BUDGET;
    private int activationFactor = BatchPlanner.DEFAULT_ACTIVATION_FACTOR;
    private MemoryProbe memoryProbe = MemoryProbe.DEFAULT;
    private Double tolerance;
    private int maxSteps = 1024;

    private Builder() {}

    /**
     * Quadrature nodes (default 50, at most {@link #MAX_STEPS}); in adaptive mode, the first try.
     */
    public Builder steps(int steps) {
      checkSteps("steps", steps);
      this.steps = steps;
      return this;
    }

    /** The quadrature rule (default Gauss–Legendre). */
    public Builder quadrature(Quadrature quadrature) {
      this.quadrature = java.util.Objects.requireNonNull(quadrature);
      return this;
    }

    /** Path points per forward/backward; by default derived from {@link #memoryBudget}. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new AttribException("batch size must be at least 1, not " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Bytes one batch may add to resident memory (default 512 MiB); sets the batch size when none
     * is given, from one point's footprint as measured once per model and input shape (see {@link
     * BatchPlanner}). The model's weights and the JVM are not counted in it.
     */
    public Builder memoryBudget(long bytes) {
      if (bytes < 1) {
        throw new AttribException("memory budget must be positive, not " + bytes);
      }
      this.memoryBudget = bytes;
      return this;
    }

    /** The probe that measures a point's footprint; for tests. */
    Builder memoryProbe(MemoryProbe probe) {
      this.memoryProbe = java.util.Objects.requireNonNull(probe);
      return this;
    }

    /**
     * Estimated activation bytes per input byte (default 32), for the memory budget where a point's
     * footprint cannot be measured (not Linux, a GPU; see {@link BatchPlanner}).
     */
    public Builder activationFactor(int factor) {
      if (factor < 1) {
        throw new AttribException("activation factor must be at least 1, not " + factor);
      }
      this.activationFactor = factor;
      return this;
    }

    /**
     * Turns on adaptive mode: double the steps until the relative completeness delta is at most
     * {@code tolerance} (e.g. 0.01 for 1%) or {@link #maxSteps} is reached.
     */
    public Builder tolerance(double tolerance) {
      if (!(tolerance > 0)) {
        throw new AttribException("tolerance must be positive, not " + tolerance);
      }
      this.tolerance = tolerance;
      return this;
    }

    /** Adaptive mode with the default tolerance of 1%. */
    public Builder adaptive() {
      return tolerance(0.01);
    }

    /** The ceiling of adaptive mode (default 1024, at most {@link #MAX_STEPS}). */
    public Builder maxSteps(int maxSteps) {
      checkSteps("max steps", maxSteps);
      this.maxSteps = maxSteps;
      return this;
    }

    public IntegratedGradients build() {
      if (tolerance != null && maxSteps < steps) {
        throw new AttribException(
            "max steps (" + maxSteps + ") must not be below the starting steps (" + steps + ")");
      }
      return new IntegratedGradients(this);
    }
  }
}
