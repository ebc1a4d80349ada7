package dev.attrib.image;

import dev.attrib.model.LoadedModel;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Baseline;
import dev.attrib.spi.Options;
import dev.attrib.spi.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The image baselines of Sturmfels, Lundberg & Lee, "Visualizing the Impact of Feature Attribution
 * Baselines" (Distill 2020), built in scaled pixel space ({@code [0, max]}, see {@link ImageSpec})
 * and then normalised with the manifest's mean and std.
 *
 * <pre>{@code
 * Baseline blur = new ImageModality().baseline("blur");
 * List<List<Tensor>> samples = blur.create(encoded, model, Options.of(Map.of("sigma", "3")), 0);
 * }</pre>
 *
 * <table>
 *   <caption>Baselines</caption>
 *   <tr><th>name</th><th>construction</th><th>options</th></tr>
 *   <tr><td>black</td><td>0 everywhere (so {@code (0 - mean) / std} after normalisation)</td>
 *       <td></td></tr>
 *   <tr><td>white</td><td>max everywhere</td><td></td></tr>
 *   <tr><td>uniform</td><td>each value drawn uniformly from [0, max]</td>
 *       <td>samples (default 1)</td></tr>
 *   <tr><td>gaussian</td><td>the input plus N(0, (sigma·max)²) noise, clipped to [0, max]</td>
 *       <td>sigma (default 0.5), samples (default 1)</td></tr>
 *   <tr><td>blur</td><td>Gaussian blur of the input, per channel, border pixels repeated</td>
 *       <td>sigma in pixels (default max(H, W) / 8)</td></tr>
 *   <tr><td>max-distance</td><td>per value, the end of [0, max] farther from the input: the
 *       image farthest from the input in L1 within the valid range</td><td></td></tr>
 *   <tr><td>image:PATH</td><td>the image at PATH, fitted like the input</td><td></td></tr>
 *   <tr><td>distribution:FOLDER</td><td>images of the folder (or list file) as samples: IG is
 *       averaged over them, i.e. expected gradients</td><td>samples (default 16; a seeded
 *       choice when the folder has more)</td></tr>
 * </table>
 *
 * <p>Random baselines draw only from the seed they are given.
 */
public final class PixelBaselines {
  private PixelBaselines() {}

  /** Default gaussian noise, as a fraction of the value range. */
  public static final double DEFAULT_NOISE_SIGMA = 0.5;

  /** Default number of images a distribution baseline uses. */
  public static final int DEFAULT_DISTRIBUTION_SAMPLES = 16;

  /** The fixed baselines and the two parametrised ones' placeholders, default first. */
  static List<Baseline<ImageEncoding>> all() {
    return List.of(
        new Simple("black", "all pixels black (zero in [0,1] pixel space)", Kind.BLACK),
        new Simple("white", "all pixels white", Kind.WHITE),
        new Simple("uniform", "uniform noise over the valid range (samples=N)", Kind.UNIFORM),
        new Simple(
            "gaussian",
            "the input plus clipped Gaussian noise (sigma=fraction of range, samples=N)",
            Kind.GAUSSIAN),
        new Simple("blur", "Gaussian blur of the input (sigma=pixels)", Kind.BLUR),
        new Simple(
            "max-distance",
            "the image farthest from the input in L1 within the range",
            Kind.MAX_DISTANCE),
        new Placeholder("image:PATH", "any image file, fitted like the input"),
        new Placeholder(
            "distribution:FOLDER",
            "images of a folder or list file: expected gradients (samples=N)"));
  }

