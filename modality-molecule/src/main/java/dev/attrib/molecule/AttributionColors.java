package dev.attrib.molecule;

import java.awt.Color;
import java.util.Locale;

/**
 * The colour convention of molecule depictions: red for positive attribution, blue for negative,
 * light grey for none, with intensity by magnitude relative to the largest absolute score of the
 * molecule (atoms and bonds share one scale).
 *
 * <pre>{@code
 * Color c = AttributionColors.of(0.31, 0.31);   // full red
 * AttributionColors.hex(AttributionColors.of(-0.1, 0.31));   // a light blue, e.g. "#A4B5D4"
 * }</pre>
 *
 * <p>Contract: for a positive score the red channel exceeds the blue one, for a negative score the
 * blue channel exceeds the red one, and a zero score (or a zero scale) gives the neutral grey whose
 * channels are equal. The interpolation is linear in sRGB from {@link #NEUTRAL}.
 */
public final class AttributionColors {
  private AttributionColors() {}

  /** No attribution: a light grey that stays visible as a glow on white. */
  public static final Color NEUTRAL = new Color(0xDD, 0xDD, 0xDD);

  /** The strongest positive attribution. */
  public static final Color POSITIVE = new Color(0xD6, 0x27, 0x28);

  /** The strongest negative attribution. */
  public static final Color NEGATIVE = new Color(0x1F, 0x4E, 0xC8);

  /** The colour of {@code score} on a scale whose ends are {@code -maxAbs} and {@code +maxAbs}. */
  public static Color of(double score, double maxAbs) {
    double t = maxAbs > 0 && Double.isFinite(score) ? Math.min(1, Math.abs(score) / maxAbs) : 0;
    Color end = score >= 0 ? POSITIVE : NEGATIVE;
    return new Color(
        mix(NEUTRAL.getRed(), end.getRed(), t),
        mix(NEUTRAL.getGreen(), end.getGreen(), t),
        mix(NEUTRAL.getBlue(), end.getBlue(), t));
  }

  private static int mix(int a, int b, double t) {
    return (int) Math.round(a + (b - a) * t);
  }

  /** {@code #RRGGBB}, upper case, as CDK writes colours into SVG. */
  public static String hex(Color c) {
    return String.format(Locale.ROOT, "#%02X%02X%02X", c.getRed(), c.getGreen(), c.getBlue());
  }
}
