package dev.attrib.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Checks of pictures that hold on every machine: pixels outside text compared with a golden file,
 * text only checked to be there and anti-aliased (glyph pixels depend on the machine's rasteriser),
 * and a few facts about plots.
 *
 * <p>To regenerate the goldens after an intended change, run the tests with {@code
 * -Dattrib.golden.update=true} and look at the files in {@code src/test/resources/golden/}.
 */
final class PictureChecks {
  private PictureChecks() {}

  static final Path GOLDEN = Path.of("src/test/resources/golden");

  /** Anti-aliased glyph edges reach this far beyond a text box. */
  private static final int TEXT_SPILL = 2;

  static BufferedImage decode(byte[] png) {
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
      assertTrue(img != null, "not a PNG");
      return img;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Compares {@code c} with the golden file {@code name}.png: same size, every pixel outside the
   * text boxes within 2 levels per channel; every text box inside the picture, apart from the
   * others, and holding anti-aliased text.
   */
  static void golden(String name, Canvas c) throws IOException {
    Path file = GOLDEN.resolve(name + ".png");
    BufferedImage got = decode(c.png());
    if (Boolean.getBoolean("attrib.golden.update")) {
      Files.createDirectories(GOLDEN);
      Files.write(file, c.png());
      return;
    }
    assertTrue(Files.exists(file), "no golden " + file + "; run with -Dattrib.golden.update=true");
    BufferedImage want = ImageIO.read(file.toFile());
    assertEquals(want.getWidth(), got.getWidth(), name + " width");
    assertEquals(want.getHeight(), got.getHeight(), name + " height");
    List<Rectangle> text = c.textBoxes();
    textLaidOut(name, got, text);
    int bad = 0;
    int compared = 0;
    for (int y = 0; y < want.getHeight(); y++) {
      for (int x = 0; x < want.getWidth(); x++) {
        if (inText(text, x, y)) {
          continue;
        }
        compared++;
        if (!close(want.getRGB(x, y), got.getRGB(x, y), 2)) {
          bad++;
        }
      }
    }
    assertTrue(compared > got.getWidth() * got.getHeight() / 2, name + ": mostly text?");
    assertEquals(0, bad, name + ": pixels outside text differing from the golden by more than 2");
  }

  /** Every box inside the picture, no two overlapping, each holding anti-aliased text. */
  static void textLaidOut(String name, BufferedImage img, List<Rectangle> boxes) {
    assertFalse(boxes.isEmpty(), name + ": no text");
    Rectangle all = new Rectangle(0, 0, img.getWidth(), img.getHeight());
    for (int i = 0; i < boxes.size(); i++) {
      Rectangle b = boxes.get(i);
      assertTrue(all.contains(b), name + ": text box " + b + " leaves the picture " + all);
      for (int j = 0; j < i; j++) {
        assertFalse(b.intersects(boxes.get(j)), name + ": text boxes overlap: " + b + boxes.get(j));
      }
      assertAntiAliasedText(name, img, b);
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

  private static boolean inText(List<Rectangle> boxes, int x, int y) {
    for (Rectangle b : boxes) {
      if (x >= b.x - TEXT_SPILL
          && x < b.x + b.width + TEXT_SPILL
          && y >= b.y - TEXT_SPILL
          && y < b.y + b.height + TEXT_SPILL) {
        return true;
      }
    }
    return false;
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
