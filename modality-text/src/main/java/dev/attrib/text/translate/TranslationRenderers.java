package dev.attrib.text.translate;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.attrib.ig.Completeness;
import dev.attrib.ig.MethodSettings;
import dev.attrib.render.ColorDepth;
import dev.attrib.render.DivergingScale;
import dev.attrib.render.Legend;
import dev.attrib.render.TerminalPalette;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Escape;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.JsonReport;
import dev.attrib.spi.Options;
import dev.attrib.spi.Renderer;
import dev.attrib.spi.UnitScores;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Shows a translation's explanation, one row per output piece: {@code plain} and {@code ansi}
 * matrices (rows: output pieces, columns: source pieces), the {@code by-output} view (one coloured
 * copy of the source per output piece), a self-contained {@code html} page, and {@code json}. An
 * explanation encoded with {@code words=true} is shown in words the same way: rows are output
 * words, columns source words, and the counts say words ({@link TranslationWords}).
 *
 * <pre>{@code
 * byte[] text = TranslationRenderers.plain(e, Options.NONE);
 * byte[] term = TranslationRenderers.ansi(e, Options.of(Map.of("color", "256", "view", "by-output")));
 * String line = TranslationRenderers.jsonLine(e);      // one JSON Lines record
 * }</pre>
 *
 * <p>Everything comes from the {@link Explanation}: its rows (one per output piece, in output
 * order) and the typed {@link TranslationEncoding} (source pieces, output text, what decoding said
 * of each output piece).
 *
 * <p>Colours (ansi, html) are the shared {@link DivergingScale}, as for the text classifier: red
 * for positive, blue for negative, grey for zero; the intensity is {@code |score| / max |score|},
 * the maximum taken over the row (option {@code scale=row}, the default: each output piece's
 * strongest source piece is full colour) or over the whole matrix ({@code scale=all}); terminal
 * cells come from {@link TerminalPalette}. Options: {@code color} = {@code 256} (default), {@code
 * truecolor}, {@code 16} or {@code none}; {@code view} = {@code matrix} (default) or {@code
 * by-output}; {@code scale} = {@code row} or {@code all}. HTML always shows both views.
 *
 * <p>Every text that came from the input or the model (pieces, the sentences, the model name) is
 * escaped for the format: control characters and escape sequences become visible escapes in
 * terminal output, markup is escaped in HTML; JSON carries the text as it is.
 */
public final class TranslationRenderers {
  private TranslationRenderers() {}

  /** The option names the renderers read. */
  public static final Set<String> OPTIONS = Set.of("color", "view", "scale");

  /** The formats, in the order the modality lists them. */
  public static final List<String> FORMATS = List.of("ansi", "plain", "html", "json");

  // --- entry points ----------------------------------------------------------------------------

  /** The renderer for {@code format}; unknown formats list the available ones. */
  public static byte[] render(String format, Explanation<TranslationEncoding> e, Options o) {
    return switch (format) {
      case "ansi" -> ansi(e, o);
      case "plain" -> plain(e, o);
      case "html" -> html(e, o);
      case "json" -> (jsonLine(e) + "\n").getBytes(StandardCharsets.UTF_8);
      default ->
          throw new AttribException(
              "unknown format '"
                  + format
                  + "' for modality translation; available: "
                  + String.join(", ", FORMATS));
    };
  }

  /** The modality's {@link Renderer}s, one per format of {@link #FORMATS}. */
  static List<Renderer<TranslationEncoding>> renderers() {
    List<Renderer<TranslationEncoding>> out = new ArrayList<>();
    for (String f : FORMATS) {
      out.add(
          new Renderer<>() {
            @Override
            public String format() {
              return f;
            }

            @Override
            public byte[] render(Explanation<TranslationEncoding> e, Options o) {
              return TranslationRenderers.render(f, e, o);
            }
          });
    }
    return List.copyOf(out);
  }

  public static byte[] plain(Explanation<TranslationEncoding> e, Options o) {
    Settings s = Settings.of(o);
    View t = new View(e);
    return utf8(s.byOutput ? byOutput(t, s, false) : matrix(t, s, false));
  }

  public static byte[] ansi(Explanation<TranslationEncoding> e, Options o) {
    Settings s = Settings.of(o);
    View t = new View(e);
    return utf8(s.byOutput ? byOutput(t, s, true) : matrix(t, s, true));
  }

  // --- the explanation as the views read it ----------------------------------------------------

