package dev.attrib.text.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.attrib.ig.Attribution;
import dev.attrib.ig.Completeness;
import dev.attrib.ig.MethodSettings;
import dev.attrib.render.ColorDepth;
import dev.attrib.render.Legend;
import dev.attrib.render.TerminalPalette;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Escape;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Options;
import dev.attrib.spi.Prediction;
import dev.attrib.spi.Renderer;
import dev.attrib.spi.Tensor;
import dev.attrib.spi.Unit;
import dev.attrib.spi.UnitScores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden files for a hand-made translation (no engine, so the bytes are the same everywhere), and
 * escaping of hostile text. Regenerate with {@code -Dattrib.golden.update=true}.
 */
class TranslationRenderersTest {
  private static final Path GOLDEN = Path.of("src/test/resources/dev/attrib/text/translate/golden");

  static final String INPUT = "Good <morning> \u001b[2J";

  /** A forced translation with a piece the model would not have chosen and a hostile piece. */
  static Explanation<TranslationEncoding> sample() {
    List<Piece> source =
        List.of(
            new Piece(0, "[BOS]", "[BOS]", 2, -1, -1),
            new Piece(1, "Good", "good", 4, 0, 4),
            new Piece(2, "<morning>", "[UNK]", 1, 5, 14),
            new Piece(3, "\u001b[2J", "[UNK]", 1, 15, 19),
            new Piece(4, "[EOS]", "[EOS]", 3, -1, -1));
    List<Unit> units = new ArrayList<>();
    for (Piece p : source) {
      units.add(
          new Unit(
              p.index(),
              p.special() ? TranslationModality.MARKER : TranslationModality.TOKEN,
              p.text(),
              p.start(),
              p.end()));
    }
    double[][] scores = {
      {0, 0.62, 0.25, -0.01, 0}, {0, 0.2, 0.71, -0.15, 0}, {0, -0.3, 0.05, 0.4, 0}
    };
    String[] out = {"guten", "morgen", "<&>"};
    int[] steps = {32, 64, 128};
    double[] p = {0.98, 0.95, 0.4};
    List<OutputPiece> pieces = new ArrayList<>();
    List<Explanation.Row> rows = new ArrayList<>();
    int at = 0;
    for (int j = 0; j < 3; j++) {
      double sum = 0;
      float[] f = new float[scores[j].length];
      for (int i = 0; i < f.length; i++) {
        sum += scores[j][i];
        f[i] = (float) scores[j][i];
      }
      Completeness c = Completeness.of(p[j], p[j] - sum - 0.0005 * (j + 1), sum);
      Piece piece = new Piece(j, out[j], out[j], 10 + j, at, at + out[j].length());
      at += out[j].length() + 1;
      Piece best = j == 2 ? new Piece(j, "herren", "herren", 9, -1, -1) : piece;
      double bestP = j == 2 ? 0.55 : p[j];
      pieces.add(new OutputPiece(piece, p[j], best, bestP));
      Attribution a =
          new Attribution(
              List.of(TranslationModality.SRC_EMBEDS),
              List.of(Tensor.of(f, f.length, 1)),
              "class " + (10 + j) + " at position " + j + " (softmax)",
              10 + j,
              p[j],
              c,
              new MethodSettings(
                  "integrated-gradients",
                  "gausslegendre",
                  steps[j],
                  1,
                  steps[j] + 2,
                  null,
                  null,
                  null,
                  true));
      rows.add(
          new Explanation.Row(
              piece.token(),
              piece.id(),
              p[j],
              a,
              new UnitScores(units, scores[j]),
              new Prediction(best.text(), best.id(), bestP)));
    }
    TranslationEncoding enc =
        new TranslationEncoding(
            INPUT, List.of(), units, source, "guten morgen <&>", true, pieces, 0.9, null);
    return new Explanation<>(
        TranslationModality.NAME,
        "tiny <model>",
        enc,
        new Prediction(enc.output(), -1, enc.sequenceProbability()),
        "probability",
        "integrated-gradients",
        "nmt",
        rows);
  }

  @Test
  void goldenFiles() throws IOException {
    Explanation<TranslationEncoding> t = sample();
    golden("plain.txt", TranslationRenderers.plain(t, Options.NONE));
    golden(
        "plain-by-output.txt",
        TranslationRenderers.plain(t, Options.of(Map.of("view", "by-output"))));
    golden("ansi-256.txt", TranslationRenderers.ansi(t, Options.of(Map.of("color", "256"))));
    golden(
        "ansi-truecolor-by-output.txt",
        TranslationRenderers.ansi(
            t, Options.of(Map.of("view", "by-output", "scale", "all", "color", "truecolor"))));
    golden("page.html", TranslationRenderers.html(t, Options.NONE));
    golden("translation.json", TranslationRenderers.render("json", t, Options.NONE));
  }