  /** The baseline for a name with a parameter, or null when the name has none. */
  static Baseline<ImageEncoding> parametrised(String name) {
    if (name.equals("image:PATH") || name.equals("distribution:FOLDER")) {
      // The listed placeholders themselves: their create() explains the parameter.
      return all().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }
    if (name.startsWith("image:")) {
      String path = name.substring("image:".length());
      if (path.isEmpty()) {
        throw new AttribException("baseline 'image:' needs a file: image:PATH");
      }
      return new FromImage(name, Path.of(path));
    }
    if (name.startsWith("distribution:")) {
      String path = name.substring("distribution:".length());
      if (path.isEmpty()) {
        throw new AttribException(
            "baseline 'distribution:' needs a folder or list file: distribution:FOLDER");
      }
      return new Distribution(name, Path.of(path));
    }
    return null;
  }

  /** The fixed constructions; also the substrates of the deletion and insertion curves. */
  public enum Kind {
    BLACK,
    WHITE,
    UNIFORM,
    GAUSSIAN,
    BLUR,
    MAX_DISTANCE
  }

  /** The input's spec, as encoded by the modality. */
  static ImageSpec spec(ImageEncoding e) {
    return e.spec();
  }

  /** The input's pixels in scaled space, as encoded by the modality. */
  static Pixels scaled(ImageEncoding e) {
    return e.scaled();
  }

  static List<Tensor> normalised(Pixels p, ImageSpec spec) {
    return List.of(
        Tensor.of(
            spec.normalize(p.data(), p.height(), p.width()), p.channels(), p.height(), p.width()));
  }