  /**
   * One output piece's row: what decoding said of the piece and the row's attribution.
   *
   * @param out the output piece (text, id, probability, the model's own choice)
   * @param row its row of the explanation
   */
  private record Line(OutputPiece out, Explanation.Row row) {
    Piece piece() {
      return out.piece();
    }

    Piece best() {
      return out.best();
    }

    double probability() {
      return out.probability();
    }

    double[] scores() {
      return row.units().scores();
    }

    double score(int i) {
      return row.units().score(i);
    }

    Completeness completeness() {
      return row.attribution().completeness();
    }

    MethodSettings settings() {
      return row.attribution().settings();
    }

    /** The quadrature steps this row used, or -1 for methods without steps. */
    int steps() {
      return settings().steps() == null ? -1 : settings().steps();
    }
  }

  /** A translation's explanation with its rows paired to their output pieces, and the totals. */
  private static final class View {
    final Explanation<TranslationEncoding> e;
    final TranslationEncoding enc;
    final List<Line> outputs = new ArrayList<>();

    View(Explanation<TranslationEncoding> e) {
      this.e = e;
      this.enc = e.encoded();
      List<OutputPiece> shown = enc.outputUnits();
      if (e.rows().size() != shown.size()) {
        throw new AttribException(
            "a translation explanation needs one row per output "
                + unit()
                + " ("
                + shown.size()
                + ") but has "
                + e.rows().size(),
            AttribException.RUNTIME,
            null);
      }
      for (int j = 0; j < e.rows().size(); j++) {
        outputs.add(new Line(shown.get(j), e.rows().get(j)));
      }
    }

    /** The source columns: pieces, or words with {@code words=true}. */
    List<Piece> source() {
      return enc.sourceUnits();
    }

    /** What a row is: an output {@code piece}, or a {@code word}. */
    String unit() {
      return enc.inWords() ? "word" : "piece";
    }

    /** {@code n} rows, counted: "1 output piece", "5 output words". */
    String count(int n) {
      return n + " output " + unit() + (n == 1 ? "" : "s");
    }

    /** The method's registry name, as the rows report it. */
    String method() {
      return outputs.isEmpty() ? e.method() : outputs.get(0).settings().method();
    }

    /** The attributions, {@code [outputs][sources]}. */
    double[][] matrix() {
      double[][] m = new double[outputs.size()][];
      for (int j = 0; j < m.length; j++) {
        m[j] = outputs.get(j).scores();
      }
      return m;
    }

    /** The steps used per output piece (-1 for methods without steps). */
    int[] steps() {
      return outputs.stream().mapToInt(Line::steps).toArray();
    }

    /** Each source piece's attribution summed over the output pieces. */
    double[] totals() {
      double[] t = new double[source().size()];
      for (Line o : outputs) {
        for (int i = 0; i < t.length; i++) {
          t[i] += o.score(i);
        }
      }
      return t;
    }

    /**
     * The rows' completeness added up: the report for the sum of the explained scores (IG is linear
     * in the explained function). Null when the method has no completeness identity or there are no
     * rows.
     */
    Completeness completeness() {
      if (outputs.isEmpty()) {
        return null;
      }
      double fx = 0;
      double fb = 0;
      double sum = 0;
      for (Line o : outputs) {
        if (o.completeness() == null) {
          return null;
        }
        fx += o.completeness().output();
        fb += o.completeness().baselineOutput();
        sum += o.completeness().sum();
      }
      return Completeness.of(fx, fb, sum);
    }

    /** The largest relative completeness delta over the rows (0 without rows; NaN without IG). */
    double maxRelativeDelta() {
      double max = 0;
      for (Line o : outputs) {
        if (o.completeness() == null) {
          return Double.NaN;
        }
        max = Math.max(max, o.completeness().relativeDelta());
      }
      return max;
    }

    /** True when every row met the adaptive tolerance; null when adaptive mode was off. */
    Boolean converged() {
      Boolean all = null;
      for (Line o : outputs) {
        Boolean c = o.settings().converged();
        if (c == null) {
          return null;
        }
        all = (all == null ? Boolean.TRUE : all) && c;
      }
      return all;
    }
  }

  // --- plain and ansi --------------------------------------------------------------------------

