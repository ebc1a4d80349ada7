package dev.attrib.ig;

import dev.attrib.spi.AttribException;
import dev.attrib.spi.Tensor;
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
  public Attribution attribute(ModelFunction model, Example example, Target target) {
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
    Homogeneity.Report h = Homogeneity.measure(model, ex, target, Homogeneity.CHECK_SCALES);
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
    GradientMethods.AtInput at = GradientMethods.gradientAtInput(model, ex, target);
    float[][] x = at.evaluator().inputPoint();
    float[][] g = at.gradient();
    double sum = 0;
    for (int i = 0; i < g.length; i++) {
      for (int j = 0; j < g[i].length; j++) {
        g[i][j] *= x[i][j];
        sum += g[i][j];
      }
    }
    double f0 =
        at.evaluator()
            .scores(
                ex.baselinesOrZero().stream()
                    .map(
                        b -> {
                          float[][] p = new float[b.size()][];
                          for (int i = 0; i < p.length; i++) {
                            p[i] = b.get(i).floats();
                          }
                          return p;
                        })
                    .toList(),
                at.target(),
                1)[0];
    Completeness c = Completeness.of(at.output(), f0, sum);
    MethodSettings s = new MethodSettings(NAME, null, 1, 1, 1, null, null, null, null);
    return GradientMethods.result(at, g, c, s);
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
