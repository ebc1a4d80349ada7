package dev.attrib.render;

/**
 * The one colour scale of attribution scores, shared by every modality and plugin: red for a score
 * that raises the explained output, blue for one that lowers it, neutral grey at zero (as in Figure
 * 4 of the IG paper), the saturation growing with the magnitude.
 *
 * <pre>{@code
 * DivergingScale.color(0.31, 0.31);    // POSITIVE, (204,40,39): the largest positive score
 * DivergingScale.color(-0.1, 0.31);    // a greyish blue, a third of the way to NEGATIVE
 * DivergingScale.color(0, 0.31);       // NEUTRAL, (113,113,113)
 * DivergingScale.at(-1);               // NEGATIVE, (21,108,221)
 * }</pre>
 *
 * <p>Contract: the intensity of a score is {@code t = |score| / max}, clamped to [0, 1] (0 when
 * {@code max} is not positive or the score is not finite); the colour is the straight line in OKLab
 * from {@link #NEUTRAL} ({@code t = 0}) to {@link #POSITIVE} or {@link #NEGATIVE} ({@code t = 1}).
 * All three have the same OKLab lightness (0.55), so the chroma, and with it how much a cell stands
 * out, grows linearly with {@code t} while no colour is lighter or darker than another: neither a
 * dark nor a light background makes weak scores look strong, and every colour of the scale
 * contrasts about 4.5:1 with black and with white. The hue says the sign and nothing else does.
 *
 * <p>Renderers that cannot show 24-bit colour use {@link TerminalPalette}, which maps this scale to
 * 256 and 16 colours without ever losing the sign.
 */
public final class DivergingScale {
  private DivergingScale() {}

  /** Zero: a mid grey, OKLab lightness 0.55, as far from a black as from a white background. */
  public static final Rgb NEUTRAL = new Rgb(113, 113, 113);

  /** The largest positive score: red, OKLab (0.55, chroma 0.20, hue 27°). */
  public static final Rgb POSITIVE = new Rgb(204, 40, 39);

  /** The largest negative score: blue, OKLab (0.55, chroma 0.19, hue 258°). */
  public static final Rgb NEGATIVE = new Rgb(21, 108, 221);

  private static final double[] NEUTRAL_LAB = NEUTRAL.oklab();
  private static final double[] POSITIVE_LAB = POSITIVE.oklab();
  private static final double[] NEGATIVE_LAB = NEGATIVE.oklab();

  /** {@code |score| / max}, clamped to [0, 1]; 0 when {@code max <= 0} or a value is not finite. */
  public static double intensity(double score, double max) {
    if (!(max > 0) || !Double.isFinite(score) || Double.isInfinite(max)) {
      return 0;
    }
    return Math.min(1, Math.abs(score) / max);
  }

  /** The colour of {@code score} on a scale whose ends are {@code -max} and {@code +max}. */
  public static Rgb color(double score, double max) {
    double t = intensity(score, max);
    return at(score < 0 ? -t : t);
  }

  /**
   * The scale drawn on a background of its own, for pictures on paper (molecule depictions): the
   * same ends, with {@code background} in place of the neutral grey, so a score of zero leaves the
   * background as it is and a weak score is a faint tint of the scale's red or blue. Terminal
   * cells, which have no background of their own to show, use {@link #at}: a mid-grey halo around
   * every unattributed atom of a molecule made its symbol hard to read and the picture look heavy.
   *
   * <pre>{@code
   * DivergingScale.over(Rgb.WHITE, 0);      // WHITE: nothing to show
   * DivergingScale.over(Rgb.WHITE, 1);      // POSITIVE
   * DivergingScale.over(Rgb.WHITE, -0.5);   // half-way from white to NEGATIVE, in OKLab
   * }</pre>
   */
  public static Rgb over(Rgb background, double v) {
    if (v == 0 || Double.isNaN(v)) {
      return background;
    }
    double t = Math.min(1, Math.abs(v));
    if (t == 1) {
      return v > 0 ? POSITIVE : NEGATIVE;
    }
    double[] from = background.oklab();
    double[] end = v > 0 ? POSITIVE_LAB : NEGATIVE_LAB;
    return Rgb.fromOklab(
        from[0] + t * (end[0] - from[0]),
        from[1] + t * (end[1] - from[1]),
        from[2] + t * (end[2] - from[2]));
  }

  /** {@link #over} for {@code score} on a scale whose ends are {@code -max} and {@code +max}. */
  public static Rgb over(Rgb background, double score, double max) {
    double t = intensity(score, max);
    return over(background, score < 0 ? -t : t);
  }

  /**
   * The colour at {@code v} in [-1, 1] (clamped): -1 is {@link #NEGATIVE}, 0 {@link #NEUTRAL}, +1
   * {@link #POSITIVE}; NaN is neutral.
   */
  public static Rgb at(double v) {
    if (v == 0 || Double.isNaN(v)) {
      return NEUTRAL;
    }
    double t = Math.min(1, Math.abs(v));
    double[] end = v > 0 ? POSITIVE_LAB : NEGATIVE_LAB;
    if (t == 1) {
      return v > 0 ? POSITIVE : NEGATIVE;
    }
    return Rgb.fromOklab(
        NEUTRAL_LAB[0] + t * (end[0] - NEUTRAL_LAB[0]),
        NEUTRAL_LAB[1] + t * (end[1] - NEUTRAL_LAB[1]),
        NEUTRAL_LAB[2] + t * (end[2] - NEUTRAL_LAB[2]));
  }
}
