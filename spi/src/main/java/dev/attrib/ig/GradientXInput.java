package dev.attrib.ig;

/**
 * Gradient × input (Shrikumar et al. 2016): {@code x ⊙ ∂F/∂x} at the input.
 *
 * <pre>{@code
 * Attribution a = new GradientXInput().attribute(model, example, Target.index(0));
 * }</pre>
 *
 * <p>One forward/backward; no completeness report, since in general the scores do not add up to
 * anything (for a nonnegatively homogeneous network they equal IG from a zero baseline: see {@link
 * FastIntegratedGradients}, which checks that and reports completeness).
 */
public final class GradientXInput implements AttributionMethod {
  public static final String NAME = "gradient-x-input";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Attribution attribute(Model model, Example example, Target target) {
    GradientMethods.AtInput at = GradientMethods.gradientAtInput(model, example, target);
    float[][] x = at.evaluator().inputPoint();
    float[][] g = at.gradient();
    for (int i = 0; i < g.length; i++) {
      for (int j = 0; j < g[i].length; j++) {
        g[i][j] *= x[i][j];
      }
    }
    return GradientMethods.result(at, g, null, MethodSettings.plain(NAME, 1));
  }
}
