package dev.attrib.ig;

/**
 * Chooses the internal batch size: how many path points go through one forward/backward.
 *
 * <p>An explicit batch size wins. Otherwise it is the memory budget divided by one point's
 * footprint, clamped to [1, number of points], so a user never has to guess a batch size and memory
 * stays bounded however many steps are asked for. The footprint is measured once per model and
 * input shape ({@link MemoryProbe}: the growth of the process's peak RSS between a probe batch of 1
 * and one of 4, plus a margin). Where it cannot be measured (not Linux, a GPU) it is estimated as
 * before: the bytes of all inputs times an activation factor (intermediate activations and their
 * gradients as a multiple of the input), plus the output and its gradient.
 *
 * <p>The budget bounds what a batch adds to the process's resident memory: the model's weights, the
 * engine's one-time workspaces and the JVM come on top (they are there for a batch of one too).
 */
record BatchPlanner(
    Integer batchSize, long memoryBudgetBytes, int activationFactor, MemoryProbe probe) {

  /**
   * 512 MiB. What one batch may add to resident memory by default: with the JVM, libtorch and a
   * ResNet-18-sized model (about 350 MiB together) a run peaks under 1 GB, which a laptop or a 2 GB
   * container holds. It buys a batch of 9–11 points for a ResNet-18 at 224×224 (45–55 MiB per point
   * with the margin) and of 150 or more on the demo models, so a batch's fixed costs (scope,
   * copies, the engine check) are spread thin; it is also the budget attrib always had, so small
   * models keep batches of the size they had (bench/README.md, "Memory").
   */
  static final long DEFAULT_BUDGET = 512L << 20;

  /**
   * Where the footprint cannot be measured, activations are assumed to cost this many times the
   * input bytes per point: right for the demo models, an underestimate for deep CNNs (a ResNet-18
   * at 224×224 needs about 47×).
   */
  static final int DEFAULT_ACTIVATION_FACTOR = 32;

  BatchPlanner(Integer batchSize, long memoryBudgetBytes, int activationFactor) {
    this(batchSize, memoryBudgetBytes, activationFactor, MemoryProbe.DEFAULT);
  }

  static BatchPlanner defaults() {
    return new BatchPlanner(null, DEFAULT_BUDGET, DEFAULT_ACTIVATION_FACTOR);
  }

  /**
   * The batch size for {@code points} points, of which the first batch carries {@code extra} more
   * (IG's rows for F(x) and F(x')): from the budget, the first batch with its extra rows fits too.
   */
  int plan(PathEvaluator evaluator, long outputElements, int points, int extra) {
    if (batchSize != null) {
      return Math.max(1, Math.min(batchSize, Math.max(points, 1)));
    }
    long perPoint = Math.max(1, footprint(evaluator, outputElements).bytesPerPoint());
    long fit = memoryBudgetBytes / perPoint - extra;
    return (int) Math.max(1, Math.min(fit, Math.max(points, 1)));
  }

  /** One point's footprint: measured, or the fixed factor's estimate where it cannot be. */
  MemoryProbe.Footprint footprint(PathEvaluator evaluator, long outputElements) {
    return probe.footprint(
        evaluator, evaluator.bytesPerPoint(outputElements, activationFactor), memoryBudgetBytes);
  }
}
