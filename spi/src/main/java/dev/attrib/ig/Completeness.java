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

  /**
   * Below this share of max(|F(x)|, |F(x')|), the difference F(x) − F(x') counts as small: see
   * {@link #smallBudget()}.
   */
  public static final double SMALL_BUDGET = 0.05;

  /**
   * True when the baseline scores nearly as high as the input: {@code |F(x) − F(x')| <} {@value
   * #SMALL_BUDGET}{@code · max(|F(x)|, |F(x')|)}. Such a baseline is not neutral for the target
   * (e.g. the max-distance image of a bright triangle is a dark triangle), there is little to
   * attribute, and the relative delta divides by almost nothing: a quadrature error tiny against
   * the outputs can read as tens of percent. Renderers say so instead of letting the percentage
   * stand alone; {@link #absoluteHolds} is the check that stays meaningful.
   */
  public boolean smallBudget() {
    return Math.abs(output - baselineOutput)
        < SMALL_BUDGET * Math.max(Math.abs(output), Math.abs(baselineOutput));
  }

  /** True when |delta| is within {@code tolerance} of max(|F(x)|, |F(x')|). */
  public boolean absoluteHolds(double tolerance) {
    return Math.abs(delta) <= tolerance * Math.max(Math.abs(output), Math.abs(baselineOutput));
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