  private static void golden(String name, byte[] actual) throws IOException {
    Path file = GOLDEN.resolve(name);
    if (Boolean.getBoolean("attrib.golden.update")) {
      Files.createDirectories(GOLDEN);
      Files.write(file, actual);
    }
    assertEquals(
        Files.readString(file, StandardCharsets.UTF_8),
        new String(actual, StandardCharsets.UTF_8),
        name + " differs from the golden file; rerun with -Dattrib.golden.update=true if intended");
  }

  /**
   * A row whose baseline scores like the input (|F(x) - F(x')| under 5% of the outputs) has a large
   * relative delta that means little: it is marked, and a note gives its absolute delta and why,
   * instead of "every row met the tolerance" standing beside 15% unexplained.
   */
  @Test
  void aRowWhoseBaselineScoresLikeTheInputGetsANote() {
    Explanation<TranslationEncoding> t = sample();
    List<Explanation.Row> rows = new ArrayList<>(t.rows());
    Explanation.Row r = rows.get(2);
    Attribution a = r.attribution();
    // F(x) 0.4, F(x') 0.39: the budget is 0.01; the sum 0.0085 misses it by 0.0015, 15%.
    Completeness small = Completeness.of(0.4, 0.39, 0.0085);
    assertTrue(small.smallBudget());
    Attribution b =
        new Attribution(
            a.names(), a.scores(), a.target(), a.targetIndex(), a.output(), small, a.settings());
    rows.set(2, new Explanation.Row(r.label(), r.index(), r.score(), b, r.units(), r.prediction()));
    Explanation<TranslationEncoding> e =
        new Explanation<>(
            t.modality(),
            t.model(),
            t.encoded(),
            t.prediction(),
            t.on(),
            t.method(),
            t.baseline(),
            rows);
    String plain = utf8(TranslationRenderers.plain(e, Options.NONE));
    assertTrue(plain.contains("  15.000%*  (model: herren)\n"), plain);
    assertTrue(
        plain.contains(
            "(every row met the tolerance; 1 row's baseline scores like the input: see the note)"),
        plain);
    String note =
        "note          * <&>: the baseline scores 0.3900, like the input (0.4000): not neutral for"
            + " this piece; absolute delta 0.0015, so its relative delta of 15.0% divides by almost"
            + " nothing\n";
    assertTrue(plain.contains(note), plain);
    String byOutput = utf8(TranslationRenderers.plain(e, Options.of(Map.of("view", "by-output"))));
    assertTrue(byOutput.contains(note), byOutput);
    String html = utf8(TranslationRenderers.html(e, Options.NONE));
    assertTrue(html.contains("<td>15.000%*</td>"), html);
    assertTrue(html.contains("* &lt;&amp;&gt;: the baseline scores 0.3900"), html);
    // The other rows are not marked, and without such a row there is no note (the golden files).
    assertFalse(plain.contains("0.000%*"), plain);
    assertFalse(utf8(TranslationRenderers.plain(t, Options.NONE)).contains("note"));
  }

  @Test
  void terminalOutputNeverCarriesTheInputsEscapes() {
    Explanation<TranslationEncoding> t = sample();
    for (String view : List.of("matrix", "by-output")) {
      String plain = utf8(TranslationRenderers.plain(t, Options.of(Map.of("view", view))));
      assertFalse(plain.contains("\u001b"), plain);
      assertTrue(plain.contains("\\x1b[2J"), plain);
      for (String color : List.of("truecolor", "256", "16")) {
        String ansi =
            utf8(TranslationRenderers.ansi(t, Options.of(Map.of("view", view, "color", color))));
        assertTrue(ansi.contains("\\x1b[2J"), ansi);
        // Every escape in the output is one of ours: an SGR colour sequence or a reset.
        assertFalse(ansi.replaceAll("\u001b\\[[0-9;]*m", "").contains("\u001b"), ansi);
      }
    }
  }

  @Test
  void htmlEscapesMarkupAndIsSelfContained() {
    String html = utf8(TranslationRenderers.html(sample(), Options.NONE));
    assertFalse(html.contains("<morning>"), html);
    assertFalse(html.contains("<&>"), html);
    assertFalse(html.contains("\u001b"), html);
    assertTrue(html.contains("&lt;morning&gt;"));
    assertTrue(html.contains("&lt;&amp;&gt;"));
    assertTrue(html.contains("tiny &lt;model&gt;"));
    assertFalse(html.contains("<script") || html.contains("http:") || html.contains("https:"));
  }

