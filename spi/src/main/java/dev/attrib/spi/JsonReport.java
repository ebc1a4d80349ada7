package dev.attrib.spi;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.attrib.ig.Attribution;
import dev.attrib.ig.Completeness;
import dev.attrib.ig.MethodSettings;
import java.util.List;

/**
 * The public JSON format's common part (see {@code docs/json.md}): every modality's JSON renderer
 * starts from {@link #base} and adds its own keys ({@code units}, {@code bonds}, {@code scores}).
 *
 * <pre>{@code
 * JsonObject o = JsonReport.base(explanation);
 * o.add("units", JsonReport.units(explanation.units()));
 * String line = JsonReport.line(o);
 * }</pre>
 *
 * <p>A one-row explanation is one object with the common keys ({@link #base(Explanation)}); a
 * modality with several rows per input either writes one such object per row ({@link
 * #base(Explanation, Explanation.Row)}) or one object for the input with its rows inside (a
 * translation's {@code outputs}), built from {@link #header}, {@link #target}, {@link #method} and
 * {@link #completeness}.
 */
public final class JsonReport {
  private JsonReport() {}

  private static final Gson GSON =
      new GsonBuilder()
          .disableHtmlEscaping()
          .serializeNulls()
          .serializeSpecialFloatingPointValues()
          .create();

  /**
   * modality, model, input, prediction, target, method (with the explanation's baseline),
   * completeness: the common keys of a one-row explanation.
   *
   * @throws AttribException when the explanation has several rows ({@link Explanation#row()})
   */
  public static JsonObject base(Explanation<?> e) {
    return base(e, e.row());
  }

  /**
   * The common keys for one row of an explanation: the shared {@link #header} (modality, model,
   * input, prediction), then the row's target, method and completeness. A modality whose rows are
   * each one object of the public format (a molecule's tasks) writes one such object per row.
   */
  public static JsonObject base(Explanation<?> e, Explanation.Row row) {
    JsonObject o = header(e);
    Attribution a = row.attribution();
    o.add("target", target(row.label(), row.index(), e.on(), row.score()));
    o.add("method", method(a.settings(), e.baseline()));
    o.add("completeness", completeness(a.completeness()));
    return o;
  }

  /** modality, model, input and the overall prediction: what every row of an input shares. */
  public static JsonObject header(Explanation<?> e) {
    JsonObject o = new JsonObject();
    o.addProperty("modality", e.modality());
    o.addProperty("model", e.model());
    o.addProperty("input", e.encoded().input());
    o.add("prediction", prediction(e.prediction()));
    return o;
  }

  /** {@code label}, {@code index}, {@code score}. */
  public static JsonObject prediction(Prediction p) {
    JsonObject o = new JsonObject();
    o.addProperty("label", p.label());
    o.addProperty("index", p.index());
    o.addProperty("score", p.score());
    return o;
  }

  /** {@code label}, {@code index}, {@code on}, {@code score}: what a row explains. */
  public static JsonObject target(String label, int index, String on, double score) {
    JsonObject t = new JsonObject();
    t.addProperty("label", label);
    t.addProperty("index", index);
    t.addProperty("on", on);
    t.addProperty("score", score);
    return t;
  }

  public static JsonObject method(MethodSettings s, String baseline) {
    JsonObject m = new JsonObject();
    m.addProperty("name", s.method());
    if (baseline != null) {
      m.addProperty("baseline", baseline);
    }
    if (s.quadrature() != null) {
      m.addProperty("quadrature", s.quadrature());
    }
    if (s.steps() != null) {
      m.addProperty("steps", s.steps());
    }
    if (s.baselineSamples() != null) {
      m.addProperty("baselineSamples", s.baselineSamples());
    }
    m.addProperty("batchSize", s.batchSize());
    if (s.noiseSamples() != null) {
      m.addProperty("noiseSamples", s.noiseSamples());
      m.addProperty("noiseStdev", s.noiseStdev());
      m.addProperty("seed", s.seed());
    }
    if (s.converged() != null) {
      m.addProperty("converged", s.converged());
    }
    return m;
  }

  /** The completeness object, or JSON null for methods without one. */
  public static com.google.gson.JsonElement completeness(Completeness c) {
    if (c == null) {
      return com.google.gson.JsonNull.INSTANCE;
    }
    JsonObject o = new JsonObject();
    o.addProperty("output", c.output());
    o.addProperty("baselineOutput", c.baselineOutput());
    o.addProperty("sum", c.sum());
    o.addProperty("delta", c.delta());
    o.addProperty("relativeDelta", c.relativeDelta());
    return o;
  }

  /** One entry per unit: index, text, start, end (when known), score. */
  public static JsonArray units(UnitScores u) {
    JsonArray arr = new JsonArray();
    List<Unit> units = u.units();
    for (int i = 0; i < units.size(); i++) {
      Unit x = units.get(i);
      JsonObject o = new JsonObject();
      o.addProperty("index", x.index());
      o.addProperty("text", x.text());
      if (x.start() >= 0) {
        o.addProperty("start", x.start());
        o.addProperty("end", x.end());
      }
      o.addProperty("score", u.score(i));
      arr.add(o);
    }
    return arr;
  }

  /** One compact line (JSON Lines); non-ASCII and markup are kept, as JSON needs no escaping. */
  public static String line(JsonObject o) {
    return GSON.toJson(o);
  }
}
