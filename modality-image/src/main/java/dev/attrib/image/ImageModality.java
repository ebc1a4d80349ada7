package dev.attrib.image;

import dev.attrib.ig.Attribution;
import dev.attrib.ig.Methods;
import dev.attrib.model.LoadedModel;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Baseline;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Modality;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Options;
import dev.attrib.spi.Renderer;
import dev.attrib.spi.Tensor;
import dev.attrib.spi.Unit;
import dev.attrib.spi.UnitScores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The image modality: a PNG or JPEG file in, one attribution score per pixel out.
 *
 * <pre>{@code
 * ImageModality image = new ImageModality();
 * try (LoadedModel model = ModelLoader.load(dir, image.manifestKeys(), Device.cpu())) {
 *   Explanation<ImageEncoding> e = new Explainer<>(image, model)
 *       .explain("examples/shape-3.png", ExplainSettings.defaults().withBaseline("blur"));
 *   Files.write(Path.of("row.png"), image.renderer("png").render(e, Options.NONE));
 * }
 * }</pre>
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>the input string is an image file path; the image is fitted and scaled as the manifest's
 *       image keys say ({@link ImageSpec}) and becomes the one attributable input {@code pixels [C,
 *       H, W]} of the model's forward ({@code pixels [B, C, H, W] -> logits [B, K]});
 *   <li>the units are the pixels, kind {@code pixel}, text {@code "row,col"}, in row-major order
 *       (index {@code row * W + col});
 *   <li>{@link #summarize} gives one score per pixel: the channel sum of the attribution (option
 *       {@code aggregate=sum}, the default, which keeps completeness: the scores add up to the
 *       attribution total) or the sum of absolute values ({@code aggregate=abs-sum});
 *   <li>baselines: see {@link PixelBaselines}; {@code black} is the default; {@code image:PATH} and
 *       {@code distribution:FOLDER} take their parameter in the name;
 *   <li>renderers: {@code png} ({@link ImagePng}: views row, heatmap, overlay, masked), {@code
 *       json} (the common report plus {@code height}, {@code width} and a {@code scores} grid) and
 *       {@code plain} (one line).
 * </ul>
 *
 * <p>Stateless and safe to use from several threads.
 */
public final class ImageModality implements Modality<ImageEncoding> {

  /** Registry name. */
  public static final String NAME = "image";

  /** The attributable input's name. */
  public static final String INPUT = "pixels";

  /** The option that picks the channel aggregation, {@code sum} or {@code abs-sum}. */
  public static final String AGGREGATE = "aggregate";

  /**
   * The relative completeness delta the image defaults aim for. Along a path that is not a ray from
   * zero every ReLU and max-pool switch makes IG's integrand jump, so a fixed 50 steps misses 1% on
   * most non-black baselines of a small CNN (measured on the demo model: 41 of 64 runs); doubling
   * the steps until the delta is within 1% costs nothing where 50 already suffice.
   */
  public static final double DEFAULT_TOLERANCE = 0.01;

  /**
   * Gauss–Legendre, 50 steps doubled up to 1024 until the relative completeness delta is at most
   * {@link #DEFAULT_TOLERANCE}.
   */
  @Override
  public Methods.Config defaultConfig() {
    return Methods.config().steps(50).tolerance(DEFAULT_TOLERANCE).maxSteps(1024).build();
  }

  /**
   * The defaults for images: IG from the black image with {@link #defaultConfig()} ({@code attrib
   * image} uses them when neither {@code --steps} nor {@code --tolerance} is given).
   */
  public static ExplainSettings defaultSettings() {
    return ExplainSettings.defaults(new ImageModality());
  }

