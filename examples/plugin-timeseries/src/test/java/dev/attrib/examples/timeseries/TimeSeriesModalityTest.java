package dev.attrib.examples.timeseries;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.attrib.ig.Attribution;
import dev.attrib.ig.MethodSettings;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelLoader;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Baseline;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Modality;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Options;
import dev.attrib.spi.Tensor;
import dev.attrib.spi.Unit;
import dev.attrib.spi.UnitScores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the demo model and the modality do together: spikes get the credit, output is readable. */
class TimeSeriesModalityTest {
  private static final Path DEMO = TimeSeriesConformanceTest.DEMO;
  private static final TimeSeriesModality TS = new TimeSeriesModality();
  private static LoadedModel model;

  @BeforeAll
  static void load() {
    model = ModelLoader.load(DEMO, TS.manifestKeys(), Device.cpu());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static Explanation<SeriesEncoding> explain(String input, ExplainSettings s) {
    return new Explainer<>(TS, model).explain(input, s);
  }

  private static Explanation<SeriesEncoding> explain(String input) {
    return explain(input, ExplainSettings.defaults());
  }

  private static String render(
      String format, Explanation<SeriesEncoding> e, Map<String, String> options) {
    return new String(TS.renderer(format).render(e, Options.of(options)), StandardCharsets.UTF_8);
  }

  /** Two leads: a slow wave (lead1) and a slow drift (lead2), plus a spike on lead1 at t=k. */
  static String spikeAt(int k, int length, double height) {
    StringJoiner rows = new StringJoiner("; ");
    for (int t = 0; t < length; t++) {
      double lead1 = 0.4 * Math.sin(2 * Math.PI * t / length) + (t == k ? height : 0);
      double lead2 = 0.2 + 0.01 * t;
      rows.add(String.format(Locale.ROOT, "%.4f,%.4f", lead1, lead2));
    }
    return rows.toString();
  }

  private static int argMaxAbs(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (Math.abs(v[i]) > Math.abs(v[best])) {
        best = i;
      }
    }
    return best;
  }

  @Test
  void aSpikeAtStepKGetsTheLargestAttributionUnderEveryBaseline() {
    for (int k : new int[] {3, 9, 14}) {
      for (Baseline<SeriesEncoding> b : TS.baselines()) {
        Explanation<SeriesEncoding> e =
            explain(spikeAt(k, 20, 1.0), ExplainSettings.defaults().withBaseline(b.name()));
        assertEquals("spike", e.prediction().label(), "k=" + k);
        double[] s = e.units().scores();
        assertEquals(k, argMaxAbs(s), "baseline " + b.name() + ": " + java.util.Arrays.toString(s));
        assertTrue(s[k] > 0, "the spike speaks for 'spike'");
        assertTrue(
            e.attribution().completeness().holds(0.01), e.attribution().completeness().toString());
      }
    }
  }

  @Test
  void theSampleRecordHasItsSpikeAtTwentyAndTheFlatOneNone() {
    Explanation<SeriesEncoding> rec = explain(DEMO.resolve("record.csv").toString());
    assertEquals("spike", rec.prediction().label());
    assertEquals(32, rec.units().units().size());
    assertEquals(20, argMaxAbs(rec.units().scores()));
    assertEquals("t=20", rec.units().units().get(20).text());
    assertEquals("flat", explain(DEMO.resolve("flat.csv").toString()).prediction().label());
  }

  @Test
  void theTimeColumnLabelsTheSteps() {
    Explanation<SeriesEncoding> e =
        explain(
            DEMO.resolve("record.csv").toString(),
            ExplainSettings.defaults().withOptions(Options.of(Map.of("time-column", "time"))));
    Unit u = e.units().units().get(20);
    assertEquals(new Unit(20, "step", "t=0.080", -1, -1), u);
  }

  @Test
  void explainingTheOtherClassFlipsTheSpikesSign() {
    Explanation<SeriesEncoding> e =
        explain(spikeAt(9, 20, 1.0), ExplainSettings.defaults().withTarget("flat").withOn("logit"));
    assertEquals("flat", e.targetLabel());
    double[] s = e.units().scores();
    assertEquals(9, argMaxAbs(s));
    assertTrue(s[9] < 0, "the spike speaks against 'flat'");
  }

