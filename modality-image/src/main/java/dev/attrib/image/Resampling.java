package dev.attrib.image;

/**
 * Resizing and cropping of {@link Pixels}, in plain Java so the result is the same on every JDK and
 * machine (Java2D's scaling depends on the rendering pipeline).
 *
 * <pre>{@code
 * Pixels small = Resampling.resize(big, 32, 32);            // area average when shrinking
 * Pixels square = Resampling.fit(photo, 224, 224, ImageSpec.Resize.CENTER_CROP);
 * }</pre>
 *
 * <p>Shrinking averages the source area each output pixel covers (no aliasing); enlarging
 * interpolates bilinearly between pixel centres with the border clamped. Both keep a constant image
 * constant.
 */
public final class Resampling {
  private Resampling() {}

  /** Fits {@code p} to {@code h}×{@code w} as {@code mode} says. */
  public static Pixels fit(Pixels p, int h, int w, ImageSpec.Resize mode) {
    if (p.height() == h && p.width() == w) {
      return p;
    }
    if (mode == ImageSpec.Resize.STRETCH) {
      return resize(p, h, w);
    }
    // Cover the target with the aspect ratio kept, then cut the centre.
    double f = Math.max((double) h / p.height(), (double) w / p.width());
    int sh = Math.max(h, (int) Math.round(p.height() * f));
    int sw = Math.max(w, (int) Math.round(p.width() * f));
    Pixels scaled = resize(p, sh, sw);
    return crop(scaled, (sh - h) / 2, (sw - w) / 2, h, w);
  }

  /** The {@code h}×{@code w} window whose top-left corner is at ({@code top}, {@code left}). */
  public static Pixels crop(Pixels p, int top, int left, int h, int w) {
    if (top < 0 || left < 0 || top + h > p.height() || left + w > p.width()) {
      throw new IllegalArgumentException("crop window outside the image");
    }
    float[] src = p.data();
    float[] out = new float[p.channels() * h * w];
    for (int c = 0; c < p.channels(); c++) {
      for (int y = 0; y < h; y++) {
        System.arraycopy(
            src, (c * p.height() + top + y) * p.width() + left, out, (c * h + y) * w, w);
      }
    }
    return new Pixels(p.channels(), h, w, out);
  }

  /** Resizes to {@code h}×{@code w}, each axis on its own. */
  public static Pixels resize(Pixels p, int h, int w) {
    if (h < 1 || w < 1) {
      throw new IllegalArgumentException("target size must be positive: " + h + "x" + w);
    }
    float[] src = p.data();
    int c = p.channels();
    int h0 = p.height();
    int w0 = p.width();
    Kernel kx = kernel(w0, w);
    Kernel ky = kernel(h0, h);
    // Rows first (h0 x w), then columns (h x w).
    float[] tmp = new float[c * h0 * w];
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < h0; y++) {
        int rowIn = (ch * h0 + y) * w0;
        int rowOut = (ch * h0 + y) * w;
        for (int x = 0; x < w; x++) {
          double s = 0;
          for (int k = 0; k < kx.index[x].length; k++) {
            s += kx.weight[x][k] * src[rowIn + kx.index[x][k]];
          }
          tmp[rowOut + x] = (float) s;
        }
      }
    }
    float[] out = new float[c * h * w];
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double s = 0;
          for (int k = 0; k < ky.index[y].length; k++) {
            s += ky.weight[y][k] * tmp[(ch * h0 + ky.index[y][k]) * w + x];
          }
          out[(ch * h + y) * w + x] = (float) s;
        }
      }
    }
    return new Pixels(c, h, w, out);
  }

  private record Kernel(int[][] index, double[][] weight) {}

  /** Source indices and weights for each of {@code m} outputs from {@code n} inputs. */
  private static Kernel kernel(int n, int m) {
    int[][] idx = new int[m][];
    double[][] wt = new double[m][];
    double s = (double) n / m;
    for (int o = 0; o < m; o++) {
      if (s >= 1) {
        // Area average over the footprint [o*s, (o+1)*s).
        double a = o * s;
        double b = (o + 1) * s;
        int i0 = (int) Math.floor(a);
        int i1 = Math.min(n - 1, (int) Math.ceil(b) - 1);
        idx[o] = new int[i1 - i0 + 1];
        wt[o] = new double[i1 - i0 + 1];
        for (int i = i0; i <= i1; i++) {
          double overlap = Math.min(b, i + 1) - Math.max(a, i);
          idx[o][i - i0] = i;
          wt[o][i - i0] = overlap / s;
        }
      } else {
        double centre = (o + 0.5) * s - 0.5;
        int i0 = (int) Math.floor(centre);
        double t = centre - i0;
        idx[o] = new int[] {clamp(i0, n), clamp(i0 + 1, n)};
        wt[o] = new double[] {1 - t, t};
      }
    }
    return new Kernel(idx, wt);
  }

  private static int clamp(int i, int n) {
    return Math.max(0, Math.min(n - 1, i));
  }
}