  /** Every option the modality, its baselines and renderers read. */
  public static final Set<String> OPTIONS =
      Set.of("sigma", "samples", AGGREGATE, "sign", "clip", "view", "alpha", "zoom");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "images (PNG, JPEG): one score per pixel; heat maps, overlays, deletion/insertion";
  }

  @Override
  public Set<String> manifestKeys() {
    return ImageSpec.KEYS;
  }

  @Override
  public Set<String> options() {
    return OPTIONS;
  }

  @Override
  public ImageEncoding encode(String input, LoadedModel model, Options options) {
    return encode(input, ImageSpec.of(model.manifest()), options);
  }

  /** As {@link #encode(String, LoadedModel, Options)}, with the spec given directly. */
  public ImageEncoding encode(String input, ImageSpec spec, Options options) {
    String aggregate = aggregate(options);
    Pixels p = ImageFiles.load(Path.of(input), spec);
    return encode(input, p, spec, aggregate);
  }

  /** Encodes pixels already in scaled space (e.g. a perturbed copy of an input). */
  public static ImageEncoding encode(String input, Pixels p, ImageSpec spec, String aggregate) {
    float[] normalised = spec.normalize(p.data(), p.height(), p.width());
    Tensor t = Tensor.of(normalised, p.channels(), p.height(), p.width());
    List<Unit> units = new ArrayList<>(p.pixelCount());
    for (int y = 0; y < p.height(); y++) {
      for (int x = 0; x < p.width(); x++) {
        units.add(Unit.of(y * p.width() + x, "pixel", y + "," + x));
      }
    }
    return new ImageEncoding(
        input, List.of(NamedTensor.attributable(INPUT, t)), units, spec, p, aggregate);
  }

  static String aggregate(Options options) {
    String a = options.get(AGGREGATE, "sum");
    if (!a.equals("sum") && !a.equals("abs-sum")) {
      throw new AttribException("option aggregate=" + a + " is not sum or abs-sum");
    }
    return a;
  }

  @Override
  public List<Baseline<ImageEncoding>> baselines() {
    return PixelBaselines.all();
  }

  /**
   * As the default, plus the names with a parameter: {@code image:PATH} (e.g. {@code
   * image:gray.png}) and {@code distribution:FOLDER}.
   */
  @Override
  public Baseline<ImageEncoding> baseline(String name) {
    Baseline<ImageEncoding> b = PixelBaselines.parametrised(name);
    return b != null ? b : Modality.super.baseline(name);
  }

  @Override
  public UnitScores summarize(ImageEncoding encoded, Attribution attribution) {
    return new UnitScores(
        encoded.units(),
        pixelScores(attribution.scores().get(0), "abs-sum".equals(encoded.aggregate())));
  }

  /** One score per pixel of a {@code [C, H, W]} attribution: the channel sum (or |.| sum). */
  public static double[] pixelScores(Tensor attribution, boolean absolute) {
    long[] sh = attribution.shape();
    if (sh.length != 3) {
      throw new AttribException(
          "an image attribution must be [C, H, W], not " + java.util.Arrays.toString(sh));
    }
    int c = (int) sh[0];
    int plane = (int) (sh[1] * sh[2]);
    float[] v = attribution.floats();
    double[] out = new double[plane];
    for (int ch = 0; ch < c; ch++) {
      for (int i = 0; i < plane; i++) {
        double s = v[ch * plane + i];
        out[i] += absolute ? Math.abs(s) : s;
      }
    }
    return out;
  }

  @Override
  public List<Renderer<ImageEncoding>> renderers() {
    return List.of(
        new ImagePng.PngRenderer(), new ImageText.JsonRenderer(), new ImageText.PlainRenderer());
  }

  /**
   * {@code attrib check}'s sample: a synthetic picture at the model's size (32 x 32 when the
   * manifest fixes none), a smooth colour ramp with a bright disc, so every channel varies.
   */
  @Override
  public ImageEncoding sample(LoadedModel model, Options options) {
    ImageSpec spec = ImageSpec.of(model.manifest());
    int h = spec.height() > 0 ? spec.height() : 32;
    int w = spec.width() > 0 ? spec.width() : 32;
    int c = spec.channels();
    float max = (float) spec.max();
    float[] data = new float[c * h * w];
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double dy = (y + 0.5) / h - 0.45;
          double dx = (x + 0.5) / w - 0.55;
          double disc = dx * dx + dy * dy < 0.06 ? 0.5 : 0;
          double ramp = ch % 3 == 0 ? (double) x / w : ch % 3 == 1 ? (double) y / h : 0.3;
          data[(ch * h + y) * w + x] = (float) (max * Math.min(1, 0.4 * ramp + disc + 0.1));
        }
      }
    }
    return encode(
        "sample picture " + w + "x" + h, new Pixels(c, h, w, data), spec, aggregate(options));
  }
}
