package dev.attrib.image;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Checks of pictures that hold on every machine: text only checked to be there and anti-aliased
 * (glyph pixels depend on the machine's rasteriser), and a few facts about plots.
 */
final class PictureChecks {
  private PictureChecks() {}

  static BufferedImage decode(byte[] png) {
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
      assertTrue(img != null, "not a PNG");
      return img;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Dark ink in the box, and grey levels between ink and paper: glyphs drawn anti-aliased. */
  static void assertAntiAliasedText(String name, BufferedImage img, Rectangle b) {
    int dark = 0;
    int between = 0;
    for (int y = b.y; y < b.y + b.height; y++) {
      for (int x = b.x; x < b.x + b.width; x++) {
        int l = luma(img.getRGB(x, y));
        if (l < 110) {
          dark++;
        } else if (l < 230) {
          between++;
        }
      }
    }
    assertTrue(dark > 0, name + ": no ink in the text box " + b);
    assertTrue(between > 0, name + ": no anti-aliased edges in the text box " + b);
  }

  static boolean close(int a, int b, int tolerance) {
    for (int sh = 0; sh <= 16; sh += 8) {
      if (Math.abs(((a >> sh) & 0xff) - ((b >> sh) & 0xff)) > tolerance) {
        return false;
      }
    }
    return true;
  }

  static int luma(int rgb) {
    return (299 * ((rgb >> 16) & 0xff) + 587 * ((rgb >> 8) & 0xff) + 114 * (rgb & 0xff)) / 1000;
  }

  /** Pixels in {@code r} within {@code tolerance} levels of {@code colour}. */
  static int count(BufferedImage img, Rectangle r, int colour, int tolerance) {
    int n = 0;
    Rectangle in = r.intersection(new Rectangle(0, 0, img.getWidth(), img.getHeight()));
    for (int y = in.y; y < in.y + in.height; y++) {
      for (int x = in.x; x < in.x + in.width; x++) {
        if (close(img.getRGB(x, y), colour, tolerance)) {
          n++;
        }
      }
    }
    return n;
  }

  /** Pixels in {@code r} darker than {@code level} (luma). */
  static int dark(BufferedImage img, Rectangle r, int level) {
    int n = 0;
    Rectangle in = r.intersection(new Rectangle(0, 0, img.getWidth(), img.getHeight()));
    for (int y = in.y; y < in.y + in.height; y++) {
      for (int x = in.x; x < in.x + in.width; x++) {
        if (luma(img.getRGB(x, y)) < level) {
          n++;
        }
      }
    }
    return n;
  }

  /**
   * The longest run of pixels darker than {@code level} along row {@code y} (or column {@code x}
   * when {@code vertical}) of chart {@code chart} in a picture of charts side by side.
   */
  static int longestDarkRun(BufferedImage img, int at, boolean vertical, int level, int x0, int w) {
    int best = 0;
    int run = 0;
    int n = vertical ? img.getHeight() : w;
    for (int i = 0; i < n; i++) {
      int rgb = vertical ? img.getRGB(at, i) : img.getRGB(x0 + i, at);
      run = luma(rgb) < level ? run + 1 : 0;
      best = Math.max(best, run);
    }
    return best;
  }
}
