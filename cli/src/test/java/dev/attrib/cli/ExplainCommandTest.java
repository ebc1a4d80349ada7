package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.attrib.spi.PluginJar;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attrib explain} end to end: a modality from a plugin jar built here, a TorchScript model
 * folder, the common options, output files and batch errors.
 */
class ExplainCommandTest {

  /** "1, 2, 3" -> a float vector; one unit per number; json and plain renderers. */
  static final String VECTOR =
      """
      package test.vec;
      import dev.attrib.spi.*;
      import dev.attrib.ig.Attribution;
      import dev.attrib.model.LoadedModel;
      import java.util.*;
      public class VectorModality implements Modality<Encoding> {
        public String name() { return "vector"; }
        public Set<String> options() { return Set.of("scale"); }
        public Encoding encode(String input, LoadedModel model, Options options) {
          String[] parts = input.split(",");
          float[] v = new float[parts.length];
          List<Unit> units = new ArrayList<>();
          double scale = options.getDouble("scale", 1);
          for (int i = 0; i < v.length; i++) {
            try {
              v[i] = (float) (Float.parseFloat(parts[i].trim()) * scale);
            } catch (NumberFormatException e) {
              throw new AttribException("not a number: '" + parts[i].trim() + "'");
            }
            units.add(Unit.of(i, "number", parts[i].trim()));
          }
          return Encoding.of(input, List.of(NamedTensor.attributable("x", Tensor.of(v, v.length))),
              units);
        }
        public List<Baseline<Encoding>> baselines() {
          return List.of(new Baseline<Encoding>() {
            public String name() { return "zero"; }
            public List<List<Tensor>> create(Encoding e, LoadedModel m, Options o, long seed) {
              return List.of(List.of(Tensor.zeros(e.tensors().get(0).value().shape())));
            }
          });
        }
        public UnitScores summarize(Encoding encoded, Attribution a) {
          float[] s = a.scores().get(0).floats();
          double[] d = new double[s.length];
          for (int i = 0; i < s.length; i++) d[i] = s[i];
          return new UnitScores(encoded.units(), d);
        }
        public List<Renderer<Encoding>> renderers() {
          return List.of(
            new Renderer<Encoding>() {
              public String format() { return "plain"; }
              public byte[] render(Explanation<Encoding> e, Options o) {
                StringBuilder b = new StringBuilder(Escape.terminal(e.prediction().label()));
                for (int i = 0; i < e.units().scores().length; i++) {
                  b.append(' ').append(Escape.terminal(e.units().units().get(i).text()))
                   .append(String.format(Locale.ROOT, "(%+.4f)", e.units().score(i)));
                }
                return b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
              }
            },
            new Renderer<Encoding>() {
              public String format() { return "json"; }
              public byte[] render(Explanation<Encoding> e, Options o) {
                com.google.gson.JsonObject j = JsonReport.base(e);
                j.add("units", JsonReport.units(e.units()));
                return JsonReport.line(j).getBytes(java.nio.charset.StandardCharsets.UTF_8);
              }
            });
        }
      }
      """;

  @TempDir static Path shared;
  static Path plugins;
  static Path model;

  @TempDir Path home;
  @TempDir Path work;

  @BeforeAll
  static void setUp() throws IOException {
    plugins =
        new PluginJar("vector.jar")
            .source("test.vec.VectorModality", VECTOR)
            .service("test.vec.VectorModality")
            .version("1.0")
            .build(shared.resolve("plugins"));
    plugins = plugins.getParent();
    model = shared.resolve("model");
    Files.createDirectories(model);
    Files.copy(
        Path.of("../spi/src/test/resources/torchscript/tanh_mlp.pt"), model.resolve("model.pt"));
    Files.writeString(
        model.resolve("attrib.json"),
        "{\"modality\": \"vector\", \"format\": \"torchscript\", \"name\": \"mlp\","
            + " \"labels\": [\"left\", \"right\"], \"activation\": \"softmax\"}");
  }

