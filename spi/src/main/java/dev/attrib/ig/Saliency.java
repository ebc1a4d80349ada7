package dev.attrib.ig;

/**
 * Saliency (Simonyan et al. 2014): the gradient of the target at the input, {@code |∂F/∂x|} by
 * default (as Captum's {@code Saliency}), or signed with {@code new Saliency(false)}.
 *
 * <pre>{@code
 * Attribution a = new Saliency().attribute(model, example, Target.index(0));
 * }</pre>
 *
 * <p>One forward/backward; no completeness report (no such identity holds for gradients).
 */
public final class Saliency implements AttributionMethod {
  public static final String NAME = "saliency";
  private final boolean absolute;

  public Saliency() {
    this(true);
  }

  public Saliency(boolean absolute) {
    this.absolute = absolute;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Attribution attribute(Model model, Example example, Target target) {
    GradientMethods.AtInput at = GradientMethods.gradientAtInput(model, example, target);
    float[][] g = at.gradient();
    if (absolute) {
      for (float[] row : g) {
        for (int j = 0; j < row.length; j++) {
          row[j] = Math.abs(row[j]);
        }
      }
    }
    return GradientMethods.result(at, g, null, MethodSettings.plain(NAME, 1));
  }
}
