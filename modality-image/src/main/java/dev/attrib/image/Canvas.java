package dev.attrib.image;

import dev.attrib.spi.AttribException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A small RGB raster with the drawing the renderers need: rectangles, lines, nearest-neighbour
 * pictures and text in a built-in 3×5 bitmap font.
 *
 * <p>Plain integer pixel operations, no Java2D and no system fonts: the machines may have no fonts
 * at all, and the output must be the same pixels everywhere (the golden tests compare them).
 */
final class Canvas {
  final int width;
  final int height;
  private final int[] rgb;

  Canvas(int width, int height, int background) {
    if (width < 1 || height < 1 || (long) width * height > 64L * 1024 * 1024) {
      throw new AttribException("picture size out of range: " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    this.rgb = new int[width * height];
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

  /** A line, {@code thickness} pixels wide (square brush), dashed when {@code dash > 0}. */
  void line(int x0, int y0, int x1, int y1, int c, int thickness, int dash) {
    int dx = Math.abs(x1 - x0);
    int dy = -Math.abs(y1 - y0);
    int sx = x0 < x1 ? 1 : -1;
    int sy = y0 < y1 ? 1 : -1;
    int err = dx + dy;
    int step = 0;
    int lo = -(thickness - 1) / 2;
    while (true) {
      if (dash <= 0 || (step / dash) % 2 == 0) {
        fill(x0 + lo, y0 + lo, thickness, thickness, c);
      }
      step++;
      if (x0 == x1 && y0 == y1) {
        break;
      }
      int e2 = 2 * err;
      if (e2 >= dy) {
        err += dy;
        x0 += sx;
      }
      if (e2 <= dx) {
        err += dx;
        y0 += sy;
      }
    }
  }

  /** Draws {@code pic} ({@code w}×{@code h} RGB values) enlarged {@code zoom} times at (x, y). */
  void picture(int[] pic, int w, int h, int x, int y, int zoom) {
    for (int py = 0; py < h; py++) {
      for (int px = 0; px < w; px++) {
        fill(x + px * zoom, y + py * zoom, zoom, zoom, pic[py * w + px]);
      }
    }
  }

  /** Text in the built-in font, {@code scale} pixels per font dot; returns the width drawn. */
  int text(String s, int x, int y, int scale, int c) {
    int cx = x;
    for (char ch : s.toUpperCase(Locale.ROOT).toCharArray()) {
      String[] g = glyph(ch);
      for (int row = 0; row < 5; row++) {
        for (int col = 0; col < 3; col++) {
          if (g[row].charAt(col) == '#') {
            fill(cx + col * scale, y + row * scale, scale, scale, c);
          }
        }
      }
      cx += 4 * scale;
    }
    return cx - x;
  }

  /** Width of {@code s} in the built-in font at {@code scale}, without the trailing gap. */
  static int textWidth(String s, int scale) {
    return s.isEmpty() ? 0 : s.length() * 4 * scale - scale;
  }

  /** Height of a text line at {@code scale}. */
  static int textHeight(int scale) {
    return 5 * scale;
  }

  BufferedImage toImage() {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, width, height, rgb, 0, width);
    return img;
  }

  byte[] png() {
    return png(toImage());
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

  private static String[] glyph(char c) {
    String[] g = FONT.get(c);
    return g != null ? g : FONT.get('?');
  }

  // Our own 3x5 font: '#' is a dot. Letters are upper case only; text is upper-cased first.
  private static final Map<Character, String[]> FONT =
      Map.ofEntries(
          Map.entry('A', new String[] {".#.", "#.#", "###", "#.#", "#.#"}),
          Map.entry('B', new String[] {"##.", "#.#", "##.", "#.#", "##."}),
          Map.entry('C', new String[] {".##", "#..", "#..", "#..", ".##"}),
          Map.entry('D', new String[] {"##.", "#.#", "#.#", "#.#", "##."}),
          Map.entry('E', new String[] {"###", "#..", "##.", "#..", "###"}),
          Map.entry('F', new String[] {"###", "#..", "##.", "#..", "#.."}),
          Map.entry('G', new String[] {".##", "#..", "#.#", "#.#", ".##"}),
          Map.entry('H', new String[] {"#.#", "#.#", "###", "#.#", "#.#"}),
          Map.entry('I', new String[] {"###", ".#.", ".#.", ".#.", "###"}),
          Map.entry('J', new String[] {"..#", "..#", "..#", "#.#", ".#."}),
          Map.entry('K', new String[] {"#.#", "#.#", "##.", "#.#", "#.#"}),
          Map.entry('L', new String[] {"#..", "#..", "#..", "#..", "###"}),
          Map.entry('M', new String[] {"#.#", "###", "###", "#.#", "#.#"}),
          Map.entry('N', new String[] {"##.", "#.#", "#.#", "#.#", "#.#"}),
          Map.entry('O', new String[] {".#.", "#.#", "#.#", "#.#", ".#."}),
          Map.entry('P', new String[] {"##.", "#.#", "##.", "#..", "#.."}),
          Map.entry('Q', new String[] {".#.", "#.#", "#.#", "##.", ".##"}),
          Map.entry('R', new String[] {"##.", "#.#", "##.", "#.#", "#.#"}),
          Map.entry('S', new String[] {".##", "#..", ".#.", "..#", "##."}),
          Map.entry('T', new String[] {"###", ".#.", ".#.", ".#.", ".#."}),
          Map.entry('U', new String[] {"#.#", "#.#", "#.#", "#.#", "###"}),
          Map.entry('V', new String[] {"#.#", "#.#", "#.#", "#.#", ".#."}),
          Map.entry('W', new String[] {"#.#", "#.#", "###", "###", "#.#"}),
          Map.entry('X', new String[] {"#.#", "#.#", ".#.", "#.#", "#.#"}),
          Map.entry('Y', new String[] {"#.#", "#.#", ".#.", ".#.", ".#."}),
          Map.entry('Z', new String[] {"###", "..#", ".#.", "#..", "###"}),
          Map.entry('0', new String[] {"###", "#.#", "#.#", "#.#", "###"}),
          Map.entry('1', new String[] {".#.", "##.", ".#.", ".#.", "###"}),
          Map.entry('2', new String[] {"##.", "..#", ".#.", "#..", "###"}),
          Map.entry('3', new String[] {"##.", "..#", ".#.", "..#", "##."}),
          Map.entry('4', new String[] {"#.#", "#.#", "###", "..#", "..#"}),
          Map.entry('5', new String[] {"###", "#..", "##.", "..#", "##."}),
          Map.entry('6', new String[] {".##", "#..", "###", "#.#", "###"}),
          Map.entry('7', new String[] {"###", "..#", ".#.", ".#.", ".#."}),
          Map.entry('8', new String[] {"###", "#.#", "###", "#.#", "###"}),
          Map.entry('9', new String[] {"###", "#.#", "###", "..#", "##."}),
          Map.entry('.', new String[] {"...", "...", "...", "...", ".#."}),
          Map.entry(',', new String[] {"...", "...", "...", ".#.", "#.."}),
          Map.entry('-', new String[] {"...", "...", "###", "...", "..."}),
          Map.entry('+', new String[] {"...", ".#.", "###", ".#.", "..."}),
          Map.entry('%', new String[] {"#.#", "..#", ".#.", "#..", "#.#"}),
          Map.entry(':', new String[] {"...", ".#.", "...", ".#.", "..."}),
          Map.entry('(', new String[] {".#.", "#..", "#..", "#..", ".#."}),
          Map.entry(')', new String[] {".#.", "..#", "..#", "..#", ".#."}),
          Map.entry('/', new String[] {"..#", "..#", ".#.", "#..", "#.."}),
          Map.entry('=', new String[] {"...", "###", "...", "###", "..."}),
          Map.entry('_', new String[] {"...", "...", "...", "...", "###"}),
          Map.entry(' ', new String[] {"...", "...", "...", "...", "..."}),
          Map.entry('?', new String[] {"##.", "..#", ".#.", "...", ".#."}));
}