  private record Settings(ColorDepth color, boolean byOutput, boolean global) {
    static Settings of(Options o) {
      ColorDepth color = ColorDepth.option(o, ColorDepth.ANSI256);
      String view = o.get("view", "matrix");
      if (!List.of("matrix", "by-output").contains(view)) {
        throw new AttribException("option view=" + view + " is not one of matrix, by-output");
      }
      String scale = o.get("scale", "row");
      if (!List.of("row", "all").contains(scale)) {
        throw new AttribException("option scale=" + scale + " is not one of row, all");
      }
      return new Settings(color, view.equals("by-output"), scale.equals("all"));
    }
  }

  private static String header(View t) {
    // The translation first, as a user reads it; then where it came from and how it was explained.
    StringBuilder b = new StringBuilder();
    b.append(Escape.terminal(t.enc.output())).append(t.enc.forced() ? "   (forced)\n" : "\n");
    b.append("source  ").append(Escape.terminal(t.enc.input())).append('\n');
    b.append("model   ")
        .append(Escape.terminal(t.e.model()))
        .append(" | ")
        .append(t.method())
        .append(", baseline ")
        .append(t.e.baseline() == null ? "-" : Escape.terminal(t.e.baseline()))
        .append(", on ")
        .append(t.e.on());
    if (!t.outputs.isEmpty() && t.outputs.get(0).settings().quadrature() != null) {
      b.append(", ").append(t.outputs.get(0).settings().quadrature());
    }
    b.append("\n\n");
    return b.toString();
  }

  private static String matrix(View t, Settings s, boolean color) {
    StringBuilder b = new StringBuilder(header(t));
    List<String> cols = new ArrayList<>();
    for (Piece p : t.source()) {
      cols.add(Escape.terminal(p.text()));
    }
    int label = 0;
    for (Line o : t.outputs) {
      label = Math.max(label, width(Escape.terminal(o.piece().text())));
    }
    int[] w = new int[cols.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.max(6, width(cols.get(i)));
    }
    b.append(pad("", label));
    for (int i = 0; i < w.length; i++) {
      b.append("  ").append(padLeft(cols.get(i), w[i]));
    }
    b.append("  |       p  steps  rel.delta\n");
    double all = maxAbs(t.matrix());
    for (Line o : t.outputs) {
      double max = s.global ? all : maxAbs(new double[][] {o.scores()});
      b.append(pad(Escape.terminal(o.piece().text()), label));
      for (int i = 0; i < w.length; i++) {
        String cell = padLeft(number(o.score(i)), w[i]);
        b.append("  ");
        b.append(color ? TerminalPalette.paint(cell, o.score(i), max, s.color) : cell);
      }
      b.append("  | ")
          .append(String.format(Locale.ROOT, "%7.4f", o.probability()))
          .append(String.format(Locale.ROOT, "  %5s", o.steps() < 0 ? "-" : o.steps()))
          .append(String.format(Locale.ROOT, "  %9s", delta(o.completeness())));
      if (o.piece().id() != o.best().id()) {
        b.append("  (model: ").append(Escape.terminal(o.best().text())).append(')');
      }
      b.append('\n');
    }
    b.append('\n').append(footer(t, s, color));
    return b.toString();
  }

  private static String byOutput(View t, Settings s, boolean color) {
    StringBuilder b = new StringBuilder(header(t));
    int label = 0;
    for (Line o : t.outputs) {
      label = Math.max(label, width(Escape.terminal(o.piece().text())));
    }
    double all = maxAbs(t.matrix());
    for (Line o : t.outputs) {
      double max = s.global ? all : maxAbs(new double[][] {o.scores()});
      b.append(pad(Escape.terminal(o.piece().text()), label)).append("  <-  ");
      for (int i = 0; i < t.source().size(); i++) {
        String text = Escape.terminal(t.source().get(i).text());
        if (i > 0) {
          b.append(' ');
        }
        if (color) {
          b.append(TerminalPalette.paint(text, o.score(i), max, s.color));
        } else {
          b.append(text).append('[').append(number(o.score(i))).append(']');
        }
      }
      b.append('\n');
    }
    b.append('\n').append(footer(t, s, color));
    return b.toString();
  }

  private static String footer(View t, Settings s, boolean color) {
    StringBuilder b = new StringBuilder();
    if (color) {
      b.append("legend  ")
          .append(Legend.ansi(s.color))
          .append("\n        red: positive, blue: negative; 1 = the largest |score| ")
          .append(s.global ? "of the whole matrix" : "of the row")
          .append('\n');
    }
    b.append(summary(t)).append('\n');
    return b.toString();
  }

