package dev.attrib.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.attrib.ig.Activation;
import dev.attrib.ig.Attribution;
import dev.attrib.ig.Example;
import dev.attrib.ig.ModelOutputs;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared pipeline, with a minimal modality over the tiny TorchScript MLP. */
class ExplainerTest {

  /** "1, 2, 3" -> a float vector; one unit per number. */
  static class VectorModality implements Modality<Encoding> {
    @Override
    public String name() {
      return "vector";
    }

    @Override
    public Set<String> options() {
      return Set.of("scale");
    }

    @Override
    public Encoding encode(String input, LoadedModel model, Options options) {
      String[] parts = input.split(",");
      float[] v = new float[parts.length];
      List<Unit> units = new ArrayList<>();
      double scale = options.getDouble("scale", 1);
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (Float.parseFloat(parts[i].trim()) * scale);
        units.add(Unit.of(i, "number", parts[i].trim()));
      }
      return Encoding.of(
          input, List.of(NamedTensor.attributable("x", Tensor.of(v, v.length))), units);
    }

    @Override
    public List<Baseline<Encoding>> baselines() {
      return List.of(
          new Baseline<>() {
            @Override
            public String name() {
              return "zero";
            }

            @Override
            public List<List<Tensor>> create(Encoding e, LoadedModel m, Options o, long seed) {
              return List.of(List.of(Tensor.zeros(e.tensors().get(0).value().shape())));
            }
          },
          new Baseline<>() {
            @Override
            public String name() {
              return "ones";
            }

            @Override
            public List<List<Tensor>> create(Encoding e, LoadedModel m, Options o, long seed) {
              float[] one = new float[e.units().size()];
              java.util.Arrays.fill(one, 1f);
              return List.of(List.of(Tensor.of(one, one.length)));
            }
          });
    }

    @Override
    public UnitScores summarize(Encoding encoded, Attribution attribution) {
      float[] s = attribution.scores().get(0).floats();
      double[] d = new double[s.length];
      for (int i = 0; i < s.length; i++) {
        d[i] = s[i];
      }
      return new UnitScores(encoded.units(), d);
    }

