package dev.attrib.ig;

import dev.attrib.spi.Tensor;
import java.util.List;

/** The single-gradient methods share one pass: F(x) and ∂F/∂x at the input. */
final class GradientMethods {
  private GradientMethods() {}

  record AtInput(PathEvaluator evaluator, Target target, double output, float[][] gradient) {}

  static AtInput gradientAtInput(Model model, Example example, Target target) {
    PathEvaluator ev = new PathEvaluator(model, example);
    PathEvaluator.Resolved r = ev.resolve(target);
    float[][][] holder = new float[1][][];
    ev.gradients(List.<float[][]>of(ev.inputPoint()), r.target(), 1, (p, g) -> holder[0] = g);
    return new AtInput(ev, r.target(), r.output(), holder[0]);
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
        s);
  }
}
