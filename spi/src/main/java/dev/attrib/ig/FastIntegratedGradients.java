package dev.attrib.ig;

import dev.attrib.internal.ModelFunction;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Tensor;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

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
 * carries a completeness report against a separately computed F(0). The check's rows (x, its scaled
 * copies and 0) go through one forward without gradients, then x alone through one
 * forward+backward. {@link Builder#homogeneityCheck homogeneityCheck(false)} leaves the check out
 * for a network homogeneous by construction: one forward+backward, the cost the X-DNN paper counts.
 *
 * <p>Homogeneity is the network's property, not the input's: once a model has passed the check for
 * a class target with a given activation (raw logit, usually), later calls with such a target on
 * the same model object skip it and take F(0) as 0, so from the second input on a call costs one
 * forward+backward (the check's five extra rows cost as much again: 33x faster than 128-step IG
 * with it, 74x without, on the ResNet-sized X-DNN of bench/README.md). Each result's completeness
 * delta still guards every input: for a piecewise-linear network {@code F(x) - x·∇F(x)} is the bias
 * of the piece x lies in, which a homogeneous network does not have. A failed check is not
 * remembered (the next call checks again); targets given as functions ({@code Targets.of}) are
 * checked on every call.
 */
public final class FastIntegratedGradients implements AttributionMethod {
  public static final String NAME = "fast-ig";
  private final double tolerance;
  private final boolean check;

  private FastIntegratedGradients(double tolerance, boolean check) {
    this.tolerance = tolerance;
    this.check = check;
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
    PathEvaluator ev = new PathEvaluator(model, ex);
    float[][] x = ev.inputPoint();
    Target t = target;
    double f0 = 0;
    Activation passedAs = checkedActivation(target);
    boolean checkNow = check && (passedAs == null || !passed(ModelFunction.of(model), passedAs));
    if (checkNow) {
      // One forward (no gradient) of x, the scaled copies a·x the check needs and 0 (F(0) for the
      // completeness report), which also resolves the target; then one forward+backward of x
      // alone. The check rows never enter the backward pass, so each costs a forward, not a
      // forward and a backward.
      double[] scales = Homogeneity.CHECK_SCALES;
      List<float[][]> others = new ArrayList<>();
      for (double a : scales) {
        if (a != 1) {
          others.add(scaled(x, a));
        }
      }
      others.add(scaled(x, 0));
      double[] otherOut = new double[others.size()];
      PathEvaluator.Resolved r = ev.resolveWith(target, others, others.size() + 1, otherOut);
      t = r.target();
      f0 = otherOut[otherOut.length - 1];
      double[] scaledOut = new double[scales.length];
      for (int i = 0, j = 0; i < scales.length; i++) {
        // a = 1 is x itself, whose output the first row gave.
        scaledOut[i] = scales[i] == 1 ? r.output() : otherOut[j++];
      }
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
      if (passedAs != null) {
        synchronized (PASSED) {
          PASSED
              .computeIfAbsent(ModelFunction.of(model), m -> EnumSet.noneOf(Activation.class))
              .add(passedAs);
        }
      }
    }
    // Trusted, F(0) is 0 by homogeneity (F(0·x) = 0·F(x)) and is not computed: one
    // forward+backward of x is the whole cost (a predicted class is resolved on x's row in it).
    GradientMethods.AtInput at = GradientMethods.at(ev, t);
    float[][] g = at.gradient();
    double sum = 0;
    for (int i = 0; i < g.length; i++) {
      for (int j = 0; j < g[i].length; j++) {
        g[i][j] *= x[i][j];
        sum += g[i][j];
      }
    }
    Completeness c = Completeness.of(at.output(), f0, sum);
    MethodSettings s = new MethodSettings(NAME, null, 1, 1, 1, null, null, null, null);
    return GradientMethods.result(at, g, c, s);
  }

  /** The models that passed the check, with the activations of the targets they passed for. */
  private static final Map<ModelFunction, Set<Activation>> PASSED = new WeakHashMap<>();

  private static boolean passed(ModelFunction model, Activation activation) {
    synchronized (PASSED) {
      Set<Activation> s = PASSED.get(model);
      return s != null && s.contains(activation);
    }
  }

  /** The activation a class target scores with; null for a target whose check is not reusable. */
  private static Activation checkedActivation(Target target) {
    if (target instanceof Target.ClassTarget c) {
      return c.activation();
    }
    if (target instanceof Target.PredictedTarget p) {
      return p.activation();
    }
    return null;
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
    private boolean check = true;

    private Builder() {}

    /**
     * Whether to check homogeneity (default {@code true}: on a model's first call per activation,
     * see the class comment). Off, fast IG trusts the caller: for a network homogeneous by
     * construction (bias-free ReLU, convolution, linear and pooling layers, such as {@code
     * ResNetXdnn} in the fixtures) it skips the forward pass at the scaled copies and at 0, so a
     * call is one forward+backward of {@code x} (a predicted class is resolved on its row). F(0) is
     * then taken to be 0, as homogeneity implies, and the completeness report still guards: for a
     * piecewise-linear network {@code F(x) = x·∇F(x) + c}, where {@code c} is the bias of the
     * linear piece x lies in, so the delta is exactly how far the network is from homogeneous at x.
     * A network with biases is not refused: its attribution is wrong and its completeness delta
     * shows it.
     */
    public Builder homogeneityCheck(boolean check) {
      this.check = check;
      return this;
    }

    public Builder tolerance(double tolerance) {
      if (!(tolerance > 0)) {
        throw new AttribException("homogeneity tolerance must be positive, not " + tolerance);
      }
      this.tolerance = tolerance;
      return this;
    }

    public FastIntegratedGradients build() {
      return new FastIntegratedGradients(tolerance, check);
    }
  }
}
