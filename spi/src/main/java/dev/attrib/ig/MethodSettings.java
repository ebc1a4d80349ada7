package dev.attrib.ig;

/**
 * The settings an attribution was computed with, as reported next to every result.
 *
 * <p>Fields that do not apply to a method are {@code null} (e.g. no quadrature for saliency).
 *
 * @param method the method's registry name, e.g. {@code integrated-gradients}
 * @param quadrature quadrature rule name, or null
 * @param steps number of quadrature nodes actually used (after adaptation), or null
 * @param baselineSamples number of baseline samples averaged over, or null
 * @param batchSize internal batch size of the gradient evaluations
 * @param noiseSamples noise-tunnel samples, or null
 * @param noiseStdev noise-tunnel standard deviation (fraction of the input's range), or null
 * @param seed the random seed used, or null when nothing was random
 * @param converged for adaptive IG: whether the tolerance was met before the step ceiling
 */
public record MethodSettings(
    String method,
    String quadrature,
    Integer steps,
    Integer baselineSamples,
    int batchSize,
    Integer noiseSamples,
    Double noiseStdev,
    Long seed,
    Boolean converged) {

  static MethodSettings plain(String method, int batchSize) {
    return new MethodSettings(method, null, null, null, batchSize, null, null, null, null);
  }

  MethodSettings withNoise(String method, int samples, double stdev, long seed) {
    return new MethodSettings(
        method, quadrature, steps, baselineSamples, batchSize, samples, stdev, seed, converged);
  }
}
