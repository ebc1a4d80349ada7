package dev.attrib.ig;

/**
 * Chooses the internal batch size: how many path points go through one forward/backward.
 *
 * <p>An explicit batch size wins. Otherwise it is derived from a memory budget and an estimate of
 * one point's footprint: the bytes of all its inputs times an activation factor (intermediate
 * activations and their gradients are a multiple of the input for the networks attrib targets),
 * plus the output and its gradient. The result is clamped to [1, number of points], so a user never
 * has to guess a batch size and memory stays bounded however many steps are asked for.
 */
record BatchPlanner(Integer batchSize, long memoryBudgetBytes, int activationFactor) {

  /** 512 MiB: comfortable on a laptop, far below the 24 GiB of our CI machines. */
  static final long DEFAULT_BUDGET = 512L << 20;

  /** Activations are assumed to cost this many times the input bytes per point. */
  static final int DEFAULT_ACTIVATION_FACTOR = 32;

  static BatchPlanner defaults() {
    return new BatchPlanner(null, DEFAULT_BUDGET, DEFAULT_ACTIVATION_FACTOR);
  }

  int plan(PathEvaluator evaluator, long outputElements, int points) {
    if (batchSize != null) {
      return Math.max(1, Math.min(batchSize, Math.max(points, 1)));
    }
    long perPoint = Math.max(1, evaluator.bytesPerPoint(outputElements, activationFactor));
    long fit = memoryBudgetBytes / perPoint;
    return (int) Math.max(1, Math.min(fit, Math.max(points, 1)));
  }
}
