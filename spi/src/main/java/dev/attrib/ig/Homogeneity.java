package dev.attrib.ig;

import dev.attrib.spi.AttribException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures whether a model is nonnegatively homogeneous along the ray through an input: {@code
 * F(a·x) = a·F(x)} for {@code a} in (0, 1]. That is what makes IG from a zero baseline equal to
 * {@code x ⊙ ∇F(x)} (Hesse et al. 2021, X-DNN).
 *
 * <pre>{@code
 * Homogeneity.Report r = Homogeneity.measure(model, example, Target.index(0), Homogeneity.PLOT_SCALES);
 * r.rSquared();   // 1.0 for an X-DNN, less for a network with biases
 * }</pre>
 *
 * <p>Only attributable inputs are scaled; fixed inputs stay as they are.
 */
public final class Homogeneity {
  private Homogeneity() {}

  /** The scales the fast path checks. */
  public static final double[] CHECK_SCALES = {0.25, 0.5, 0.75, 1.0};

  /** Ten scales from 10% to 100%, for a homogeneity plot. */
  public static final double[] PLOT_SCALES = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

  /**
   * The measured outputs.
   *
   * @param scales the scales a
   * @param outputs F(a·x) for each scale
   * @param expected a·F(x) for each scale
   * @param maxRelativeError max |F(a·x) − a·F(x)| / |F(x)|
   * @param rSquared coefficient of determination of the homogeneous line a·F(x) for the points (a,
   *     F(a·x)): {@code 1 − Σ(F(a·x) − a·F(x))² / Σ(F(a·x) − mean)²}; 1 when the points lie on the
   *     line through the origin and (1, F(x)), lower the further they stray, negative when that
   *     line explains them worse than their mean
   */
  public record Report(
      double[] scales,
      double[] outputs,
      double[] expected,
      double maxRelativeError,
      double rSquared) {

    /** True when every point is within {@code tolerance} (relative) of a·F(x). */
    public boolean homogeneous(double tolerance) {
      return maxRelativeError <= tolerance;
    }

    /** The worst point, for error messages. */
    public String worst() {
      int w = 0;
      double worst = -1;
      for (int i = 0; i < scales.length; i++) {
        double e = Math.abs(outputs[i] - expected[i]);
        if (e > worst) {
          worst = e;
          w = i;
        }
      }
      return String.format(
          Locale.ROOT,
          "F(%.2f·x) = %.6g but %.2f·F(x) = %.6g",
          scales[w],
          outputs[w],
          scales[w],
          expected[w]);
    }
  }

  public static Report measure(Model model, Example example, Target target, double[] scales) {
    for (double a : scales) {
      if (!(a > 0 && a <= 1)) {
        throw new AttribException("homogeneity scales must be in (0, 1], not " + a);
      }
    }
    PathEvaluator ev = new PathEvaluator(model, example);
    PathEvaluator.Resolved r = ev.resolve(target);
    float[][] x = ev.inputPoint();
    List<float[][]> points = new ArrayList<>();
    for (double a : scales) {
      float[][] p = new float[x.length][];
      for (int i = 0; i < x.length; i++) {
        p[i] = new float[x[i].length];
        for (int j = 0; j < p[i].length; j++) {
          p[i][j] = (float) (a * x[i][j]);
        }
      }
      points.add(p);
    }
    return report(scales, ev.scores(points, r.target(), scales.length), r.output());
  }

  /** The report for outputs {@code out} = F(a·x) at {@code scales}, given F(x). */
  static Report report(double[] scales, double[] out, double fx) {
    double[] expected = new double[scales.length];
    double maxRel = 0;
    for (int i = 0; i < scales.length; i++) {
      expected[i] = scales[i] * fx;
      maxRel = Math.max(maxRel, Math.abs(out[i] - expected[i]) / Math.max(Math.abs(fx), 1e-12));
    }
    return new Report(scales.clone(), out, expected, maxRel, rSquared(out, expected));
  }

  /**
   * R² of a given line, not of a fitted one. A least-squares line with free slope and intercept
   * would also pass through the outputs of a network with biases, which along one ray is often
   * nearly affine; homogeneity is the line through the origin, so that is the line to score. Flat
   * outputs (no variance) score 1 on the line and 0 off it.
   */
  static double rSquared(double[] ys, double[] line) {
    int n = ys.length;
    double my = 0;
    for (double y : ys) {
      my += y / n;
    }
    double res = 0;
    double tot = 0;
    for (int i = 0; i < n; i++) {
      res += (ys[i] - line[i]) * (ys[i] - line[i]);
      tot += (ys[i] - my) * (ys[i] - my);
    }
    if (tot == 0) {
      return res == 0 ? 1.0 : 0.0;
    }
    return 1 - res / tot;
  }
}
