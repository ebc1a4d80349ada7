package dev.attrib.ig;

/**
 * The completeness report: IG's attributions must add up to {@code F(x) - F(x')}.
 *
 * <p>{@code delta = sum - (output - baselineOutput)}; {@code relativeDelta = |delta| / |output -
 * baselineOutput|}, with the denominator floored at {@value #FLOOR} so an input equal to its
 * baseline (where both are zero) reports 0 rather than 0/0. With several baseline samples, {@code
 * baselineOutput} is their mean. A relative delta of a few percent or more says the integral was
 * not resolved: raise the steps, or use Gauss–Legendre quadrature.
 */
public record Completeness(
    double output, double baselineOutput, double sum, double delta, double relativeDelta) {

  /** Smallest denominator for the relative delta. */
  public static final double FLOOR = 1e-9;

  public static Completeness of(double output, double baselineOutput, double sum) {
    double delta = sum - (output - baselineOutput);
    double denom = Math.max(Math.abs(output - baselineOutput), FLOOR);
    return new Completeness(output, baselineOutput, sum, delta, Math.abs(delta) / denom);
  }

  /** True when the relative delta is within {@code tolerance} (e.g. 0.01 for 1%). */
  public boolean holds(double tolerance) {
    return relativeDelta <= tolerance;
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "F(x)=%.6g  F(x')=%.6g  sum=%.6g  delta=%.3g  relative=%.3g%%",
        output,
        baselineOutput,
        sum,
        delta,
        100 * relativeDelta);
  }
}
