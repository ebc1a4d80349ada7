package dev.attrib.molecule;

import dev.attrib.render.DivergingScale;
import dev.attrib.render.Rgb;
import java.awt.Color;

/**
 * The shared {@link DivergingScale}, drawn on the depiction's white paper ({@link
 * DivergingScale#over}), as the AWT colours CDK's depiction takes: red for positive attribution,
 * blue for negative, no tint for none, saturation by magnitude relative to the largest absolute
 * score of the molecule (atoms and bonds share one scale).
 *
 * <pre>{@code
 * Color c = AttributionColors.of(0.31, 0.31);   // full red, DivergingScale.POSITIVE
 * AttributionColors.hex(AttributionColors.of(-0.1, 0.31));   // a pale blue
 * }</pre>
 *
 * <p>Contract: {@code of(score, maxAbs)} is exactly {@code DivergingScale.over(Rgb.WHITE, score,
 * maxAbs)}; for a positive score the red channel exceeds the blue one, for a negative score the
 * blue channel exceeds the red one, and a zero score (or a zero scale) gives the paper's white.
 */
public final class AttributionColors {
  private AttributionColors() {}

  /** No attribution: the paper itself. */
  public static final Color NEUTRAL = awt(Rgb.WHITE);

  /** The strongest positive attribution. */
  public static final Color POSITIVE = awt(DivergingScale.POSITIVE);

  /** The strongest negative attribution. */
  public static final Color NEGATIVE = awt(DivergingScale.NEGATIVE);

  /** The colour of {@code score} on a scale whose ends are {@code -maxAbs} and {@code +maxAbs}. */
  public static Color of(double score, double maxAbs) {
    return awt(DivergingScale.over(Rgb.WHITE, score, maxAbs));
  }

  /** {@code #RRGGBB}, upper case, as CDK writes colours into SVG. */
  public static String hex(Color c) {
    return new Rgb(c.getRed(), c.getGreen(), c.getBlue()).hex();
  }

  private static Color awt(Rgb c) {
    return new Color(c.r(), c.g(), c.b());
  }
}
