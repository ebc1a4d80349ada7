package dev.attrib.ig;

import dev.attrib.spi.AttribException;
import dev.attrib.spi.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Fast IG for nonnegatively homogeneous networks (X-DNN, Hesse, Schaub-Meyer & Roth 2021): for a
 * network without biases built from ReLU, linear/convolution and pooling, {@code F(a·x) = a·F(x)},
 * so the IG integral from a zero baseline collapses to {@code x ⊙ ∇F(x)}: one forward/backward
 * instead of {@code m}.
 *
 * <pre>{@code
 * Attribution a = FastIntegratedGradients.builder().build().attribute(xdnn, example, Target.index(k));
 * }</pre>
 *
 * <p>Before taking the shortcut it checks, numerically, that {@code F(a·x) = a·F(x)} for a in
 * {@link Homogeneity#CHECK_SCALES} within a relative tolerance (default 1e-4), and refuses with a
 * clear message otherwise — the shortcut would silently give wrong attributions. Explain the raw
 * logit: a softmax probability is never homogeneous. The baseline is always zero; the result
 * carries a completeness report against a separately computed F(0).
 */
public final class FastIntegratedGradients implements AttributionMethod {
  public static final String NAME = "fast-ig";
  private final double tolerance;

  private FastIntegratedGradients(double tolerance) {
    this.tolerance = tolerance;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Attribution attribute(Model model, Example example, Target target) {
    for (List<Tensor> sample : example.baselines()) {
      for (Tensor t : sample) {
        for (int j = 0; j < t.size(); j++) {
          if (t.get(j) != 0) {
            throw new AttribException(
                "fast IG explains from the zero baseline only; use --method ig for other baselines");
          }
        }
      }
    }
    Example ex = example.withBaselines(List.of());
    // One forward+backward does it all: the batch holds x (its gradient is the one wanted), the
    // scaled copies a·x the homogeneity check needs, and 0 for F(0) in the completeness report;
    // the rows are independent, so the extra rows change nothing for x. Only resolving the target
    // (the predicted class) needs a forward of its own before.
    PathEvaluator ev = new PathEvaluator(model, ex);
    PathEvaluator.Resolved r = ev.resolve(target);
    float[][] x = ev.inputPoint();
    double[] scales = Homogeneity.CHECK_SCALES;
    List<float[][]> points = new ArrayList<>();
    points.add(x);
    for (double a : scales) {
      points.add(scaled(x, a));
    }
    points.add(scaled(x, 0));
    float[][][] atInput = new float[1][][];
    double[] out =
        ev.gradients(
            points,
            r.target(),
            points.size(),
            (p, grad) -> {
              if (p == 0) {
                atInput[0] = grad;
              }
            });
    double[] scaledOut = Arrays.copyOfRange(out, 1, 1 + scales.length);
    Homogeneity.Report h = Homogeneity.report(scales, scaledOut, r.output());
    if (!h.homogeneous(tolerance)) {
      throw new AttribException(
          String.format(
              Locale.ROOT,
              "the model is not nonnegatively homogeneous, so fast IG would be wrong: %s"
                  + " (relative error %.3g > %.3g); use --method ig",
              h.worst(),
              h.maxRelativeError(),
              tolerance));
    }
    float[][] g = atInput[0];
    double sum = 0;
    for (int i = 0; i < g.length; i++) {
      for (int j = 0; j < g[i].length; j++) {
        g[i][j] *= x[i][j];
        sum += g[i][j];
      }
    }
    double f0 = out[out.length - 1];
    GradientMethods.AtInput at = new GradientMethods.AtInput(ev, r.target(), r.output(), g);
    Completeness c = Completeness.of(at.output(), f0, sum);
    MethodSettings s = new MethodSettings(NAME, null, 1, 1, 1, null, null, null, null);
    return GradientMethods.result(at, g, c, s);
  }

  private static float[][] scaled(float[][] x, double a) {
    float[][] p = new float[x.length][];
    for (int i = 0; i < x.length; i++) {
      p[i] = new float[x[i].length];
      for (int j = 0; j < p[i].length; j++) {
        p[i][j] = (float) (a * x[i][j]);
      }
    }
    return p;
  }

  /** Builder; the homogeneity tolerance defaults to 1e-4 (relative). */
  public static final class Builder {
    private double tolerance = 1e-4;

    private Builder() {}

    public Builder tolerance(double tolerance) {
      if (!(tolerance > 0)) {
        throw new AttribException("homogeneity tolerance must be positive, not " + tolerance);
      }
      this.tolerance = tolerance;
      return this;
    }

    public FastIntegratedGradients build() {
      return new FastIntegratedGradients(tolerance);
    }
  }
}
