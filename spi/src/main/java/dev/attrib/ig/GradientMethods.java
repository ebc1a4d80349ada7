package dev.attrib.ig;

import dev.attrib.spi.Tensor;
import java.util.List;

/** The single-gradient methods share one pass: F(x) and ∂F/∂x at the input. */
final class GradientMethods {
  private GradientMethods() {}

  /**
   * F(x) and ∂F/∂x at the input, with the resolved target and the raw output row at x (or null),
   * from one forward+backward ({@link PathEvaluator#atInput}).
   */
  record AtInput(
      PathEvaluator evaluator, Target target, double output, float[][] gradient, float[] outputs) {}

  static AtInput gradientAtInput(Model model, Example example, Target target) {
    return at(new PathEvaluator(model, example), target);
  }

  static AtInput at(PathEvaluator ev, Target target) {
    PathEvaluator.AtInput a = ev.atInput(target);
    return new AtInput(ev, a.target(), a.output(), a.gradient(), a.outputs());
  }

  static Attribution result(AtInput at, float[][] scores, Completeness c, MethodSettings s) {
    List<Tensor> t = at.evaluator().tensors(scores);
    return new Attribution(
        at.evaluator().attributableNames(),
        t,
        at.target().describe(),
        at.target().index(),
        at.output(),
        c,
        s,
        at.outputs());
  }
}