  record Result(int code, String out, String err) {}

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new Main(new PrintWriter(out), new PrintWriter(err), Map.of(), home).run(args);
    return new Result(code, out.toString(), err.toString());
  }

  private String[] explain(String... more) {
    return Stream.concat(
            Stream.of("explain", "--plugins", plugins.toString(), "--model", model.toString()),
            Stream.of(more))
        .toArray(String[]::new);
  }

  @Test
  void jsonCarriesThePublicKeysAndCompleteness() {
    Result r = run(explain("1, -0.5, 2", "--format", "json"));
    assertEquals(0, r.code(), r.err());
    JsonObject o = JsonParser.parseString(r.out().strip()).getAsJsonObject();
    assertEquals("vector", o.get("modality").getAsString());
    assertEquals("mlp", o.get("model").getAsString());
    assertEquals("1, -0.5, 2", o.get("input").getAsString());
    assertEquals(3, o.getAsJsonArray("units").size());
    assertTrue(o.getAsJsonObject("completeness").get("relativeDelta").getAsDouble() < 0.01);
    assertEquals("probability", o.getAsJsonObject("target").get("on").getAsString());
  }

  @Test
  void commonOptionsReachTheCore() {
    Result r =
        run(
            explain(
                "1, 2, 3",
                "--format",
                "json",
                "--target",
                "right",
                "--on",
                "logit",
                "--steps",
                "16",
                "--quadrature",
                "riemann-middle",
                "-o",
                "scale=2"));
    assertEquals(0, r.code(), r.err());
    JsonObject o = JsonParser.parseString(r.out().strip()).getAsJsonObject();
    assertEquals(1, o.getAsJsonObject("target").get("index").getAsInt());
    assertEquals("logit", o.getAsJsonObject("target").get("on").getAsString());
    assertEquals(16, o.getAsJsonObject("method").get("steps").getAsInt());
    assertEquals("riemann-middle", o.getAsJsonObject("method").get("quadrature").getAsString());
    assertEquals("1, 2, 3", o.get("input").getAsString());
    Result sal = run(explain("1, 2, 3", "--format", "json", "--method", "saliency"));
    JsonObject s = JsonParser.parseString(sal.out().strip()).getAsJsonObject();
    assertEquals("saliency", s.getAsJsonObject("method").get("name").getAsString());
    assertTrue(s.get("completeness").isJsonNull());
  }

  @Test
  void plainByDefaultWhenNotATerminal() {
    Result r = run(explain("1, 2, 3"));
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out().matches("(left|right) 1\\([-+]\\d\\.\\d{4}\\) 2\\(.*\\) 3\\(.*\\)\\R"), r.out());
  }

  @Test
  void outFileIsWrittenWholeOrNotAtAll() throws IOException {
    Path out = work.resolve("result.json");
    Result ok = run(explain("1, 2, 3", "--out", out.toString()));
    assertEquals(0, ok.code(), ok.err());
    assertTrue(JsonParser.parseString(Files.readString(out).strip()).isJsonObject());
    Path bad = work.resolve("bad.json");
    Result r = run(explain("1, x, 3", "--out", bad.toString()));
    assertEquals(2, r.code());
    assertEquals("attrib: not a number: 'x'\n", r.err());
    assertFalse(Files.exists(bad));
    try (Stream<Path> left = Files.list(work)) {
      assertEquals(List.of(out), left.toList(), "no temporary file left behind");
    }
  }

  @Test
  void aBatchGoesOnPastABadLineAndReportsIt() throws IOException {
    Path in = work.resolve("inputs.txt");
    Files.writeString(in, "1, 2, 3\n\n1, y, 3\n0.5, 0.5, 0.5\n");
    Result r = run(explain("--input", in.toString(), "--format", "json"));
    assertEquals(2, r.code());
    List<String> lines = r.out().lines().toList();
    assertEquals(2, lines.size(), r.out());
    assertEquals(
        "1, 2, 3",
        JsonParser.parseString(lines.get(0)).getAsJsonObject().get("input").getAsString());
    assertEquals(
        "0.5, 0.5, 0.5",
        JsonParser.parseString(lines.get(1)).getAsJsonObject().get("input").getAsString());
    assertTrue(r.err().contains("input 2 (1, y, 3): not a number: 'y'"), r.err());
    assertTrue(r.err().contains("1 of 3 inputs failed"), r.err());
  }

  @Test
  void badUsageIsOneLine() {
    Result unknownMethod = run(explain("1, 2, 3", "--method", "lime"));
    assertEquals(2, unknownMethod.code());
    assertTrue(unknownMethod.err().startsWith("attrib: unknown method 'lime'; available: ig,"));
    assertEquals(1, unknownMethod.err().lines().count());
    Result noModel = run("explain", "1, 2, 3");
    assertEquals(2, noModel.code());
    assertEquals("attrib: give the model folder with --model DIR\n", noModel.err());
    Result noInput = run(explain());
    assertEquals(2, noInput.code());
    assertTrue(noInput.err().contains("no input"));
    Result badFormat = run(explain("1, 2, 3", "--format", "svg"));
    assertEquals(2, badFormat.code());
    assertTrue(badFormat.err().contains("available: plain, json"), badFormat.err());
    Result noPlugin = run("explain", "--model", model.toString(), "1, 2, 3");
    assertEquals(2, noPlugin.code());
    assertTrue(noPlugin.err().contains("unknown modality 'vector'"), noPlugin.err());
  }
}