  /** One line on completeness and steps over all rows. */
  static String summary(View t) {
    if (t.outputs.isEmpty()) {
      return "no output " + t.unit() + "s to attribute";
    }
    Completeness c = t.completeness();
    StringBuilder b = new StringBuilder("completeness  ");
    if (c == null) {
      b.append("n/a for ").append(t.method());
    } else {
      b.append(
          String.format(
              Locale.ROOT,
              "max relative delta %.3g%% over %s; all rows: %s",
              100 * t.maxRelativeDelta(),
              t.count(t.outputs.size()),
              c));
    }
    List<Line> small = t.outputs.stream().filter(o -> smallBudget(o.completeness())).toList();
    int[] steps = t.steps();
    if (steps.length > 0 && steps[0] >= 0) {
      int lo = Integer.MAX_VALUE;
      int hi = 0;
      for (int x : steps) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
      b.append("\nsteps         ").append(lo == hi ? Integer.toString(lo) : lo + ".." + hi);
      Boolean conv = t.converged();
      if (conv != null) {
        b.append(conv ? " (every row met the tolerance" : " (some rows hit the step ceiling");
        if (!small.isEmpty()) {
          // Adaptive IG holds such rows to their absolute delta (the core's rule for a small
          // budget), so "met the tolerance" beside a large relative delta needs the reason.
          b.append("; ")
              .append(small.size() == 1 ? "1 row's" : small.size() + " rows'")
              .append(" baseline scores like the input: see the note");
        }
        b.append(')');
      }
    }
    for (Line o : small) {
      b.append("\nnote          ").append(smallBudgetNote(o, t.unit()));
    }
    return b.toString();
  }

  /** True when the row's baseline scores like the input ({@link Completeness#smallBudget()}). */
  private static boolean smallBudget(Completeness c) {
    return c != null && c.smallBudget();
  }

  /**
   * Why a row's relative delta can be large though its attribution is complete: the baseline scores
   * nearly as high as the input, so the relative delta divides by almost nothing; the absolute
   * delta is the meaningful one there (as the image summary says).
   */
  private static String smallBudgetNote(Line o, String unit) {
    Completeness c = o.completeness();
    return String.format(
        Locale.ROOT,
        "* %s: the baseline scores %.4f, like the input (%.4f): not neutral for this %s;"
            + " absolute delta %.2g, so its relative delta of %.1f%% divides by almost nothing",
        Escape.terminal(o.piece().text()),
        c.baselineOutput(),
        c.output(),
        unit,
        Math.abs(c.delta()),
        100 * c.relativeDelta());
  }

  /** The row's relative delta; marked {@code *} when its baseline scores like the input. */
  private static String delta(Completeness c) {
    if (c == null) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.3f%%", 100 * c.relativeDelta())
        + (c.smallBudget() ? "*" : "");
  }

  /** A score with sign and three decimals; a zero shows as {@code 0.000}. */
  static String number(double v) {
    String s = String.format(Locale.ROOT, "%+.3f", v);
    return s.equals("+0.000") || s.equals("-0.000") ? "0.000" : s;
  }

  private static double maxAbs(double[][] m) {
    double max = 0;
    for (double[] row : m) {
      for (double v : row) {
        max = Math.max(max, Math.abs(v));
      }
    }
    return max;
  }

  private static int width(String s) {
    return s.codePointCount(0, s.length());
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(Math.max(0, w - width(s)));
  }

