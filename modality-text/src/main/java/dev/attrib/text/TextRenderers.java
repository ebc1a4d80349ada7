package dev.attrib.text;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.attrib.ig.Attribution;
import dev.attrib.ig.Completeness;
import dev.attrib.ig.MethodSettings;
import dev.attrib.render.ColorDepth;
import dev.attrib.render.DivergingScale;
import dev.attrib.render.Legend;
import dev.attrib.render.TerminalPalette;
import dev.attrib.spi.Escape;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.JsonReport;
import dev.attrib.spi.Options;
import dev.attrib.spi.Renderer;
import dev.attrib.spi.Unit;
import dev.attrib.spi.UnitScores;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * The text renderers: {@code ansi}, {@code plain}, {@code html}, {@code json}.
 *
 * <pre>{@code
 * byte[] page = text.renderer("html").render(explanation, Options.NONE);
 * byte[] tty = text.renderer("ansi").render(explanation, Options.of(Map.of("color", "truecolor")));
 * }</pre>
 *
 * <p>Every text renderer prints a header (the input, then the predicted label and its score, e.g.
 * {@code how many townships have a population above 50 ? [NUMERIC 0.97]}), one item per unit, a
 * legend and the completeness line, then any warnings (e.g. truncation). The JSON renderer writes
 * one line of the public format ({@code docs/json.md}) plus {@code units} (with {@code kind}, and
 * {@code token}/{@code id} for tokens), {@code pieces} (word mode), {@code probabilities} per label
 * (or {@code logits} for a model without an output activation), {@code settings} and {@code
 * warnings}.
 *
 * <p>Colours are the shared {@link DivergingScale} (IG paper, Figure 4): red raises the explained
 * output, blue lowers it, grey is zero, saturation grows with {@code |score| / max |score|} over
 * the units. The {@code ansi} renderer paints each unit as a cell through {@link TerminalPalette}
 * at the depth of the option {@code color}: {@code truecolor}, {@code 256} (the default), {@code
 * 16} or {@code none}; the legend shows the cells of -1 to +1. The {@code html} renderer uses the
 * scale's colours with {@link Legend#css}.
 *
 * <p>Input-derived text (the input, token texts, labels) goes through {@link Escape#terminal} or
 * {@link Escape#html}: escape sequences in the input are shown, never obeyed.
 */
public final class TextRenderers {
  private TextRenderers() {}

  static List<Renderer<TextEncoding>> all() {
    return List.of(
        renderer("ansi", TextRenderers::ansi),
        renderer("plain", TextRenderers::plain),
        renderer("html", TextRenderers::html),
        renderer("json", TextRenderers::json));
  }

  private static Renderer<TextEncoding> renderer(
      String format, BiFunction<Explanation<TextEncoding>, Options, String> f) {
    return new Renderer<>() {
      @Override
      public String format() {
        return format;
      }

      @Override
      public byte[] render(Explanation<TextEncoding> e, Options o) {
        o.requireKnown(TextModality.OPTIONS, "text renderer " + format);
        return f.apply(e, o).getBytes(StandardCharsets.UTF_8);
      }
    };
  }

  // ---------------------------------------------------------------------------------- text views

  private static String ansi(Explanation<TextEncoding> e, Options o) {
    ColorDepth depth = ColorDepth.option(o, ColorDepth.ANSI256);
    UnitScores u = e.units();
    double max = maxAbs(u);
    StringBuilder b = new StringBuilder();
    b.append(header(e, Escape::terminal)).append('\n');
    List<Unit> units = u.units();
    for (int i = 0; i < units.size(); i++) {
      if (i > 0 && !contiguous(units.get(i - 1), units.get(i))) {
        b.append(' ');
      }
      b.append(TerminalPalette.paint(Escape.terminal(units.get(i).text()), u.score(i), max, depth));
    }
    b.append('\n');
    String label = Escape.terminal(e.targetLabel());
    b.append("legend: ").append(Legend.ansi(depth)).append('\n');
    b.append("        red raises ")
        .append(label)
        .append(", blue lowers it")
        .append(String.format(Locale.ROOT, "; 1 = the largest |score|, %.4g", max))
        .append('\n');
    b.append(completenessLine(e, o)).append('\n');
    warnings(e, Escape::terminal, b);
    return b.toString();
  }

  private static String plain(Explanation<TextEncoding> e, Options o) {
    UnitScores u = e.units();
    StringBuilder b = new StringBuilder();
    b.append(header(e, Escape::terminal)).append('\n');
    List<Unit> units = u.units();
    String input = e.encoded().input();
    for (int i = 0; i < units.size(); i++) {
      Unit x = units.get(i);
      if (i > 0) {
        b.append(' ');
      }
      // Word-pieces inside a word are marked as BERT writes them, so the reader sees the split.
      boolean continues =
          i > 0
              && x.kind().equals("token")
              && units.get(i - 1).kind().equals("token")
              && TokenizerFiles.joins(
                  input, units.get(i - 1).start(), units.get(i - 1).end(), x.start());
      b.append(continues ? "##" : "")
          .append(Escape.terminal(x.text()))
          .append(String.format(Locale.ROOT, "(%+.3f)", u.score(i)));
    }
    b.append('\n');
    b.append("scores: attribution to ")
        .append(Escape.terminal(e.targetLabel()))
        .append(" (")
        .append(e.on())
        .append("); positive raises it, negative lowers it\n");
    b.append(completenessLine(e, o)).append('\n');
    warnings(e, Escape::terminal, b);
    return b.toString();
  }

  private static String header(
      Explanation<TextEncoding> e, java.util.function.UnaryOperator<String> esc) {
    String h =
        esc.apply(e.encoded().input())
            + "   ["
            + esc.apply(e.prediction().label())
            + String.format(Locale.ROOT, " %.2f", e.prediction().score())
            + "]";
    if (!e.targetLabel().equals(e.prediction().label()) || !e.on().equals("probability")) {
      h += "   explaining " + esc.apply(e.targetLabel()) + " (" + e.on() + ")";
    }
    return h;
  }

  /** One line: the completeness report and the method's settings. */
  static String completenessLine(Explanation<TextEncoding> e, Options o) {
    Attribution a = e.attribution();
    MethodSettings s = a.settings();
    StringBuilder m = new StringBuilder(s.method());
    String baseline = e.baseline();
    if (baseline != null && a.completeness() != null) {
      m.append(", baseline ").append(Escape.terminal(baseline));
    }
    if (s.steps() != null) {
      m.append(", ").append(s.steps()).append(" steps");
    }
    if (s.quadrature() != null) {
      m.append(" (").append(s.quadrature()).append(')');
    }
    Completeness c = a.completeness();
    if (c == null) {
      return "completeness: not defined for " + m;
    }
    return String.format(
        Locale.ROOT,
        "completeness: sum %.4g vs F(x) - F(x') = %.4g - %.4g; delta %+.3g (%.2f%%)   [%s]",
        c.sum(),
        c.output(),
        c.baselineOutput(),
        c.delta(),
        100 * c.relativeDelta(),
        m);
  }

  private static void warnings(
      Explanation<TextEncoding> e, java.util.function.UnaryOperator<String> esc, StringBuilder b) {
    for (String s : e.encoded().warnings()) {
      b.append("warning: ").append(esc.apply(s)).append('\n');
    }
  }

  private static boolean contiguous(Unit a, Unit b) {
    return a.end() >= 0 && b.start() >= 0 && a.end() == b.start();
  }

  private static double maxAbs(UnitScores u) {
    double m = 0;
    for (double s : u.scores()) {
      if (Double.isFinite(s)) {
        m = Math.max(m, Math.abs(s));
      }
    }
    return m;
  }

  // ---------------------------------------------------------------------------------------- html

  private static String html(Explanation<TextEncoding> e, Options o) {
    UnitScores u = e.units();
    double max = maxAbs(u);
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>attrib text: ")
        .append(Escape.html(e.prediction().label()))
        .append("</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:60em;color:#222}\n")
        .append(".tokens{font-size:1.35em;line-height:2.3}\n")
        .append(".u{padding:.1em .2em;border-radius:.25em;margin:0 .05em}\n")
        .append(".special{font-family:monospace;font-size:.8em}\n")
        .append("table{border-collapse:collapse}td,th{padding:.2em .7em;text-align:left}\n")
        .append(".num{text-align:right;font-variant-numeric:tabular-nums}\n")
        .append(".warn{color:#a40}\n</style>\n</head>\n<body>\n");
    b.append("<h1>").append(header(e, Escape::html)).append("</h1>\n");
    b.append("<p class=\"tokens\">").append(htmlTokens(e)).append("</p>\n");
    List<Unit> units = u.units();
    b.append("<p class=\"legend\">legend: <span class=\"u\" style=\"")
        .append(Legend.css(1, 1))
        .append("\">raises ")
        .append(Escape.html(e.targetLabel()))
        .append("</span> <span class=\"u\" style=\"")
        .append(Legend.css(-1, 1))
        .append("\">lowers it</span> <span class=\"u\" style=\"")
        .append(Legend.css(0, 1))
        .append("\">neutral</span>; intensity = |score| / ")
        .append(String.format(Locale.ROOT, "%.4g", max))
        .append(" (largest |score|), explained on the ")
        .append(e.on())
        .append("</p>\n");
    b.append("<p class=\"completeness\">")
        .append(Escape.html(completenessLine(e, o)))
        .append("</p>\n");
    for (String w : e.encoded().warnings()) {
      b.append("<p class=\"warn\">warning: ").append(Escape.html(w)).append("</p>\n");
    }
    List<String> labels = e.encoded().labels();
    List<Double> outputs = e.encoded().outputs();
    b.append("<h2>Outputs</h2>\n<table>\n<tr><th>label</th><th class=\"num\">")
        .append(e.encoded().probabilities() ? "probability" : "logit")
        .append("</th></tr>\n");
    for (int i = 0; i < outputs.size(); i++) {
      b.append("<tr><td>")
          .append(Escape.html(i < labels.size() ? labels.get(i) : Integer.toString(i)))
          .append("</td><td class=\"num\">")
          .append(String.format(Locale.ROOT, "%.4f", outputs.get(i)))
          .append("</td></tr>\n");
    }
    b.append("</table>\n<h2>Scores</h2>\n<table>\n")
        .append(
            "<tr><th class=\"num\">#</th><th>unit</th><th>kind</th><th class=\"num\">score</th></tr>\n");
    for (int i = 0; i < units.size(); i++) {
      b.append("<tr><td class=\"num\">")
          .append(i)
          .append("</td><td>")
          .append(Escape.html(units.get(i).text()))
          .append("</td><td>")
          .append(units.get(i).kind())
          .append("</td><td class=\"num\">")
          .append(String.format(Locale.ROOT, "%+.6f", u.score(i)))
          .append("</td></tr>\n");
    }
    b.append("</table>\n</body>\n</html>\n");
    return b.toString();
  }

  /**
   * The units of {@link #html}'s coloured line alone, as an HTML fragment for a page of one's own
   * (a row of the IG paper's Figure 4): one {@code <span class="u">} per unit in input order
   * ({@code class="u special"} for markers such as {@code [CLS]}), coloured on the shared scale
   * relative to the largest |score|, its score in the {@code title}; every text is escaped.
   */
  public static String htmlTokens(Explanation<TextEncoding> e) {
    UnitScores u = e.units();
    double max = maxAbs(u);
    StringBuilder b = new StringBuilder();
    List<Unit> units = u.units();
    for (int i = 0; i < units.size(); i++) {
      Unit x = units.get(i);
      if (i > 0) {
        b.append(contiguous(units.get(i - 1), x) ? "" : " ");
      }
      b.append("<span class=\"u")
          .append(x.kind().equals("special") ? " special" : "")
          .append("\" style=\"")
          .append(Legend.css(u.score(i), max))
          .append("\" title=\"")
          .append(Escape.html(x.text()))
          .append(String.format(Locale.ROOT, ": %+.4g", u.score(i)))
          .append("\">")
          .append(Escape.html(x.text()))
          .append("</span>");
    }
    return b.toString();
  }

  // ---------------------------------------------------------------------------------------- json

  private static String json(Explanation<TextEncoding> e, Options o) {
    TextEncoding enc = e.encoded();
    JsonObject j = JsonReport.base(e);
    JsonArray units = JsonReport.units(e.units());
    List<Long> ids = enc.tokenIds();
    List<String> tokens = enc.tokens();
    List<Integer> pieceUnit = enc.pieceUnit();
    boolean words = enc.words();
    for (int i = 0; i < units.size(); i++) {
      units.get(i).getAsJsonObject().addProperty("kind", e.units().units().get(i).kind());
    }
    if (!words) {
      for (int i = 0; i < ids.size(); i++) {
        JsonObject x = units.get(pieceUnit.get(i)).getAsJsonObject();
        x.addProperty("token", tokens.get(i));
        x.addProperty("id", ids.get(i));
      }
    }
    j.add("units", units);
    if (words) {
      double[] scores = TextModality.pieceScores(enc, e.attribution());
      JsonArray pieces = new JsonArray();
      for (int i = 0; i < ids.size(); i++) {
        Piece p = enc.pieces().get(i);
        JsonObject x = new JsonObject();
        x.addProperty("index", i);
        x.addProperty("token", p.token());
        x.addProperty("id", p.id());
        if (p.start() >= 0) {
          x.addProperty("start", p.start());
          x.addProperty("end", p.end());
        }
        x.addProperty("unit", pieceUnit.get(i));
        x.addProperty("score", scores[i]);
        pieces.add(x);
      }
      j.add("pieces", pieces);
    }
    List<String> labels = enc.labels();
    List<Double> outputs = enc.outputs();
    JsonObject out = new JsonObject();
    for (int i = 0; i < outputs.size(); i++) {
      out.addProperty(i < labels.size() ? labels.get(i) : Integer.toString(i), outputs.get(i));
    }
    j.add(enc.probabilities() ? "probabilities" : "logits", out);
    JsonObject settings = new JsonObject();
    settings.addProperty("tokenizer", enc.tokenizer());
    settings.addProperty("words", words);
    if (enc.maxLength() > 0) {
      settings.addProperty("maxLength", enc.maxLength());
    }
    settings.addProperty("droppedTokens", enc.droppedTokens());
    j.add("settings", settings);
    JsonArray warnings = new JsonArray();
    for (String w : enc.warnings()) {
      warnings.add(w);
    }
    j.add("warnings", warnings);
    return JsonReport.line(j) + "\n";
  }
}