  @Test
  void stepScoresAreChannelSums() {
    Tensor raw = Tensor.of(new float[] {1, 2, -3, 0.5f, 0, 0}, 3, 2);
    SeriesEncoding enc =
        new SeriesEncoding(
            "x",
            List.of(NamedTensor.attributable("series", Tensor.zeros(3, 2))),
            List.of(
                Unit.of(0, "step", "t=0"), Unit.of(1, "step", "t=1"), Unit.of(2, "step", "t=2")),
            List.of("a", "b"),
            List.of());
    MethodSettings ms = new MethodSettings("test", null, null, null, 1, null, null, null, null);
    Attribution a = new Attribution(List.of("series"), List.of(raw), "class 0", 0, 0, null, ms);
    UnitScores u = TS.summarize(enc, a);
    assertArrayEquals(new double[] {3, -2.5, 0}, u.scores(), 0);
  }

  @Test
  void baselinesAreZeroMeanAndLine() {
    assertEquals(
        List.of("zero", "mean", "linear"), TS.baselines().stream().map(Baseline::name).toList());
    Tensor x = Tensor.of(new float[] {1, 10, 2, 10, 6, 40}, 3, 2);
    assertEquals(Tensor.zeros(3, 2), SeriesBaselines.zero(x));
    assertEquals(Tensor.of(new float[] {3, 20, 3, 20, 3, 20}, 3, 2), SeriesBaselines.mean(x));
    assertEquals(Tensor.of(new float[] {1, 10, 3.5f, 25, 6, 40}, 3, 2), SeriesBaselines.linear(x));
    Tensor one = Tensor.of(new float[] {5, 7}, 1, 2);
    assertEquals(one, SeriesBaselines.linear(one));
    assertEquals(one, SeriesBaselines.mean(one));
  }

  @Test
  void plainShowsOneLinePerStepWithABar() {
    Explanation<SeriesEncoding> e = explain(DEMO.resolve("record.csv").toString());
    String out = render("plain", e, Map.of());
    List<String> lines = out.lines().toList();
    assertTrue(lines.get(0).startsWith("prediction: spike "), out);
    assertTrue(
        lines.get(1).startsWith("method: integrated-gradients, gausslegendre, 50 steps"), out);
    assertTrue(lines.get(2).startsWith("completeness: "), out);
    assertTrue(lines.get(3).contains("32 steps, 2 channels: lead1, lead2"), out);
    List<String> steps = lines.subList(4, lines.size());
    assertEquals(32, steps.size(), out);
    for (String line : steps) {
      assertTrue(line.matches("t=\\d+ +[-+]\\d\\.\\d{4}  ( *-*\\|| {20}\\|\\+*)"), line);
    }
    assertTrue(steps.get(20).endsWith("|" + "+".repeat(20)), steps.get(20));
    assertFalse(out.contains("\033"), "plain has no escape sequences");
    String narrow = render("plain", e, Map.of("width", "5"));
    assertTrue(narrow.lines().toList().get(24).endsWith("|+++++"), narrow);
  }

  @Test
  void ansiColoursTheBarsAndEscapesTheInput(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("evil.csv");
    Files.writeString(csv, "time,lead1,lead2\n\u001b[2J0,0,0\nb,1,0\nc,0,0\n");
    Explanation<SeriesEncoding> e =
        explain(
            csv.toString(),
            ExplainSettings.defaults().withOptions(Options.of(Map.of("time-column", "time"))));
    String out = render("ansi", e, Map.of("color", "16"));
    assertFalse(out.contains("\u001b[2J"), "control characters from the input are escaped");
    assertTrue(out.contains("t=\\x1b[2J0"), out);
    // The shared scale: red for the positive bars, as every built-in modality paints them.
    assertTrue(out.contains("\033[41;97m+") || out.contains("\033[41;97;1m+"), out);
    assertTrue(render("ansi", e, Map.of("color", "256")).contains("\033[48;5;"));
    assertTrue(render("ansi", e, Map.of("color", "truecolor")).contains("\033[48;2;"));
    assertFalse(render("ansi", e, Map.of("color", "none")).contains("\033"));
    AttribException bad =
        assertThrows(AttribException.class, () -> render("ansi", e, Map.of("color", "pink")));
    assertTrue(bad.getMessage().contains("color=pink"), bad.getMessage());
    AttribException zero =
        assertThrows(AttribException.class, () -> render("plain", e, Map.of("width", "0")));
    assertTrue(zero.getMessage().contains("width=0"), zero.getMessage());
  }