  /**
   * The baseline picture in scaled space. Public so the quality metrics can use the same substrates
   * (black, blur) as the baselines.
   */
  public static Pixels build(Kind kind, Pixels x, double max, Options o, Random r) {
    float[] v = x.data();
    float[] out = new float[v.length];
    switch (kind) {
      case BLACK -> {}
      case WHITE -> java.util.Arrays.fill(out, (float) max);
      case UNIFORM -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = (float) (r.nextDouble() * max);
        }
      }
      case GAUSSIAN -> {
        double sigma = positive(o, "sigma", DEFAULT_NOISE_SIGMA) * max;
        for (int i = 0; i < out.length; i++) {
          out[i] = (float) Math.max(0, Math.min(max, v[i] + sigma * r.nextGaussian()));
        }
      }
      case BLUR -> {
        return blur(x, positive(o, "sigma", defaultBlurSigma(x)));
      }
      case MAX_DISTANCE -> {
        for (int i = 0; i < out.length; i++) {
          // Ties (exactly mid-range) go up, so the choice is deterministic.
          out[i] = v[i] < max / 2 ? (float) max : 0f;
        }
      }
      default -> throw new IllegalStateException(kind.toString());
    }
    return new Pixels(x.channels(), x.height(), x.width(), out);
  }

  /** max(H, W) / 8 pixels: enough to wipe out shapes and edges, keep the colours. */
  public static double defaultBlurSigma(Pixels x) {
    return Math.max(x.height(), x.width()) / 8.0;
  }

  /**
   * Gaussian blur per channel with a kernel of radius {@code ceil(3 sigma)}, normalised to sum 1,
   * border pixels repeated: a constant image stays exactly constant up to float round-off.
   */
  public static Pixels blur(Pixels x, double sigma) {
    if (!(sigma > 0)) {
      throw new AttribException("blur sigma must be positive, not " + sigma);
    }
    int rad = (int) Math.ceil(3 * sigma);
    double[] k = new double[2 * rad + 1];
    double sum = 0;
    for (int i = -rad; i <= rad; i++) {
      k[i + rad] = Math.exp(-0.5 * i * i / (sigma * sigma));
      sum += k[i + rad];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    int c = x.channels();
    int h = x.height();
    int w = x.width();
    float[] v = x.data();
    float[] tmp = new float[v.length];
    float[] out = new float[v.length];
    for (int ch = 0; ch < c; ch++) {
      int base = ch * h * w;
      for (int y = 0; y < h; y++) {
        for (int xx = 0; xx < w; xx++) {
          double s = 0;
          for (int i = -rad; i <= rad; i++) {
            int xi = Math.max(0, Math.min(w - 1, xx + i));
            s += k[i + rad] * v[base + y * w + xi];
          }
          tmp[base + y * w + xx] = (float) s;
        }
      }
      for (int y = 0; y < h; y++) {
        for (int xx = 0; xx < w; xx++) {
          double s = 0;
          for (int i = -rad; i <= rad; i++) {
            int yi = Math.max(0, Math.min(h - 1, y + i));
            s += k[i + rad] * tmp[base + yi * w + xx];
          }
          out[base + y * w + xx] = (float) s;
        }
      }
    }
    return new Pixels(c, h, w, out);
  }

  static double positive(Options o, String key, double fallback) {
    double v = o.getDouble(key, fallback);
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new AttribException("option " + key + " must be a positive number, not " + v);
    }
    return v;
  }

  static int count(Options o, String key, int fallback) {
    double v = o.getDouble(key, fallback);
    if (v != Math.rint(v) || v < 1 || v > 10_000) {
      throw new AttribException(
          "option " + key + " must be a whole number from 1 to 10000, not " + o.get(key, ""));
    }
    return (int) v;
  }

  /** black, white, uniform, gaussian, blur, max-distance. */
  record Simple(String name, String description, Kind kind) implements Baseline<ImageEncoding> {
    @Override
    public List<List<Tensor>> create(ImageEncoding e, LoadedModel model, Options o, long seed) {
      ImageSpec spec = spec(e);
      Pixels x = scaled(e);
      int n = kind == Kind.UNIFORM || kind == Kind.GAUSSIAN ? count(o, "samples", 1) : 1;
      Random r = new Random(seed);
      List<List<Tensor>> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(normalised(build(kind, x, spec.max(), o, r), spec));
      }
      return out;
    }
  }

  /** {@code image:PATH} and {@code distribution:FOLDER} as listed: they need their parameter. */
  record Placeholder(String name, String description) implements Baseline<ImageEncoding> {
    @Override
    public List<List<Tensor>> create(ImageEncoding e, LoadedModel model, Options o, long seed) {
      String kind = name.substring(0, name.indexOf(':'));
      throw new AttribException(
          "baseline "
              + name
              + " needs its parameter: write e.g. --baseline "
              + kind
              + (kind.equals("image") ? ":gray.png" : ":baseline-images/"));
    }
  }

  /** {@code image:PATH}: any picture, fitted to the input's size. */
  record FromImage(String name, Path file) implements Baseline<ImageEncoding> {
    @Override
    public String description() {
      return "the image " + file;
    }

    @Override
    public List<List<Tensor>> create(ImageEncoding e, LoadedModel model, Options o, long seed) {
      ImageSpec spec = spec(e);
      Pixels x = scaled(e);
      return List.of(normalised(fitted(file, spec, x), spec));
    }
  }

  /** {@code distribution:FOLDER}: several pictures, IG averaged over them (expected gradients). */
  record Distribution(String name, Path folder) implements Baseline<ImageEncoding> {
    @Override
    public String description() {
      return "images of " + folder;
    }

    @Override
    public List<List<Tensor>> create(ImageEncoding e, LoadedModel model, Options o, long seed) {
      ImageSpec spec = spec(e);
      Pixels x = scaled(e);
      List<Path> files = new ArrayList<>(ImageFiles.list(folder));
      int n = count(o, "samples", DEFAULT_DISTRIBUTION_SAMPLES);
      if (files.size() > n) {
        Collections.shuffle(files, new Random(seed));
        files = files.subList(0, n);
      }
      List<List<Tensor>> out = new ArrayList<>();
      for (Path f : files) {
        out.add(normalised(fitted(f, spec, x), spec));
      }
      return out;
    }
  }

  /** A baseline image at the input's size (which may differ from the manifest's when unset). */
  static Pixels fitted(Path file, ImageSpec spec, Pixels like) {
    Pixels p = Pixels.of(ImageFiles.read(file), spec.channels(), spec.scale());
    return Resampling.fit(p, like.height(), like.width(), spec.resize());
  }
}
