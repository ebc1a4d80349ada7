package dev.attrib.image;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * An image as plain numbers: {@code channels × height × width} values in row-major order, in the
 * "scaled space" of an {@link ImageSpec} ({@code [0, spec.max()]}, before mean and std).
 *
 * <pre>{@code
 * Pixels p = ImageFiles.load(Path.of("examples/shape-3.png"), ImageSpec.rgb(32, 32));
 * double red = p.get(0, 10, 12);   // channel 0 (red), row 10, column 12
 * }</pre>
 *
 * @param channels 1 (grey) or 3 (RGB)
 * @param height rows
 * @param width columns
 * @param data the values, {@code [c][y][x]} flattened
 */
public record Pixels(int channels, int height, int width, float[] data) {
  public Pixels {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "bad image shape " + channels + "x" + height + "x" + width);
    }
    if (data.length != channels * height * width) {
      throw new IllegalArgumentException(
          "image "
              + channels
              + "x"
              + height
              + "x"
              + width
              + " needs "
              + channels * height * width
              + " values, not "
              + data.length);
    }
    data = data.clone();
  }

  @Override
  public float[] data() {
    return data.clone();
  }

  public float get(int c, int y, int x) {
    return data[(c * height + y) * width + x];
  }

  /** Number of pixels, {@code height × width}. */
  public int pixelCount() {
    return height * width;
  }

  /**
   * Converts an 8-bit image: values are divided by {@code scale}; colour goes to grey by the ITU-R
   * BT.601 luma weights when one channel is wanted, grey is repeated when three are. Alpha is
   * ignored (the colour values are taken as they are).
   */
  public static Pixels of(BufferedImage img, int channels, double scale) {
    int h = img.getHeight();
    int w = img.getWidth();
    int[] argb = grey(img);
    if (argb == null) {
      argb = img.getRGB(0, 0, w, h, null, 0, w);
    }
    float[] out = new float[channels * h * w];
    int plane = h * w;
    for (int i = 0; i < plane; i++) {
      int p = argb[i];
      int r = (p >> 16) & 0xff;
      int g = (p >> 8) & 0xff;
      int b = p & 0xff;
      if (channels == 1) {
        out[i] = (float) ((0.299 * r + 0.587 * g + 0.114 * b) / scale);
      } else {
        out[i] = (float) (r / scale);
        out[plane + i] = (float) (g / scale);
        out[2 * plane + i] = (float) (b / scale);
      }
    }
    return new Pixels(channels, h, w, out);
  }

  /**
   * The samples of a grey picture as 8-bit RGB, or null for colour. Java's {@code getRGB} treats
   * grey rasters as linear light and brightens them on the way to sRGB (200 becomes 229), while
   * grey PNG and JPEG files hold the values as they are meant to be shown; so read the raster.
   */
  private static int[] grey(BufferedImage img) {
    java.awt.image.ColorModel cm = img.getColorModel();
    if (cm.getColorSpace().getType() != java.awt.color.ColorSpace.TYPE_GRAY
        || cm.getNumColorComponents() != 1) {
      return null;
    }
    java.awt.image.Raster r = img.getRaster();
    int bits = cm.getComponentSize(0);
    double max = (1L << bits) - 1;
    int w = img.getWidth();
    int[] out = new int[w * img.getHeight()];
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < w; x++) {
        int v = (int) Math.round(r.getSample(x, y, 0) * 255.0 / max);
        out[y * w + x] = (v << 16) | (v << 8) | v;
      }
    }
    return out;
  }

  /**
   * Back to an 8-bit RGB picture for display: values are multiplied by {@code 255 / max} and
   * clamped; one channel is shown grey.
   */
  public BufferedImage toImage(double max) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int plane = height * width;
    int[] rgb = new int[plane];
    for (int i = 0; i < plane; i++) {
      int r = byteOf(data[i], max);
      int g = channels == 3 ? byteOf(data[plane + i], max) : r;
      int b = channels == 3 ? byteOf(data[2 * plane + i], max) : r;
      rgb[i] = (r << 16) | (g << 8) | b;
    }
    img.setRGB(0, 0, width, height, rgb, 0, width);
    return img;
  }

  private static int byteOf(float v, double max) {
    long b = Math.round(v * 255.0 / max);
    return (int) Math.max(0, Math.min(255, b));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pixels p
        && p.channels == channels
        && p.height == height
        && p.width == width
        && Arrays.equals(p.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * channels + height) + width) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Pixels[" + channels + "x" + height + "x" + width + "]";
  }
}
