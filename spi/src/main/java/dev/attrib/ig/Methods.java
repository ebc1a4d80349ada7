package dev.attrib.ig;

import dev.attrib.spi.AttribException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The core's methods by name, as the CLI's {@code --method} takes them.
 *
 * <pre>{@code
 * AttributionMethod m = Methods.forName("smoothgrad", Methods.config().noiseSamples(10).seed(1).build());
 * }</pre>
 *
 * <p>Names: {@code ig} (also {@code integrated-gradients}), {@code saliency}, {@code
 * gradient-x-input}, {@code smoothgrad}, {@code smoothgrad-sq}, {@code vargrad}, {@code fast-ig}.
 * The noise tunnels wrap {@link Config#noiseOver()} ({@code saliency} by default, as in the
 * SmoothGrad paper, which smooths gradient maps; any other name here works too).
 */
public final class Methods {
  private Methods() {}

  /** The names {@link #forName} accepts, in the order the CLI lists them. */
  public static final List<String> NAMES =
      List.of(
          "ig",
          "saliency",
          "gradient-x-input",
          "smoothgrad",
          "smoothgrad-sq",
          "vargrad",
          "fast-ig");

  public static AttributionMethod forName(String name, Config c) {
    String n = name.toLowerCase(Locale.ROOT);
    return switch (n) {
      case "ig", "integrated-gradients" -> {
        IntegratedGradients.Builder b =
            IntegratedGradients.builder()
                .steps(c.steps())
                .quadrature(c.quadrature())
                .memoryBudget(c.memoryBudget())
                .maxSteps(Math.max(c.maxSteps(), c.steps()));
        if (c.batchSize() != null) {
          b.batchSize(c.batchSize());
        }
        if (c.tolerance() != null) {
          b.tolerance(c.tolerance());
        }
        yield b.build();
      }
      case "saliency" -> new Saliency();
      case "gradient-x-input" -> new GradientXInput();
      case "fast-ig" -> FastIntegratedGradients.builder().build();
      case "smoothgrad", "smoothgrad-sq", "vargrad" -> {
        String over = c.noiseOver();
        if (over.startsWith("smoothgrad") || over.equals("vargrad")) {
          throw new AttribException(
              "a noise tunnel cannot wrap another noise tunnel ('" + over + "')");
        }
        yield NoiseTunnel.builder(forName(over, c))
            .kind(NoiseTunnel.Kind.forName(n))
            .samples(c.noiseSamples())
            .stdev(c.noiseStdev())
            .seed(c.seed())
            .build();
      }
      default ->
          throw new AttribException(
              "unknown method '" + name + "'; available: " + String.join(", ", NAMES));
    };
  }

  public static Config.Builder config() {
    return new Config.Builder();
  }

  /**
   * Settings shared by the methods; each method reads the ones it has. Every value is checked when
   * the record is made, so a front end learns of a bad setting before it loads a model or computes
   * anything: steps and the adaptive ceiling from 1 to {@link IntegratedGradients#MAX_STEPS}, noise
   * samples from 1 to {@link NoiseTunnel#MAX_SAMPLES}, a positive tolerance and batch size, a
   * non-negative noise standard deviation.
   */
  public record Config(
      int steps,
      Quadrature quadrature,
      Double tolerance,
      int maxSteps,
      Integer batchSize,
      long memoryBudget,
      int noiseSamples,
      double noiseStdev,
      long seed,
      String noiseOver) {

    public Config {
      IntegratedGradients.checkSteps("steps", steps);
      IntegratedGradients.checkSteps("max steps", maxSteps);
      Objects.requireNonNull(quadrature, "quadrature");
      Objects.requireNonNull(noiseOver, "noiseOver");
      if (tolerance != null && !(tolerance > 0 && Double.isFinite(tolerance))) {
        throw new AttribException("tolerance must be positive, not " + tolerance);
      }
      if (batchSize != null && batchSize < 1) {
        throw new AttribException("batch size must be at least 1, not " + batchSize);
      }
      if (memoryBudget < 1) {
        throw new AttribException("memory budget must be positive, not " + memoryBudget);
      }
      NoiseTunnel.checkSamples(noiseSamples);
      if (!(noiseStdev >= 0 && Double.isFinite(noiseStdev))) {
        throw new AttribException("noise stdev must be >= 0, not " + noiseStdev);
      }
    }

    public static Config defaults() {
      return new Builder().build();
    }

    /** Builder with the documented defaults: 50 Gauss–Legendre steps, 25 noise samples. */
    public static final class Builder {
      private int steps = 50;
      private Quadrature quadrature = Quadrature.GAUSS_LEGENDRE;
      private Double tolerance;
      private int maxSteps = 1024;
      private Integer batchSize;
      private long memoryBudget = BatchPlanner.DEFAULT_BUDGET;
      private int noiseSamples = 25;
      private double noiseStdev = 0.15;
      private long seed = 0;
      private String noiseOver = "saliency";

      public Builder steps(int v) {
        steps = v;
        return this;
      }

      public Builder quadrature(Quadrature v) {
        quadrature = Objects.requireNonNull(v);
        return this;
      }

      /** Adaptive IG: the relative completeness tolerance (null: fixed steps). */
      public Builder tolerance(Double v) {
        tolerance = v;
        return this;
      }

      public Builder maxSteps(int v) {
        maxSteps = v;
        return this;
      }

      public Builder batchSize(Integer v) {
        batchSize = v;
        return this;
      }

      public Builder memoryBudget(long v) {
        memoryBudget = v;
        return this;
      }

      public Builder noiseSamples(int v) {
        noiseSamples = v;
        return this;
      }

      public Builder noiseStdev(double v) {
        noiseStdev = v;
        return this;
      }

      public Builder seed(long v) {
        seed = v;
        return this;
      }

      public Builder noiseOver(String v) {
        noiseOver = Objects.requireNonNull(v);
        return this;
      }

      public Config build() {
        return new Config(
            steps,
            quadrature,
            tolerance,
            maxSteps,
            batchSize,
            memoryBudget,
            noiseSamples,
            noiseStdev,
            seed,
            noiseOver);
      }
    }
  }
}
