package dev.attrib.ig;

import dev.attrib.spi.AttribException;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * A noise tunnel around any method: attribute {@code n} noisy copies of the input and aggregate.
 *
 * <ul>
 *   <li>{@link Kind#SMOOTHGRAD} — the mean (Smilkov et al. 2017);
 *   <li>{@link Kind#SMOOTHGRAD_SQ} — the mean of squares;
 *   <li>{@link Kind#VARGRAD} — the variance (Adebayo et al. 2018), population form.
 * </ul>
 *
 * <pre>{@code
 * AttributionMethod sg = NoiseTunnel.builder(new Saliency())
 *     .kind(NoiseTunnel.Kind.SMOOTHGRAD).samples(25).stdev(0.15).seed(7).build();
 * }</pre>
 *
 * <p>Noise is Gaussian, added to the attributable inputs only (baselines and fixed inputs stay as
 * they are). Its standard deviation is {@code stdev} times the range (max − min) of each
 * attributable tensor, as in the SmoothGrad paper's "noise level"; a constant tensor uses {@code
 * stdev} itself. The noise comes from {@code java.util.Random(seed)} in a fixed order, so the same
 * seed gives the same result on any machine and engine. The target is resolved once on the clean
 * input, so "the predicted class" does not change between samples.
 *
 * <p>For SmoothGrad over an IG-family method the completeness report averages the samples' reports
 * (its output is then the mean of F over the noisy inputs); the squared and variance kinds have
 * none.
 */
public final class NoiseTunnel implements AttributionMethod {

  /** How the noisy attributions are aggregated. */
  public enum Kind {
    SMOOTHGRAD("smoothgrad"),
    SMOOTHGRAD_SQ("smoothgrad-sq"),
    VARGRAD("vargrad");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public static Kind forName(String name) {
      for (Kind k : values()) {
        if (k.id.equals(name.toLowerCase(Locale.ROOT))) {
          return k;
        }
      }
      throw new AttribException(
          "unknown noise tunnel '" + name + "'; available: smoothgrad, smoothgrad-sq, vargrad");
    }
  }

  /**
   * The most noise samples a tunnel draws: each is a whole run of the inner method (for IG, all its
   * steps), and SmoothGrad's maps stop changing visibly after a few dozen.
   */
  public static final int MAX_SAMPLES = 10_000;

  /** Rejects a sample count outside 1..{@link #MAX_SAMPLES}. */
  static void checkSamples(int n) {
    if (n < 1 || n > MAX_SAMPLES) {
      throw new AttribException(
          "noise samples must be from 1 to "
              + MAX_SAMPLES
              + ", not "
              + n
              + (n > MAX_SAMPLES ? " (more would run for hours without changing the result)" : ""));
    }
  }

  private final AttributionMethod inner;
  private final Kind kind;
  private final int samples;
  private final double stdev;
  private final long seed;

  private NoiseTunnel(Builder b) {
    this.inner = b.inner;
    this.kind = b.kind;
    this.samples = b.samples;
    this.stdev = b.stdev;
    this.seed = b.seed;
  }

  public static Builder builder(AttributionMethod inner) {
    return new Builder(inner);
  }

  @Override
  public String name() {
    return kind.id();
  }

  @Override
  public Attribution attribute(Model model, Example example, Target target) {
    PathEvaluator.Resolved r = new PathEvaluator(model, example).resolve(target);
    Random random = new Random(seed);
    List<NamedTensor> inputs = example.inputs();
    double[] sigma = new double[inputs.size()];
    for (int t = 0; t < inputs.size(); t++) {
      if (inputs.get(t).attributable()) {
        float[] v = inputs.get(t).value().floats();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float f : v) {
          lo = Math.min(lo, f);
          hi = Math.max(hi, f);
        }
        double range = hi - lo;
        sigma[t] = stdev * (range > 0 ? range : 1.0);
      }
    }
    double[][] mean = null;
    double[][] meanSq = null;
    double out = 0;
    double base = 0;
    double sum = 0;
    boolean complete = true;
    Attribution last = null;
    for (int s = 0; s < samples; s++) {
      List<NamedTensor> noisy = new ArrayList<>(inputs.size());
      for (int t = 0; t < inputs.size(); t++) {
        NamedTensor in = inputs.get(t);
        if (!in.attributable()) {
          noisy.add(in);
          continue;
        }
        float[] v = in.value().floats();
        for (int j = 0; j < v.length; j++) {
          v[j] += (float) (random.nextGaussian() * sigma[t]);
        }
        noisy.add(new NamedTensor(in.name(), Tensor.of(v, in.value().shape()), true));
      }
      Attribution a = inner.attribute(model, new Example(noisy, example.baselines()), r.target());
      last = a;
      if (mean == null) {
        mean = new double[a.scores().size()][];
        meanSq = new double[a.scores().size()][];
        for (int i = 0; i < mean.length; i++) {
          mean[i] = new double[a.scores().get(i).size()];
          meanSq[i] = new double[mean[i].length];
        }
      }
      for (int i = 0; i < mean.length; i++) {
        float[] v = a.scores().get(i).floats();
        for (int j = 0; j < v.length; j++) {
          mean[i][j] += (double) v[j] / samples;
          meanSq[i][j] += (double) v[j] * v[j] / samples;
        }
      }
      if (a.completeness() == null) {
        complete = false;
      } else {
        out += a.completeness().output() / samples;
        base += a.completeness().baselineOutput() / samples;
        sum += a.completeness().sum() / samples;
      }
    }
    List<Tensor> scores = new ArrayList<>();
    for (int i = 0; i < mean.length; i++) {
      float[] v = new float[mean[i].length];
      for (int j = 0; j < v.length; j++) {
        v[j] =
            (float)
                switch (kind) {
                  case SMOOTHGRAD -> mean[i][j];
                  case SMOOTHGRAD_SQ -> meanSq[i][j];
                  case VARGRAD -> Math.max(0, meanSq[i][j] - mean[i][j] * mean[i][j]);
                };
      }
      scores.add(Tensor.of(v, last.scores().get(i).shape()));
    }
    Completeness c = kind == Kind.SMOOTHGRAD && complete ? Completeness.of(out, base, sum) : null;
    MethodSettings settings =
        last.settings().withNoise(kind.id() + "(" + inner.name() + ")", samples, stdev, seed);
    return new Attribution(
        last.names(), scores, r.target().describe(), r.target().index(), r.output(), c, settings);
  }

  /** Builder; defaults: SmoothGrad, 25 samples, stdev 0.15 of the range, seed 0. */
  public static final class Builder {
    private final AttributionMethod inner;
    private Kind kind = Kind.SMOOTHGRAD;
    private int samples = 25;
    private double stdev = 0.15;
    private long seed = 0;

    private Builder(AttributionMethod inner) {
      this.inner = Objects.requireNonNull(inner, "inner method");
    }

    public Builder kind(Kind kind) {
      this.kind = Objects.requireNonNull(kind);
      return this;
    }

    /** Noise samples (default 25, at most {@link #MAX_SAMPLES}). */
    public Builder samples(int samples) {
      checkSamples(samples);
      this.samples = samples;
      return this;
    }

    /** Noise standard deviation as a fraction of each input's range. */
    public Builder stdev(double stdev) {
      if (!(stdev >= 0 && Double.isFinite(stdev))) {
        throw new AttribException("noise stdev must be >= 0, not " + stdev);
      }
      this.stdev = stdev;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public NoiseTunnel build() {
      return new NoiseTunnel(this);
    }
  }
}