  @Test
  void jsonHasTheCommonKeysAndOneObjectPerOutputPiece() {
    Explanation<TranslationEncoding> t = sample();
    String line = TranslationRenderers.jsonLine(t);
    assertFalse(line.contains("\n"));
    JsonObject o = JsonParser.parseString(line).getAsJsonObject();
    for (String key :
        List.of(
            "modality",
            "model",
            "input",
            "prediction",
            "target",
            "method",
            "completeness",
            "units",
            "output",
            "forced",
            "outputs")) {
      assertTrue(o.has(key), key);
    }
    assertEquals("translation", o.get("modality").getAsString());
    assertEquals(INPUT, o.get("input").getAsString());
    assertEquals("guten morgen <&>", o.getAsJsonObject("prediction").get("label").getAsString());
    assertEquals(128, o.getAsJsonObject("method").get("steps").getAsInt());
    JsonArray outputs = o.getAsJsonArray("outputs");
    assertEquals(3, outputs.size());
    JsonObject third = outputs.get(2).getAsJsonObject();
    assertEquals("<&>", third.get("text").getAsString());
    assertEquals("herren", third.getAsJsonObject("prediction").get("label").getAsString());
    assertEquals(128, third.getAsJsonObject("method").get("steps").getAsInt());
    assertTrue(third.getAsJsonObject("method").get("converged").getAsBoolean());
    JsonArray units = third.getAsJsonArray("units");
    assertEquals(5, units.size());
    assertEquals("\u001b[2J", units.get(3).getAsJsonObject().get("text").getAsString());
    assertFalse(units.get(0).getAsJsonObject().has("start"), "markers have no offsets");
    double sum = 0;
    for (int i = 0; i < units.size(); i++) {
      sum += units.get(i).getAsJsonObject().get("score").getAsDouble();
    }
    assertEquals(0.15, sum, 1e-6);
    // The top-level units are the totals over the rows, and the completeness adds the rows up.
    double total = 0;
    for (var u : o.getAsJsonArray("units")) {
      total += u.getAsJsonObject().get("score").getAsDouble();
    }
    assertEquals(o.getAsJsonObject("completeness").get("sum").getAsDouble(), total, 1e-6);
  }

  @Test
  void theModalitysRenderersAreTheseViews() {
    Explanation<TranslationEncoding> t = sample();
    for (Renderer<TranslationEncoding> r : new TranslationModality().renderers()) {
      assertArrayEquals(
          TranslationRenderers.render(r.format(), t, Options.NONE), r.render(t, Options.NONE));
    }
    AttribException bad =
        assertThrows(
            AttribException.class,
            () -> TranslationRenderers.plain(t, Options.of(Map.of("color", "mono"))));
    assertTrue(bad.getMessage().contains("color=mono"), bad.getMessage());
    assertThrows(AttribException.class, () -> TranslationRenderers.render("svg", t, Options.NONE));
    // A row short: the views need one row per output piece.
    Explanation<TranslationEncoding> short1 =
        new Explanation<>(
            t.modality(),
            t.model(),
            t.encoded(),
            t.prediction(),
            t.on(),
            t.method(),
            t.baseline(),
            t.rows().subList(0, 2));
    AttribException rows =
        assertThrows(AttribException.class, () -> TranslationRenderers.plain(short1, Options.NONE));
    assertTrue(rows.getMessage().contains("one row per output piece (3)"), rows.getMessage());
  }

  @Test
  void everyCellIsPaintedWithTheSharedScale() {
    Explanation<TranslationEncoding> t = sample();
    String html = utf8(TranslationRenderers.html(t, Options.NONE));
    for (ColorDepth depth : ColorDepth.values()) {
      String out =
          utf8(
              TranslationRenderers.ansi(
                  t, Options.of(Map.of("view", "by-output", "color", depth.id()))));
      for (Explanation.Row row : t.rows()) {
        double max = 0;
        for (double v : row.units().scores()) {
          max = Math.max(max, Math.abs(v));
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.units().units().size(); i++) {
          String text = Escape.terminal(row.units().units().get(i).text());
          line.append(i > 0 ? " " : "")
              .append(TerminalPalette.paint(text, row.units().score(i), max, depth));
          assertTrue(html.contains(Legend.css(row.units().score(i), max)), "html " + i);
        }
        assertTrue(out.contains(line), depth + ": " + line + " in " + out);
      }
      assertTrue(out.contains(Legend.ansi(depth)), depth + ": the shared legend");
    }
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
