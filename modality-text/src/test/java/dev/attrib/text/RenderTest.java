package dev.attrib.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.attrib.ig.Activation;
import dev.attrib.ig.Attribution;
import dev.attrib.ig.Completeness;
import dev.attrib.ig.MethodSettings;
import dev.attrib.render.ColorDepth;
import dev.attrib.render.Legend;
import dev.attrib.render.TerminalPalette;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Escape;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Options;
import dev.attrib.spi.Prediction;
import dev.attrib.spi.Tensor;
import dev.attrib.spi.Unit;
import dev.attrib.spi.UnitScores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rendering: golden files for a hand-made explanation (so the files do not depend on an engine's
 * round-off), escape neutralisation, and the documented colour mapping.
 *
 * <p>To rewrite the golden files after an intended change: {@code mvn test -pl modality-text
 * -Dtest=RenderTest -Dattrib.golden.update=true}, then review the diff.
 */
class RenderTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private final TextModality text = new TextModality();

  /** An input with markup and a terminal escape inside its tokens. */
  static final String INPUT = "good<script> fil\u001b[31mms";

  static Explanation<TextEncoding> sample() {
    List<Unit> units =
        List.of(
            new Unit(0, "special", "[CLS]", -1, -1),
            new Unit(1, "token", "good", 0, 4),
            new Unit(2, "token", "<script>", 4, 12),
            new Unit(3, "token", "fil", 13, 16),
            new Unit(4, "token", "\u001b[31m", 16, 21),
            new Unit(5, "token", "ms", 21, 23),
            new Unit(6, "special", "[SEP]", -1, -1));
    double[] scores = {0.0, 0.42, -0.21, 0.03, 0.0, -0.005, 0.02};
    float[] f = new float[scores.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) scores[i];
    }
    long[] ids = {2, 8, 1, 1, 1, 1, 3};
    String[] tokens = {"[CLS]", "good", "[UNK]", "[UNK]", "[UNK]", "[UNK]", "[SEP]"};
    int[] starts = {-1, 0, 4, 13, 16, 21, -1};
    int[] ends = {-1, 4, 12, 16, 21, 23, -1};
    List<Piece> pieces = new java.util.ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      pieces.add(new Piece(ids[i], tokens[i], starts[i], ends[i], i == 0 || i == 6));
    }
    TextEncoding enc =
        new TextEncoding(
            INPUT,
            List.of(
                NamedTensor.attributable(TextModality.INPUTS_EMBEDS, Tensor.zeros(7, 1)),
                NamedTensor.fixed(TextModality.ATTENTION_MASK, Tensor.ofLongs(new long[7], 7))),
            units,
            pieces,
            List.of(0, 1, 2, 3, 4, 5, 6),
            List.of("a <warning> with \u001b[2J in it"),
            List.of("POSITIVE", "NEGATIVE"),
            List.of(0.9, 0.1),
            Activation.SOFTMAX,
            false,
            "huggingface",
            7,
            0);
    Attribution a =
        new Attribution(
            List.of(TextModality.INPUTS_EMBEDS),
            List.of(Tensor.of(f, 7, 1)),
            "class 0 (softmax)",
            0,
            0.9,
            Completeness.of(0.9, 0.645, 0.255),
            new MethodSettings(
                "integrated-gradients", "gausslegendre", 50, 1, 50, null, null, null, null));
    return Explanation.of(
        "text",
        "tiny",
        enc,
        new Prediction("POSITIVE", 0, 0.9),
        "POSITIVE",
        "probability",
        a,
        new UnitScores(units, scores),
        "pad");
  }

  private String render(String format, Map<String, String> options) {
    return new String(
        text.renderer(format).render(sample(), Options.of(options)), StandardCharsets.UTF_8);
  }

  private static void golden(String name, String actual) throws IOException {
    Path file = GOLDEN.resolve(name);
    if (Boolean.getBoolean("attrib.golden.update")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, name);
  }

  @Test
  void plainGolden() throws IOException {
    String out = render("plain", Map.of());
    golden("sample.plain.txt", out);
    assertTrue(
        out.startsWith(
            "good<script> fil\\x1b[31mms   [POSITIVE 0.90]\n"
                + "[CLS](+0.000) good(+0.420) <script>(-0.210) fil(+0.030) \\x1b[31m(+0.000)"
                + " ##ms(-0.005) [SEP](+0.020)\n"),
        out);
    assertFalse(out.contains("\u001b"), "no raw escape in plain output");
  }

  @Test
  void ansiGoldenInEachDepthWithOnlyOurOwnEscapes() throws IOException {
    for (String depth : List.of("truecolor", "256", "16")) {
      String out = render("ansi", Map.of("color", depth));
      golden("sample.ansi-" + depth + ".txt", out);
      // Only SGR colour sequences of our own: any other ESC would have come from the input.
      assertFalse(out.replaceAll("\u001b\\[[0-9;]*m", "").contains("\u001b"), depth);
      assertTrue(out.contains("\\x1b[31m"), "the input's escape is shown as text");
      assertTrue(out.contains("\\x1b[2J"), "the warning's escape is shown as text");
      assertTrue(out.contains("completeness: sum 0.2550 vs F(x) - F(x') = 0.9000 - 0.6450"), out);
    }
  }

  @Test
  void htmlGoldenIsEscaped() throws IOException {
    String out = render("html", Map.of());
    golden("sample.html", out);
    assertFalse(out.contains("<script>"), "markup from the input must be escaped");
    assertTrue(out.contains("&lt;script&gt;"));
    assertFalse(out.contains("\u001b"));
    assertTrue(out.startsWith("<!DOCTYPE html>"));
    assertTrue(out.contains(Legend.css(0.42, 0.42) + "\" title=\"good: +0.4200\">good"), out);
  }

  @Test
  void jsonGoldenHasThePublicKeysAndTextKeys() throws IOException {
    String out = render("json", Map.of());
    golden("sample.json", out);
    assertTrue(out.endsWith("}\n"));
    assertFalse(out.contains("\u001b"), "JSON escapes control characters");
    JsonObject o = JsonParser.parseString(out).getAsJsonObject();
    assertEquals(INPUT, o.get("input").getAsString());
    assertEquals("pad", o.getAsJsonObject("method").get("baseline").getAsString());
    JsonArray units = o.getAsJsonArray("units");
    assertEquals(7, units.size());
    JsonObject good = units.get(1).getAsJsonObject();
    assertEquals("good", good.get("text").getAsString());
    assertEquals(0, good.get("start").getAsInt());
    assertEquals(4, good.get("end").getAsInt());
    assertEquals(0.42, good.get("score").getAsDouble(), 0);
    assertEquals("token", good.get("kind").getAsString());
    assertEquals(8, good.get("id").getAsInt());
    assertFalse(units.get(0).getAsJsonObject().has("start"));
    assertEquals(0.9, o.getAsJsonObject("probabilities").get("POSITIVE").getAsDouble(), 0);
    assertEquals("huggingface", o.getAsJsonObject("settings").get("tokenizer").getAsString());
    assertEquals(1, o.getAsJsonArray("warnings").size());
  }

  @Test
  void everyUnitIsPaintedWithTheSharedScale() {
    Explanation<TextEncoding> e = sample();
    double max = 0.42;
    for (ColorDepth depth : ColorDepth.values()) {
      String out = render("ansi", Map.of("color", depth.id()));
      for (int i = 0; i < e.units().units().size(); i++) {
        String text = Escape.terminal(e.units().units().get(i).text());
        String cell = TerminalPalette.paint(text, e.units().score(i), max, depth);
        assertTrue(out.contains(cell), depth + ": unit " + i + " is " + cell + " in " + out);
      }
      assertTrue(out.contains(Legend.ansi(depth)), depth + ": the shared legend");
    }
    String html = render("html", Map.of());
    for (int i = 0; i < e.units().units().size(); i++) {
      assertTrue(html.contains(Legend.css(e.units().score(i), max)), "html unit " + i);
    }
    // The pair: +0.046 and -0.046 of the largest must not look the same in 256 colours.
    assertNotEquals(
        TerminalPalette.sgr(0.046, 1, ColorDepth.ANSI256),
        TerminalPalette.sgr(-0.046, 1, ColorDepth.ANSI256));
    AttribException bad =
        assertThrows(AttribException.class, () -> render("ansi", Map.of("color", "8")));
    assertTrue(bad.getMessage().contains("truecolor, 256, 16, none"), bad.getMessage());
    AttribException unknown =
        assertThrows(AttribException.class, () -> render("plain", Map.of("colour", "16")));
    assertTrue(unknown.getMessage().contains("'colour'"), unknown.getMessage());
  }
}
