package dev.attrib.image;

import dev.attrib.ig.GradientXInput;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;

/**
 * The two attributions of the IG paper's Figure 2 layout (image | IG heat map | IG overlay |
 * gradient×image): the explanation asked for and gradient × input for the same target class.
 *
 * <pre>{@code
 * Explainer<ImageEncoding> explainer = new Explainer<>(image, model);
 * SideBySide both = SideBySide.explain(explainer, "examples/shape-3.png", settings);
 * Files.write(Path.of("row.png"), ImagePng.row(both, Options.NONE));
 * }</pre>
 *
 * <p>Contract: both explanations are of the same encoded image and the same class (the one the main
 * explanation resolved, e.g. the predicted class), on the same output ({@code probability} or
 * {@code logit}); the gradient×input one has no completeness report.
 *
 * @param main the explanation with the requested method (usually IG)
 * @param gradientXInput gradient × input for the same target
 */
public record SideBySide(
    Explanation<ImageEncoding> main, Explanation<ImageEncoding> gradientXInput) {

  /** Explains {@code input} with {@code settings}, then with gradient × input on its target. */
  public static SideBySide explain(
      Explainer<ImageEncoding> explainer, String input, ExplainSettings settings) {
    return of(explainer, explainer.explain(input, settings), settings);
  }

  /**
   * Adds gradient × input on {@code main}'s target to an explanation already made with {@code
   * settings} (so IG is not computed twice).
   */
  public static SideBySide of(
      Explainer<ImageEncoding> explainer,
      Explanation<ImageEncoding> main,
      ExplainSettings settings) {
    String input = main.encoded().input();
    int target = main.attribution().targetIndex();
    if (target < 0) {
      throw new AttribException(
          "the side-by-side row needs a single target class, but the target was "
              + main.attribution().target());
    }
    Explanation<ImageEncoding> gxi =
        explainer.explain(
            input, settings.withMethod(GradientXInput.NAME).withTarget(Integer.toString(target)));
    return new SideBySide(main, gxi);
  }
}
