package dev.attrib.render;

import java.util.Locale;

/**
 * An sRGB colour, 8 bits a channel, with the few measures the renderers need: the CSS and hex
 * spellings, WCAG relative luminance and contrast (to choose a readable text colour) and OKLab
 * coordinates (to interpolate the scale and to test it).
 *
 * <pre>{@code
 * Rgb red = new Rgb(204, 40, 39);
 * red.hex();              // "#CC2827"
 * red.css();              // "rgb(204,40,39)"
 * red.readableText();     // Rgb.WHITE: white text contrasts more with it than black text
 * }</pre>
 *
 * <p>Contract: every channel is in 0..255 (the constructor refuses others).
 *
 * @param r red, 0..255
 * @param g green, 0..255
 * @param b blue, 0..255
 */
public record Rgb(int r, int g, int b) {

  /** Black, {@code (0,0,0)}. */
  public static final Rgb BLACK = new Rgb(0, 0, 0);

  /** White, {@code (255,255,255)}. */
  public static final Rgb WHITE = new Rgb(255, 255, 255);

  public Rgb {
    if ((r | g | b) < 0 || r > 255 || g > 255 || b > 255) {
      throw new IllegalArgumentException("not an 8-bit colour: " + r + "," + g + "," + b);
    }
  }

  /** The colour of a packed {@code 0xRRGGBB} value (higher bits ignored). */
  public static Rgb of(int packed) {
    return new Rgb((packed >> 16) & 0xff, (packed >> 8) & 0xff, packed & 0xff);
  }

  /** {@code 0xRRGGBB}. */
  public int packed() {
    return (r << 16) | (g << 8) | b;
  }

  /** {@code #RRGGBB}, upper case (as CDK writes colours into SVG). */
  public String hex() {
    return String.format(Locale.ROOT, "#%02X%02X%02X", r, g, b);
  }

  /** {@code rgb(R,G,B)}, for CSS. */
  public String css() {
    return "rgb(" + r + "," + g + "," + b + ")";
  }

  /** WCAG 2 relative luminance, 0 (black) to 1 (white). */
  public double luminance() {
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  }

  /** WCAG 2 contrast ratio with {@code other}, 1 (none) to 21 (black on white). */
  public double contrast(Rgb other) {
    double a = luminance() + 0.05;
    double o = other.luminance() + 0.05;
    return Math.max(a, o) / Math.min(a, o);
  }

  /**
   * Black or white, whichever contrasts more with this colour (white on a tie): the text colour for
   * a cell of this background, legible whatever the terminal's or page's own background is.
   */
  public Rgb readableText() {
    return contrast(WHITE) >= contrast(BLACK) ? WHITE : BLACK;
  }

  /**
   * OKLab coordinates {L, a, b} (Björn Ottosson, 2020): L is perceived lightness from 0 to 1, a and
   * b the green–red and blue–yellow axes; the chroma is {@code hypot(a, b)}.
   */
  public double[] oklab() {
    double lr = linear(r);
    double lg = linear(g);
    double lb = linear(b);
    double l = Math.cbrt(0.4122214708 * lr + 0.5363325363 * lg + 0.0514459929 * lb);
    double m = Math.cbrt(0.2119034982 * lr + 0.6806995451 * lg + 0.1073969566 * lb);
    double s = Math.cbrt(0.0883024619 * lr + 0.2817188376 * lg + 0.6299787005 * lb);
    return new double[] {
      0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
      1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
      0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s
    };
  }

  /** OKLab chroma, {@code hypot(a, b)}: 0 for greys, about 0.2 for the scale's ends. */
  public double chroma() {
    double[] lab = oklab();
    return Math.hypot(lab[1], lab[2]);
  }

  /** The colour at OKLab {@code (L, a, b)}, each channel clamped into the sRGB gamut. */
  public static Rgb fromOklab(double lightness, double a, double b) {
    double l = cube(lightness + 0.3963377774 * a + 0.2158037573 * b);
    double m = cube(lightness - 0.1055613458 * a - 0.0638541728 * b);
    double s = cube(lightness - 0.0894841775 * a - 1.2914855480 * b);
    return new Rgb(
        encode(4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s),
        encode(-1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s),
        encode(-0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s));
  }

  private static double cube(double x) {
    return x * x * x;
  }

  private static double linear(int channel) {
    double c = channel / 255.0;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }

  private static int encode(double linear) {
    double c = linear <= 0.0031308 ? 12.92 * linear : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055;
    return (int) Math.round(Math.max(0, Math.min(1, c)) * 255);
  }
}