  private static String padLeft(String s, int w) {
    return " ".repeat(Math.max(0, w - width(s))) + s;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // --- html ------------------------------------------------------------------------------------

  public static byte[] html(Explanation<TranslationEncoding> e, Options options) {
    Settings s = Settings.of(options);
    View t = new View(e);
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>attrib translation: ")
        .append(Escape.html(t.enc.input()))
        .append("</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}\n")
        .append("table.matrix{border-collapse:collapse;font-family:monospace}\n")
        .append("table.matrix th,table.matrix td{padding:.25em .5em;text-align:right}\n")
        .append("table.matrix thead th{border-bottom:1px solid #888}\n")
        .append("table.matrix tbody th{text-align:left}\n")
        .append("p.row{font-family:monospace;margin:.2em 0}\n")
        .append("p.row span.s{padding:.1em .3em;margin-right:.2em;border-radius:3px}\n")
        .append("p.row b{display:inline-block;min-width:8em}\n")
        .append(".meta{color:#555}\n")
        .append("</style>\n</head>\n<body>\n");
    b.append("<h1>Translation attribution</h1>\n");
    b.append("<p>source: <b class=\"source\">")
        .append(Escape.html(t.enc.input()))
        .append("</b></p>\n");
    b.append("<p>")
        .append(t.enc.forced() ? "forced output" : "output")
        .append(": <b class=\"output\">")
        .append(Escape.html(t.enc.output()))
        .append("</b></p>\n");
    b.append("<p class=\"meta\">model ")
        .append(Escape.html(t.e.model()))
        .append(" &middot; ")
        .append(Escape.html(t.method()))
        .append(" &middot; baseline ")
        .append(t.e.baseline() == null ? "-" : Escape.html(t.e.baseline()))
        .append(" &middot; on ")
        .append(Escape.html(t.e.on()))
        .append("</p>\n");
    double all = maxAbs(t.matrix());
    b.append(matrixTable(t, s));
    b.append("<h2>By output ").append(t.unit()).append("</h2>\n");
    for (Line o : t.outputs) {
      double max = s.global ? all : maxAbs(new double[][] {o.scores()});
      b.append("<p class=\"row\"><b>").append(Escape.html(o.piece().text())).append("</b> ");
      for (int i = 0; i < t.source().size(); i++) {
        b.append("<span class=\"s\" style=\"")
            .append(Legend.css(o.score(i), max))
            .append("\" title=\"")
            .append(String.format(Locale.ROOT, "%+.6f", o.score(i)))
            .append("\">")
            .append(Escape.html(t.source().get(i).text()))
            .append("</span>");
      }
      b.append("</p>\n");
    }
    b.append("<p class=\"meta\">red: positive, blue: negative, grey: neutral; intensity: |score| /")
        .append(" max |score| ")
        .append(s.global ? "of the whole matrix" : "of the row")
        .append("</p>\n");
    b.append("<pre class=\"meta\">")
        .append(Escape.html(summary(t)))
        .append("</pre>\n</body>\n</html>\n");
    return utf8(b.toString());
  }

  /**
   * The matrix of {@link #html} alone, as an HTML {@code <table class="matrix">} fragment for a
   * page of one's own (the IG paper's Figure 5): a row per output piece, a column per source piece,
   * each cell coloured on the shared scale with its score, then the row's probability, steps and
   * relative completeness delta. Every text is escaped; the page supplies the CSS of {@code
   * table.matrix}.
   */
  public static String htmlMatrix(Explanation<TranslationEncoding> e, Options options) {
    return matrixTable(new View(e), Settings.of(options));
  }

  private static String matrixTable(View t, Settings s) {
    StringBuilder b = new StringBuilder();
    double all = maxAbs(t.matrix());
    b.append("<table class=\"matrix\">\n<thead><tr><th></th>");
    for (Piece p : t.source()) {
      b.append("<th>").append(Escape.html(p.text())).append("</th>");
    }
    b.append("<th>p</th><th>steps</th><th>rel. delta</th></tr></thead>\n<tbody>\n");
    for (Line o : t.outputs) {
      double max = s.global ? all : maxAbs(new double[][] {o.scores()});
      b.append("<tr><th>").append(Escape.html(o.piece().text()));
      if (o.piece().id() != o.best().id()) {
        b.append(" <small>(model: ").append(Escape.html(o.best().text())).append(")</small>");
      }
      b.append("</th>");
      for (int i = 0; i < t.source().size(); i++) {
        b.append("<td class=\"s\" style=\"")
            .append(Legend.css(o.score(i), max))
            .append("\" title=\"")
            .append(Escape.html(t.source().get(i).text()))
            .append(String.format(Locale.ROOT, " %+.6f", o.score(i)))
            .append("\">")
            .append(number(o.score(i)))
            .append("</td>");
      }
      b.append(String.format(Locale.ROOT, "<td>%.4f</td>", o.probability()))
          .append("<td>")
          .append(o.steps() < 0 ? "-" : Integer.toString(o.steps()))
          .append("</td><td>")
          .append(delta(o.completeness()))
          .append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n");
    return b.toString();
  }

  // --- json ------------------------------------------------------------------------------------

  /**
   * The JSON object of {@code docs/translation.md}: the common keys of every attrib result (for the
   * whole output: the prediction is the output text with its sequence probability, the target is
   * the output text with the sum of the pieces' explained scores, the method's steps are the
   * largest of the rows, the completeness is that of the rows added up, {@code units} are the
   * source pieces with their totals), then {@code output}, {@code forced}, {@code endProbability},
   * {@code maxRelativeDelta}, {@code words} and {@code outputs}, one object per output piece (row)
   * with its own prediction, target, method, completeness and {@code units}. With {@code
   * words=true} the units are source words and the rows output words, each with the {@code pieces}
   * it is made of (index, text, id, probability); its row is that of its first piece.
   */
  public static JsonObject json(Explanation<TranslationEncoding> e) {
    View t = new View(e);
    TranslationEncoding enc = e.encoded();
    JsonObject o = JsonReport.header(e);
    double fx = 0;
    for (Line row : t.outputs) {
      fx += row.row().score();
    }
    o.add("target", JsonReport.target(enc.output(), -1, e.on(), fx));
    o.add("method", JsonReport.method(aggregate(t), e.baseline()));
    o.add("completeness", JsonReport.completeness(t.completeness()));
    o.add("units", JsonReport.units(new UnitScores(enc.units(), t.totals())));
    o.addProperty("output", enc.output());
    o.addProperty("forced", enc.forced());
    o.add("endProbability", jsonNumber(enc.endProbability()));
    o.add("maxRelativeDelta", jsonNumber(t.maxRelativeDelta()));
    o.addProperty("words", enc.inWords());
    JsonArray rows = new JsonArray();
    for (int k = 0; k < t.outputs.size(); k++) {
      Line p = t.outputs.get(k);
      JsonObject r = new JsonObject();
      r.addProperty("index", p.piece().index());
      r.addProperty("text", p.piece().text());
      r.addProperty("id", p.piece().id());
      if (p.piece().start() >= 0) {
        r.addProperty("start", p.piece().start());
        r.addProperty("end", p.piece().end());
      }
      r.add("probability", jsonNumber(p.probability()));
      if (enc.inWords()) {
        r.add("pieces", pieces(enc, k));
      }
      r.add("prediction", JsonReport.prediction(p.row().prediction()));
      r.add("target", JsonReport.target(p.row().label(), p.row().index(), e.on(), p.row().score()));
      r.add("method", JsonReport.method(p.settings(), e.baseline()));
      r.add("completeness", JsonReport.completeness(p.completeness()));
      r.add("units", JsonReport.units(p.row().units()));
      rows.add(r);
    }
    o.add("outputs", rows);
    return o;
  }

  /** The output pieces of output word {@code word}, in order. */
  private static JsonArray pieces(TranslationEncoding enc, int word) {
    JsonArray out = new JsonArray();
    List<Integer> of = enc.words().outputWord();
    for (int j = 0; j < of.size(); j++) {
      if (of.get(j) == word) {
        OutputPiece o = enc.outputs().get(j);
        JsonObject p = new JsonObject();
        p.addProperty("index", o.piece().index());
        p.addProperty("text", o.piece().text());
        p.addProperty("id", o.piece().id());
        p.add("probability", jsonNumber(o.probability()));
        out.add(p);
      }
    }
    return out;
  }

  /** A number, or JSON null for NaN (NaN is not JSON). */
  private static com.google.gson.JsonElement jsonNumber(double v) {
    return Double.isNaN(v)
        ? com.google.gson.JsonNull.INSTANCE
        : new com.google.gson.JsonPrimitive(v);
  }

  /** {@link #json} as one line. */
  public static String jsonLine(Explanation<TranslationEncoding> e) {
    return JsonReport.line(json(e));
  }

  /** The rows' settings in one: the largest steps, converged when every row converged. */
  private static MethodSettings aggregate(View t) {
    if (t.outputs.isEmpty()) {
      return new MethodSettings(t.method(), null, null, null, 1, null, null, null, null);
    }
    MethodSettings first = t.outputs.get(0).settings();
    Integer steps = null;
    int batch = 0;
    for (Line o : t.outputs) {
      MethodSettings s = o.settings();
      if (s.steps() != null) {
        steps = steps == null ? s.steps() : Math.max(steps, s.steps());
      }
      batch = Math.max(batch, s.batchSize());
    }
    return new MethodSettings(
        first.method(),
        first.quadrature(),
        steps,
        first.baselineSamples(),
        batch,
        first.noiseSamples(),
        first.noiseStdev(),
        first.seed(),
        t.converged());
  }
}