  @Test
  void jsonHasTheCommonKeysAndOneUnitPerStep() {
    Explanation<SeriesEncoding> e = explain(DEMO.resolve("record.csv").toString());
    JsonObject o = JsonParser.parseString(render("json", e, Map.of())).getAsJsonObject();
    assertEquals("timeseries", o.get("modality").getAsString());
    assertEquals("spike-detector", o.get("model").getAsString());
    assertEquals(DEMO.resolve("record.csv").toString(), o.get("input").getAsString());
    assertEquals("spike", o.getAsJsonObject("prediction").get("label").getAsString());
    assertEquals("integrated-gradients", o.getAsJsonObject("method").get("name").getAsString());
    assertEquals(32, o.get("length").getAsInt());
    assertEquals("[\"lead1\",\"lead2\"]", o.getAsJsonArray("channels").toString());
    JsonArray units = o.getAsJsonArray("units");
    assertEquals(32, units.size());
    double sum = 0;
    for (int t = 0; t < units.size(); t++) {
      JsonObject u = units.get(t).getAsJsonObject();
      assertEquals(t, u.get("index").getAsInt());
      assertEquals("t=" + t, u.get("text").getAsString());
      assertEquals(t + 2, u.get("line").getAsInt(), "line 1 is the header");
      assertFalse(u.has("start"), "file input has no offsets");
      JsonArray cs = u.getAsJsonArray("channelScores");
      assertEquals(2, cs.size());
      assertEquals(
          u.get("score").getAsDouble(), cs.get(0).getAsDouble() + cs.get(1).getAsDouble(), 1e-6);
      assertEquals(2, u.getAsJsonArray("values").size());
      sum += u.get("score").getAsDouble();
    }
    assertEquals(
        0.8464f, units.get(20).getAsJsonObject().getAsJsonArray("values").get(0).getAsFloat());
    assertEquals(o.getAsJsonObject("completeness").get("sum").getAsDouble(), sum, 1e-5);
  }

  @Test
  void inlineUnitsCarryTheirOffsets() {
    String in = "0,0.1; 0.1,0.1; 0.9,0";
    Explanation<SeriesEncoding> e = explain(in);
    List<Unit> u = e.units().units();
    assertEquals(new Unit(1, "step", "t=1", 7, 14), u.get(1));
    assertEquals("0.1,0.1", in.substring(u.get(1).start(), u.get(1).end()));
    JsonObject o = JsonParser.parseString(render("json", e, Map.of())).getAsJsonObject();
    assertEquals(16, o.getAsJsonArray("units").get(2).getAsJsonObject().get("start").getAsInt());
  }

  @Test
  void badInputsFailWithTheInputInTheMessage() {
    AttribException one = assertThrows(AttribException.class, () -> explain("0.1, 0.5, 2"));
    assertTrue(
        one.getMessage().contains("a one-line series has 1 channel but the model takes 2"),
        one.getMessage());
    AttribException nan = assertThrows(AttribException.class, () -> explain("0,0; NaN,0"));
    assertEquals("series '0,0; NaN,0', step 1, column 1: 'NaN' is not a number", nan.getMessage());
    AttribException missing =
        assertThrows(AttribException.class, () -> explain("no/such/record.csv"));
    assertEquals("no/such/record.csv: no such file", missing.getMessage());
    AttribException option =
        assertThrows(
            AttribException.class,
            () ->
                explain(
                    "0,0;1,1",
                    ExplainSettings.defaults().withOptions(Options.of(Map.of("widht", "3")))));
    assertTrue(option.getMessage().contains("unknown option 'widht'"), option.getMessage());
    assertTrue(
        option.getMessage().contains("color, delimiter, time-column, width"), option.getMessage());
  }

  @Test
  @SuppressWarnings("rawtypes") // ServiceLoader knows only the raw class Modality
  void theServiceFileRegistersTheModality() {
    List<String> names =
        ServiceLoader.load(Modality.class).stream().map(p -> p.get().name()).toList();
    assertTrue(names.contains("timeseries"), names.toString());
  }
}