    @Override
    public List<Renderer<Encoding>> renderers() {
      return List.of(
          new Renderer<>() {
            @Override
            public String format() {
              return "json";
            }

            @Override
            public byte[] render(Explanation<Encoding> e, Options o) {
              JsonObject j = JsonReport.base(e);
              j.add("units", JsonReport.units(e.units()));
              return JsonReport.line(j).getBytes(StandardCharsets.UTF_8);
            }
          });
    }
  }

  private static LoadedModel model;
  private final Modality<Encoding> vector = new VectorModality();

  @BeforeAll
  static void load(@TempDir Path dir) throws IOException {
    Files.copy(Path.of("src/test/resources/torchscript/tanh_mlp.pt"), dir.resolve("model.pt"));
    Files.writeString(
        dir.resolve("attrib.json"),
        "{\"modality\": \"vector\", \"format\": \"torchscript\", \"name\": \"mlp\","
            + " \"labels\": [\"left\", \"right\"], \"activation\": \"softmax\"}");
    model = ModelLoader.load(dir, Set.of(), Device.cpu());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void predictsExplainsTheProbabilityOfThePredictedClassAndReportsCompleteness() {
    Explanation<Encoding> e =
        new Explainer<>(vector, model).explain("1, -0.5, 2", ExplainSettings.defaults());
    double[] p =
        ModelOutputs.at(
            model, Example.of(Tensor.of(new float[] {1f, -0.5f, 2f}, 3)), Activation.SOFTMAX);
    assertEquals(1.0, p[0] + p[1], 1e-6);
    int best = p[0] >= p[1] ? 0 : 1;
    assertEquals(best, e.prediction().index());
    assertEquals(List.of("left", "right").get(best), e.prediction().label());
    assertEquals(p[best], e.prediction().score(), 1e-6);
    assertEquals(e.prediction().label(), e.targetLabel());
    // Explained on the probability: F(x) is the predicted probability.
    assertEquals(p[best], e.attribution().output(), 1e-6);
    assertTrue(
        e.attribution().completeness().holds(0.01), e.attribution().completeness()::toString);
    assertEquals(3, e.units().scores().length);
  }

  @Test
  void targetByLabelOrIndexOnLogitsAndANamedBaseline() {
    ExplainSettings s = ExplainSettings.defaults().withTarget("right").withOn("logit");
    Explanation<Encoding> byLabel = new Explainer<>(vector, model).explain("1, 2, 3", s);
    Explanation<Encoding> byIndex =
        new Explainer<>(vector, model).explain("1, 2, 3", s.withTarget("1"));
    assertEquals(1, byLabel.attribution().targetIndex());
    assertArrayEquals(byLabel.units().scores(), byIndex.units().scores(), 0);
    Explanation<Encoding> fromOnes =
        new Explainer<>(vector, model).explain("1, 2, 3", s.withBaseline("ones"));
    // x equals... not the ones baseline, but the first unit does: x0 = 1 gets exactly 0.
    assertEquals(0.0, fromOnes.units().score(0), 0.0);
  }

  /** The vector modality with outputs of its own at the input, as a text encoding has. */
  private static Modality<Encoding> withOutputs(double[] outputs) {
    return new VectorModality() {
      @Override
      public double[] outputsAtInput(Encoding encoded) {
        return outputs;
      }
    };
  }

  @Test
  void aModalitysOwnOutputsChooseThePredictedClassUnlessTheyTie() {
    Explanation<Encoding> plain =
        new Explainer<>(vector, model).explain("1, -0.5, 2", ExplainSettings.defaults());
    int modelsChoice = plain.attribution().targetIndex();
    // Outputs that name the other class are used (so no forward pass is spent on the choice)...
    double[] other = modelsChoice == 0 ? new double[] {0.2, 0.8} : new double[] {0.8, 0.2};
    Explanation<Encoding> own =
        new Explainer<>(withOutputs(other), model)
            .explain("1, -0.5, 2", ExplainSettings.defaults());
    assertEquals(1 - modelsChoice, own.attribution().targetIndex());
    assertEquals(1 - modelsChoice, own.rows().get(0).index());
    // ...and with F(x) and F(x') from the gradient batch the completeness report still holds.
    assertTrue(own.attribution().completeness().holds(0.01), own.attribution()::toString);
    // A tie leaves the choice to the model's own outputs, as does a modality without outputs.
    Explanation<Encoding> tie =
        new Explainer<>(withOutputs(new double[] {0.5, 0.5}), model)
            .explain("1, -0.5, 2", ExplainSettings.defaults());
    assertEquals(modelsChoice, tie.attribution().targetIndex());
    assertArrayEquals(plain.units().scores(), tie.units().scores(), 0);
  }

  @Test
  void thePredictionIsTakenFromIgsRowAtTheInput() {
    // The vector modality keeps the default predict: its prediction comes from the outputs IG's
    // row for F(x) computed, with the manifest's softmax applied here; against a forward of its
    // own.
    Explanation<Encoding> e =
        new Explainer<>(vector, model).explain("0.3, -1.2, 0.8", ExplainSettings.defaults());
    float[] raw = e.attribution().outputsAtInput();
    assertEquals(2, raw.length);
    double[] p =
        ModelOutputs.at(
            model, Example.of(Tensor.of(new float[] {0.3f, -1.2f, 0.8f}, 3)), Activation.SOFTMAX);
    double[] q = Activation.SOFTMAX.apply(raw);
    assertArrayEquals(p, q, 1e-6);
    assertEquals(p[e.prediction().index()], e.prediction().score(), 1e-6);
    assertEquals(Math.max(p[0], p[1]), e.prediction().score(), 1e-6);
    assertArrayEquals(
        new double[] {0.5, 1 / (1 + Math.exp(-2.0))},
        Activation.SIGMOID.apply(new float[] {0f, 2f}),
        1e-12);
  }

  @Test
  void uniqueArgmaxRefusesTiesAndNaN() {
    assertEquals(2, Explainer.uniqueArgmax(new double[] {0.1, 0.3, 0.6}));
    assertEquals(0, Explainer.uniqueArgmax(new double[] {0.9}));
    assertEquals(-1, Explainer.uniqueArgmax(new double[] {0.4, 0.4, 0.2}));
    assertEquals(1, Explainer.uniqueArgmax(new double[] {0.2, 0.4, 0.2}));
    assertEquals(-1, Explainer.uniqueArgmax(new double[] {0.2, Double.NaN, 0.1}));
    assertEquals(-1, Explainer.uniqueArgmax(null));
    assertEquals(-1, Explainer.uniqueArgmax(new double[0]));
  }

  @Test
  void explainAllEqualsEachAloneAndPutsAFailureOnItsInput() {
    Explainer<Encoding> ex = new Explainer<>(vector, model);
    List<String> inputs = List.of("1, 2, 3", "1, 2", "3, 1, 0.5", "0.2, -0.2, 0.9", "-1, 4, 0");
    List<Explainer.Outcome<Encoding>> all = ex.explainAll(inputs, ExplainSettings.defaults());
    assertEquals(inputs.size(), all.size());
    for (int i = 0; i < inputs.size(); i++) {
      Explainer.Outcome<Encoding> o = all.get(i);
      assertEquals(inputs.get(i), o.input());
      if (i == 1) {
        // The model takes 3 numbers: the failure is this input's, with explain's message.
        String alone =
            assertThrows(
                    AttribException.class,
                    () -> ex.explain(inputs.get(1), ExplainSettings.defaults()))
                .getMessage();
        assertEquals(alone, o.error());
        assertNull(o.explanation());
        continue;
      }
      assertNull(o.failure());
      Explanation<Encoding> one = ex.explain(inputs.get(i), ExplainSettings.defaults());
      assertEquals(one.attribution().targetIndex(), o.explanation().attribution().targetIndex());
      assertArrayEquals(one.units().scores(), o.explanation().units().scores(), 1e-6);
      assertEquals(
          one.attribution().completeness().sum(),
          o.explanation().attribution().completeness().sum(),
          1e-6);
    }
  }

  @Test
  void errorsNameTheProblem() {
    Explainer<Encoding> ex = new Explainer<>(vector, model);
    AttribException unknownOption =
        assertThrows(
            AttribException.class,
            () ->
                ex.explain(
                    "1, 2, 3",
                    ExplainSettings.defaults().withOptions(Options.of(Map.of("scal", "2")))));
    assertTrue(unknownOption.getMessage().contains("'scal'"), unknownOption.getMessage());
    AttribException label =
        assertThrows(
            AttribException.class,
            () -> ex.explain("1, 2, 3", ExplainSettings.defaults().withTarget("up")));
    assertTrue(label.getMessage().contains("left, right"), label.getMessage());
    AttribException index =
        assertThrows(
            AttribException.class,
            () -> ex.explain("1, 2, 3", ExplainSettings.defaults().withTarget("5")));
    assertTrue(index.getMessage().contains("out of range"), index.getMessage());
    AttribException baseline =
        assertThrows(
            AttribException.class,
            () -> ex.explain("1, 2, 3", ExplainSettings.defaults().withBaseline("blur")));
    assertTrue(baseline.getMessage().contains("zero, ones"), baseline.getMessage());
    AttribException shape =
        assertThrows(AttribException.class, () -> ex.explain("1, 2", ExplainSettings.defaults()));
    assertTrue(shape.getMessage().contains("model.pt"), shape.getMessage());
  }

  @Test
  void jsonHasThePublicKeys() {
    Explanation<Encoding> e =
        new Explainer<>(vector, model).explain("1, -0.5, 2", ExplainSettings.defaults());
    JsonObject o =
        JsonParser.parseString(
                new String(vector.renderer("json").render(e, Options.NONE), StandardCharsets.UTF_8))
            .getAsJsonObject();
    for (String key :
        List.of(
            "modality",
            "model",
            "input",
            "prediction",
            "target",
            "method",
            "completeness",
            "units")) {
      assertTrue(o.has(key), key);
    }
    assertEquals("integrated-gradients", o.getAsJsonObject("method").get("name").getAsString());
    assertEquals("gausslegendre", o.getAsJsonObject("method").get("quadrature").getAsString());
    assertEquals(50, o.getAsJsonObject("method").get("steps").getAsInt());
    double sum = 0;
    for (var u : o.getAsJsonArray("units")) {
      sum += u.getAsJsonObject().get("score").getAsDouble();
    }
    assertEquals(o.getAsJsonObject("completeness").get("sum").getAsDouble(), sum, 1e-6);
  }
}
