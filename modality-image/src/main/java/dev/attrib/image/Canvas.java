package dev.attrib.image;

import dev.attrib.spi.AttribException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.font.TextLayout;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A small RGB picture with the drawing the renderers need: rectangles, nearest-neighbour pictures
 * and anti-aliased text in the bundled font ({@link Fonts}).
 *
 * <p>Pixels are set directly in the image's own integer raster, so rectangles and enlarged pictures
 * are exact; text goes through Java2D. Every text box drawn is remembered ({@link #textBoxes()}):
 * the golden tests compare every pixel outside them exactly and only check that text is there
 * inside, because anti-aliased glyph pixels depend on the machine's font rasteriser.
 */
final class Canvas {
  final int width;
  final int height;
  private final BufferedImage image;
  private final int[] rgb;
  private final List<Rectangle> textBoxes = new ArrayList<>();

  Canvas(int width, int height, int background) {
    if (width < 1 || height < 1 || (long) width * height > 64L * 1024 * 1024) {
      throw new AttribException("picture size out of range: " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    this.rgb = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    java.util.Arrays.fill(rgb, background & 0xffffff);
  }

  void set(int x, int y, int c) {
    if (x >= 0 && y >= 0 && x < width && y < height) {
      rgb[y * width + x] = c & 0xffffff;
    }
  }

  int get(int x, int y) {
    return rgb[y * width + x];
  }

  void fill(int x, int y, int w, int h, int c) {
    for (int yy = Math.max(0, y); yy < Math.min(height, y + h); yy++) {
      for (int xx = Math.max(0, x); xx < Math.min(width, x + w); xx++) {
        rgb[yy * width + xx] = c & 0xffffff;
      }
    }
  }

  /** A rectangle outline one pixel wide. */
  void frame(int x, int y, int w, int h, int c) {
    fill(x, y, w, 1, c);
    fill(x, y + h - 1, w, 1, c);
    fill(x, y, 1, h, c);
    fill(x + w - 1, y, 1, h, c);
  }

  /** Draws {@code pic} ({@code w}×{@code h} RGB values) enlarged {@code zoom} times at (x, y). */
  void picture(int[] pic, int w, int h, int x, int y, int zoom) {
    for (int py = 0; py < h; py++) {
      for (int px = 0; px < w; px++) {
        fill(x + px * zoom, y + py * zoom, zoom, zoom, pic[py * w + px]);
      }
    }
  }

  /**
   * One line of text, {@code size} pixels high, its box's top-left corner at (x, top); returns the
   * width drawn.
   */
  int text(String s, int x, int top, float size, int colour) {
    return text(s, x, top, size, colour, false);
  }

  /** As {@link #text(String, int, int, float, int)}, bold when {@code bold}. */
  int text(String s, int x, int top, float size, int colour, boolean bold) {
    if (s.isEmpty()) {
      return 0;
    }
    TextLayout t = Fonts.layout(s, size, bold);
    Graphics2D g = image.createGraphics();
    try {
      Fonts.hints(g);
      g.setColor(new Color(colour & 0xffffff));
      t.draw(g, x, (float) (top + Fonts.ascent(size)));
    } finally {
      g.dispose();
    }
    int w = (int) Math.ceil(t.getAdvance());
    textBoxes.add(new Rectangle(x, top, w, Fonts.lineHeight(size)));
    return w;
  }

  /** One line of text centred on {@code cx}. */
  void textCentred(String s, int cx, int top, float size, int colour) {
    text(s, (int) Math.round(cx - textWidth(s, size) / 2), top, size, colour);
  }

  /** Width of {@code s} at {@code size}, in pixels. */
  static double textWidth(String s, float size) {
    return Fonts.width(s, size);
  }

  /** Height of a text line at {@code size}. */
  static int textHeight(float size) {
    return Fonts.lineHeight(size);
  }

  /**
   * {@code s} shortened with an ellipsis to fit {@code width} pixels at {@code size}; as it is when
   * it fits.
   */
  static String fit(String s, double width, float size) {
    if (textWidth(s, size) <= width) {
      return s;
    }
    int n = s.length();
    while (n > 0 && textWidth(s.substring(0, n).stripTrailing() + "\u2026", size) > width) {
      n = s.offsetByCodePoints(n, -1);
    }
    return n == 0 ? "" : s.substring(0, n).stripTrailing() + "\u2026";
  }

  /**
   * {@code parts} joined by {@code sep} on as few lines as fit {@code width} pixels at {@code
   * size}; a line breaks only between parts, and a part wider than a line is shortened with an
   * ellipsis.
   */
  static List<String> wrap(List<String> parts, String sep, double width, float size) {
    List<String> lines = new ArrayList<>();
    String line = null;
    for (String p : parts) {
      String part = fit(p, width, size);
      String joined = line == null ? part : line + sep + part;
      if (line != null && textWidth(joined, size) > width) {
        lines.add(line);
        line = part;
      } else {
        line = joined;
      }
    }
    if (line != null) {
      lines.add(line);
    }
    return lines;
  }

  /** The boxes of the text drawn so far (top-left, advance width, line height). */
  List<Rectangle> textBoxes() {
    return List.copyOf(textBoxes);
  }

  byte[] png() {
    return png(image);
  }

  static byte[] png(BufferedImage img) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, "png", out)) {
        throw new AttribException(
            "no PNG writer in this Java runtime", AttribException.RUNTIME, null);
      }
    } catch (IOException e) {
      throw new AttribException("cannot encode PNG: " + e.getMessage(), AttribException.RUNTIME, e);
    }
    return out.toByteArray();
  }

  static int rgb(int r, int g, int b) {
    return (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
