package dev.attrib.image;

import dev.attrib.render.DivergingScale;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Options;
import java.util.Arrays;
import java.util.Locale;

/**
 * Turning per-pixel scores into display values: a sign mode, clipping at a percentile, then [0, 1]
 * (or [-1, 1] when both signs are shown), and their colours on the shared {@link DivergingScale}.
 *
 * <pre>{@code
 * HeatMaps.Normalized n = HeatMaps.normalize(scores, HeatMaps.Sign.ABSOLUTE, 99);
 * n.values();      // one value per pixel in [0, 1]; the top 1% are clipped to 1
 * n.threshold();   // the score that maps to 1
 * }</pre>
 *
 * <p>Why clip: IG maps of images are dominated by a few extreme pixels; scaling by the maximum
 * would leave the rest invisible. Clipping at the 99th percentile (the default) keeps the picture
 * readable and is what Captum's {@code visualize_image_attr} does with its outlier percentage.
 */
public final class HeatMaps {
  private HeatMaps() {}

  /** Default clipping percentile. */
  public static final double DEFAULT_CLIP = 99;

  /** Which part of the attribution is shown. */
  public enum Sign {
    /** Only positive scores (evidence for the target). */
    POSITIVE("positive"),
    /** Only negative scores, shown as magnitudes (evidence against). */
    NEGATIVE("negative"),
    /** Magnitudes of all scores. */
    ABSOLUTE("absolute"),
    /** Both signs, positive in red, negative in blue. */
    ALL("all");

    private final String id;

    Sign(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public static Sign forName(String name) {
      for (Sign s : values()) {
        if (s.id.equals(name.toLowerCase(Locale.ROOT))) {
          return s;
        }
      }
      throw new AttribException(
          "unknown sign mode '" + name + "'; available: positive, negative, absolute, all");
    }
  }

  /**
   * Display values.
   *
   * @param values one per pixel: in [0, 1], or in [-1, 1] for {@link Sign#ALL}
   * @param threshold the score magnitude that maps to 1 (the clipping point), 0 for an all-zero map
   * @param sign the sign mode used
   * @param clip the percentile used
   */
  public record Normalized(double[] values, double threshold, Sign sign, double clip) {
    public Normalized {
      values = values.clone();
    }

    @Override
    public double[] values() {
      return values.clone();
    }

    public double value(int i) {
      return values[i];
    }
  }

  /** Applies {@code sign}, clips magnitudes at the {@code clip} percentile, scales to [0, 1]. */
  public static Normalized normalize(double[] scores, Sign sign, double clip) {
    if (!(clip > 0 && clip <= 100)) {
      throw new AttribException("clip percentile must be in (0, 100], not " + clip);
    }
    double[] v = new double[scores.length];
    double[] mag = new double[scores.length];
    for (int i = 0; i < v.length; i++) {
      double s = scores[i];
      if (!Double.isFinite(s)) {
        throw new AttribException("attribution score " + i + " is not finite: " + s);
      }
      v[i] =
          switch (sign) {
            case POSITIVE -> Math.max(s, 0);
            case NEGATIVE -> Math.max(-s, 0);
            case ABSOLUTE -> Math.abs(s);
            case ALL -> s;
          };
      mag[i] = Math.abs(v[i]);
    }
    double t = percentile(mag, clip);
    if (t == 0) {
      // A sparse map (most pixels zero) has a zero percentile: fall back to the maximum.
      t = Arrays.stream(mag).max().orElse(0);
    }
    if (t > 0) {
      for (int i = 0; i < v.length; i++) {
        v[i] = Math.max(-1, Math.min(1, v[i] / t));
      }
    }
    return new Normalized(v, t, sign, clip);
  }

  /** The {@code p}-th percentile (nearest rank) of {@code v}; 0 for an empty array. */
  public static double percentile(double[] v, double p) {
    if (v.length == 0) {
      return 0;
    }
    double[] s = v.clone();
    Arrays.sort(s);
    int rank = (int) Math.ceil(p / 100.0 * s.length);
    return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
  }

  /** Sign mode from the {@code sign} option (default absolute). */
  public static Sign sign(Options o) {
    return Sign.forName(o.get("sign", "absolute"));
  }

  /** Clipping percentile from the {@code clip} option (default 99). */
  public static double clip(Options o) {
    double c = o.getDouble("clip", DEFAULT_CLIP);
    if (!(c > 0 && c <= 100)) {
      throw new AttribException("option clip=" + o.get("clip", "") + " must be in (0, 100]");
    }
    return c;
  }

  /**
   * The colour of a display value on the shared {@link DivergingScale}: a positive value (and the
   * magnitudes of the {@code positive} and {@code absolute} modes) in the red half, a negative one
   * (and the {@code negative} mode's magnitudes of negative scores) in the blue half, 0 the neutral
   * grey. As packed {@code 0xRRGGBB}.
   */
  public static int colour(double v, Sign sign) {
    double m = Math.min(1, Math.abs(v));
    boolean negative = sign == Sign.NEGATIVE || (sign == Sign.ALL && v < 0);
    return DivergingScale.at(negative ? -m : m).packed();
  }
}
