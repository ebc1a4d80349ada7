package dev.attrib.image;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.attrib.ig.Attribution;
import dev.attrib.ig.Completeness;
import dev.attrib.spi.Escape;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.JsonReport;
import dev.attrib.spi.Options;
import dev.attrib.spi.Renderer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The text formats of the image modality: {@code json} and {@code plain}.
 *
 * <pre>{@code
 * String line = ImageText.plain(explanation);
 * // "triangle 0.96   completeness delta 0.4% (64 steps, gausslegendre)"
 * JsonObject o = ImageText.json(explanation);
 * }</pre>
 *
 * <p>JSON: the common report ({@link JsonReport#base}) plus {@code height}, {@code width}, {@code
 * aggregate} (how channels were combined) and {@code scores}, a {@code height}×{@code width} grid
 * of per-pixel scores (rows top to bottom), instead of {@code units}. {@code method.baseline} is
 * the explanation's baseline name; without one the key is left out.
 */
public final class ImageText {
  private ImageText() {}

  /** The JSON object of one explanation. */
  public static JsonObject json(Explanation<ImageEncoding> e) {
    JsonObject o = JsonReport.base(e);
    int h = e.encoded().height();
    int w = e.encoded().width();
    o.addProperty("height", h);
    o.addProperty("width", w);
    o.addProperty("aggregate", e.encoded().aggregate());
    double[] s = e.units().scores();
    JsonArray grid = new JsonArray();
    for (int y = 0; y < h; y++) {
      JsonArray row = new JsonArray();
      for (int x = 0; x < w; x++) {
        row.add(s[y * w + x]);
      }
      grid.add(row);
    }
    o.add("scores", grid);
    return o;
  }

  /**
   * One line: the predicted label and score, the target when it is another class, and the
   * completeness delta with the steps and quadrature (or the method name when it has none), and
   * whether an adaptive run missed its tolerance. A baseline that scores like the input ({@link
   * Completeness#smallBudget()}) gets a note with the absolute delta, which is the meaningful one
   * there. Labels come from the manifest and are escaped for the terminal.
   */
  public static String plain(Explanation<ImageEncoding> e) {
    StringBuilder b = new StringBuilder();
    b.append(Escape.terminal(e.prediction().label()))
        .append(String.format(Locale.ROOT, " %.2f", e.prediction().score()));
    Attribution a = e.attribution();
    if (a.targetIndex() != e.prediction().index()) {
      b.append("   target ")
          .append(Escape.terminal(e.targetLabel()))
          .append(String.format(Locale.ROOT, " %.2f", a.output()));
    }
    Completeness c = a.completeness();
    if (c != null) {
      b.append(String.format(Locale.ROOT, "   completeness delta %.1f%%", 100 * c.relativeDelta()));
      if (a.settings().steps() != null && a.settings().quadrature() != null) {
        b.append(" (")
            .append(a.settings().steps())
            .append(" steps, ")
            .append(a.settings().quadrature());
        if (Boolean.FALSE.equals(a.settings().converged())) {
          b.append(", tolerance not met");
        }
        b.append(')');
      } else {
        b.append(" (").append(a.settings().method()).append(')');
      }
      if (c.smallBudget()) {
        // The percentage alone would read as a failed integral; the baseline is the cause.
        b.append(
            String.format(
                Locale.ROOT,
                "   note: the baseline scores %.2f, like the input: not neutral for %s;"
                    + " absolute delta %.4f",
                c.baselineOutput(),
                Escape.terminal(e.targetLabel()),
                Math.abs(c.delta())));
      }
    } else {
      b.append("   (").append(a.settings().method()).append(')');
    }
    return b.toString();
  }

  static final class JsonRenderer implements Renderer<ImageEncoding> {
    @Override
    public String format() {
      return "json";
    }

    @Override
    public byte[] render(Explanation<ImageEncoding> e, Options options) {
      return JsonReport.line(json(e)).getBytes(StandardCharsets.UTF_8);
    }
  }

  static final class PlainRenderer implements Renderer<ImageEncoding> {
    @Override
    public String format() {
      return "plain";
    }

    @Override
    public byte[] render(Explanation<ImageEncoding> e, Options options) {
      return (plain(e) + "\n").getBytes(StandardCharsets.UTF_8);
    }
  }
}
