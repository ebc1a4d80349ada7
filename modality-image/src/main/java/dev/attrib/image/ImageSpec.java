package dev.attrib.image;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.attrib.model.Manifest;
import dev.attrib.spi.AttribException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How a model wants its pixels, as the image keys of {@code attrib.json} say.
 *
 * <pre>{@code
 * {
 *   "modality": "image",
 *   "size": [32, 32],                 // [height, width]; absent: the image's own size
 *   "channels": 3,                    // 3 (RGB) or 1 (grey); default 3
 *   "scale": 255,                     // 8-bit values are divided by this; default 255
 *   "mean": [0.485, 0.456, 0.406],    // per channel (or one value), after scaling; default 0
 *   "std": [0.229, 0.224, 0.225],     // per channel (or one value), after scaling; default 1
 *   "resize": "stretch"               // or "center-crop"; default stretch
 * }
 * }</pre>
 *
 * <p>The model input is {@code (value / scale - mean[c]) / std[c]}. "Scaled space" is the range
 * {@code [0, 255 / scale]} before mean and std; the pixel baselines are built there (black is 0,
 * white is {@link #max()}) and then normalised, so a baseline means the same picture whatever the
 * normalisation.
 *
 * @param height model input height, or 0 to keep the image's own
 * @param width model input width, or 0 to keep the image's own
 * @param channels 1 or 3
 * @param scale divisor of 8-bit values
 * @param mean per channel, after scaling
 * @param std per channel, after scaling, all positive
 * @param resize how an image of another size is fitted
 */
public record ImageSpec(
    int height,
    int width,
    int channels,
    double scale,
    List<Double> mean,
    List<Double> std,
    Resize resize) {

  /** The manifest keys the image modality reads. */
  public static final Set<String> KEYS =
      Set.of("size", "channels", "scale", "mean", "std", "resize");

  /** How an image whose size differs from the model's is fitted. */
  public enum Resize {
    /** Scale both axes independently to the model size (the aspect ratio may change). */
    STRETCH("stretch"),
    /** Scale the shorter side to fit, keep the aspect ratio, cut the centre out. */
    CENTER_CROP("center-crop");

    private final String id;

    Resize(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public static Resize forName(String name) {
      for (Resize r : values()) {
        if (r.id.equals(name)) {
          return r;
        }
      }
      throw new AttribException("unknown resize '" + name + "'; available: stretch, center-crop");
    }
  }

  public ImageSpec {
    if (height < 0 || width < 0 || (height == 0) != (width == 0)) {
      throw new AttribException(
          "image size must be two positive numbers, not " + height + "x" + width);
    }
    if (channels != 1 && channels != 3) {
      throw new AttribException("image channels must be 1 or 3, not " + channels);
    }
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new AttribException("image scale must be positive, not " + scale);
    }
    mean = perChannel("mean", mean, channels);
    std = perChannel("std", std, channels);
    for (double s : std) {
      if (!(s > 0)) {
        throw new AttribException("image std must be positive, not " + s);
      }
    }
  }

  /** 8-bit RGB divided by 255, no mean or std, the image's own size. */
  public static ImageSpec defaults() {
    return new ImageSpec(0, 0, 3, 255, List.of(0.0), List.of(1.0), Resize.STRETCH);
  }

  /** A spec of {@code height}×{@code width} RGB in [0, 1], no normalisation. */
  public static ImageSpec rgb(int height, int width) {
    return new ImageSpec(height, width, 3, 255, List.of(0.0), List.of(1.0), Resize.STRETCH);
  }

  /** The same spec at another size. */
  public ImageSpec withSize(int h, int w) {
    return new ImageSpec(h, w, channels, scale, mean, std, resize);
  }

  /** Reads the image keys of a manifest; errors name the manifest file and the key. */
  public static ImageSpec of(Manifest manifest) {
    JsonObject o = manifest.json();
    String where = manifest.file().toString();
    try {
      int h = 0;
      int w = 0;
      if (o.has("size")) {
        List<Double> size = numbers(o.get("size"), "size");
        if (size.size() != 2) {
          throw new AttribException("'size' must be [height, width]");
        }
        h = integer(size.get(0), "size");
        w = integer(size.get(1), "size");
        if (h < 1 || w < 1) {
          throw new AttribException("'size' must be two positive numbers");
        }
      }
      int c = o.has("channels") ? integer(number(o.get("channels"), "channels"), "channels") : 3;
      double scale = o.has("scale") ? number(o.get("scale"), "scale") : 255;
      List<Double> mean = o.has("mean") ? numbers(o.get("mean"), "mean") : List.of(0.0);
      List<Double> std = o.has("std") ? numbers(o.get("std"), "std") : List.of(1.0);
      Resize resize = Resize.STRETCH;
      if (o.has("resize")) {
        JsonElement e = o.get("resize");
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
          throw new AttribException("'resize' must be a string");
        }
        resize = Resize.forName(e.getAsString());
      }
      return new ImageSpec(h, w, c, scale, mean, std, resize);
    } catch (AttribException e) {
      throw new AttribException(where + ": " + e.getMessage(), e);
    }
  }

  /** The top of the valid range in scaled space: {@code 255 / scale}. */
  public double max() {
    return 255.0 / scale;
  }

  /** True when the model input size is fixed by the manifest. */
  public boolean fixedSize() {
    return height > 0;
  }

  /** Scaled value to model input: {@code (v - mean[c]) / std[c]}. */
  public float normalize(int channel, double v) {
    return (float) ((v - mean.get(channel)) / std.get(channel));
  }

  /** Model input to scaled value. */
  public double denormalize(int channel, double v) {
    return v * std.get(channel) + mean.get(channel);
  }

  /** A whole scaled image [C,H,W] to model input. */
  public float[] normalize(float[] scaled, int h, int w) {
    float[] out = new float[scaled.length];
    int plane = h * w;
    for (int i = 0; i < out.length; i++) {
      out[i] = normalize(i / plane, scaled[i]);
    }
    return out;
  }

  /** A whole model input [C,H,W] back to scaled values. */
  public float[] denormalize(float[] input, int h, int w) {
    float[] out = new float[input.length];
    int plane = h * w;
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) denormalize(i / plane, input[i]);
    }
    return out;
  }

  private static List<Double> perChannel(String key, List<Double> v, int channels) {
    if (v.size() == 1 && channels > 1) {
      List<Double> out = new ArrayList<>();
      for (int i = 0; i < channels; i++) {
        out.add(v.get(0));
      }
      return List.copyOf(out);
    }
    if (v.size() != channels) {
      throw new AttribException(
          String.format(
              Locale.ROOT,
              "'%s' needs 1 or %d values (one per channel) but has %d",
              key,
              channels,
              v.size()));
    }
    return List.copyOf(v);
  }

  private static double number(JsonElement e, String key) {
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw new AttribException("'" + key + "' must be a number");
    }
    return e.getAsDouble();
  }

  private static List<Double> numbers(JsonElement e, String key) {
    if (e.isJsonPrimitive()) {
      return List.of(number(e, key));
    }
    if (!e.isJsonArray()) {
      throw new AttribException("'" + key + "' must be a number or a list of numbers");
    }
    List<Double> out = new ArrayList<>();
    for (JsonElement x : e.getAsJsonArray()) {
      out.add(number(x, key));
    }
    return out;
  }

  private static int integer(double v, String key) {
    if (v != Math.rint(v) || Math.abs(v) > 1 << 20) {
      throw new AttribException("'" + key + "' must hold whole numbers, not " + v);
    }
    return (int) v;
  }
}
