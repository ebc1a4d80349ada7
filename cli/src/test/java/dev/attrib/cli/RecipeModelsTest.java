package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.attrib.ig.Attribution;
import dev.attrib.ig.Completeness;
import dev.attrib.ig.Example;
import dev.attrib.ig.Saliency;
import dev.attrib.ig.Target;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.Manifest;
import dev.attrib.model.ModelLoader;
import dev.attrib.spi.Encoding;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.ExplainTarget;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Modality;
import dev.attrib.spi.ModalityRegistry;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Options;
import dev.attrib.spi.Tensor;
import dev.attrib.text.TextEncoding;
import dev.attrib.text.TextModality;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each recipe of docs/models.md, as its script in examples/export/ wrote it (the committed
 * TorchScript under src/test/resources/recipes/), attributed by attrib at the modality's defaults:
 * IG completeness within 1% on every row, and the gradient attrib integrates agrees with central
 * finite differences of the network's own output (so the autograd path through the exported module
 * — wrapper, masks, Marian framing — is the function the forward computes).
 */
class RecipeModelsTest {

  static Stream<Arguments> recipes() {
    return Stream.of(
        Arguments.of("text-classifier", "the movie was good but the music was dull"),
        Arguments.of("text-classifier", "a slow story"),
        Arguments.of("image-cnn", null), // the modality's synthetic sample picture
        Arguments.of("molecule-gnn", "CC(=O)Nc1ccc(O)cc1 paracetamol"),
        Arguments.of("molecule-gnn-edges", "CC(=O)Nc1ccc(O)cc1 paracetamol"),
        Arguments.of("translation", "the big cat is good ."));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("recipes")
  void attributedWithCompletenessAndFiniteDifferenceAgreement(String folder, String input) {
    Path dir = CheckCommandTest.recipe(folder);
    ModalityRegistry registry = ModalityRegistry.builtIn();
    Modality<?> modality = registry.forName(Manifest.peekModality(dir));
    try (LoadedModel model =
        ModelLoader.load(
            dir, modality.manifestKeys(), Device.cpu(), registry.classLoader(modality.name()))) {
      check(modality, model, input);
    }
  }

  private static <E extends Encoding> void check(
      Modality<E> modality, LoadedModel model, String input) {
    E encoded =
        input == null
            ? modality.sample(model, Options.NONE)
            : modality.encode(input, model, Options.NONE);
    ExplainSettings settings = ExplainSettings.defaults(modality);
    Explanation<E> e = new Explainer<>(modality, model).explain(encoded, settings);
    assertTrue(e.rows().size() >= 1);
    for (Explanation.Row row : e.rows()) {
      Completeness c = row.attribution().completeness();
      assertTrue(c.holds(0.01), row.label() + ": " + c);
      // Not trivially complete: there is something to attribute.
      assertTrue(Math.abs(c.output() - c.baselineOutput()) > 1e-3, row.label() + ": " + c);
    }

    ExplainTarget first = modality.targets(encoded, model, settings).get(0);
    Target target =
        first.target().resolvesOnInput()
            ? Target.index(e.rows().get(0).index()).on(model.manifest().activation())
            : first.target();
    List<NamedTensor> x = first.inputs(encoded);
    Attribution g = new Saliency(false).attribute(model, new Example(x, List.of()), target);
    double norm = 0;
    for (Tensor t : g.scores()) {
      for (float v : t.floats()) {
        norm += (double) v * v;
      }
    }
    norm = Math.sqrt(norm);
    assertTrue(norm > 0, "no gradient");
    // Along the gradient's own direction d, dF/dh = |g|. The step is 1e-3 of the input's size:
    // small against the input, so the curvature term stays small, and F moves by |g| h, far above
    // float32 round-off of F (~1e-7 relative).
    double size = 0;
    for (NamedTensor t : x) {
      if (t.attributable()) {
        for (float v : t.value().floats()) {
          size += (double) v * v;
        }
      }
    }
    double h = 1e-3 * Math.sqrt(size);
    double up = score(model, x, g, h / norm, target);
    double down = score(model, x, g, -h / norm, target);
    double fd = (up - down) / (2 * h);
    // Measured: 1e-6 to 3e-4 relative, 3e-3 for the CNN (ReLU and max-pool kinks within the step).
    assertEquals(norm, fd, 0.01 * norm, "finite difference along the gradient");
  }

  /**
   * The text recipe against Integrated Gradients computed by the script itself with PyTorch's
   * autograd in float64 (reference-ig.json: zero baseline, softmax probability, 50 Gauss-Legendre
   * nodes, as Captum's LayerIntegratedGradients on the word embeddings): attrib's tokenizer,
   * embedding lookup, binding, quadrature and float32 gradients give the same per-token scores.
   */
  @Test
  void theTextRecipeAgreesWithPyTorchsOwnIntegratedGradients() throws IOException {
    Path dir = CheckCommandTest.recipe("text-classifier");
    JsonObject ref =
        JsonParser.parseString(Files.readString(dir.resolve("reference-ig.json")))
            .getAsJsonObject();
    TextModality text = new TextModality();
    try (LoadedModel model = ModelLoader.load(dir, text.manifestKeys(), Device.cpu())) {
      Explanation<TextEncoding> e =
          new Explainer<>(text, model)
              .explain(ref.get("input").getAsString(), ExplainSettings.defaults(text));
      assertEquals(ref.get("target").getAsString(), e.targetLabel());
      Completeness c = e.attribution().completeness();
      assertEquals(ref.get("output").getAsDouble(), c.output(), 1e-5);
      assertEquals(ref.get("baselineOutput").getAsDouble(), c.baselineOutput(), 1e-5);
      double[] got = TextModality.pieceScores(e.encoded(), e.attribution());
      JsonArray want = ref.getAsJsonArray("tokenScores");
      assertEquals(want.size(), got.length);
      for (int i = 0; i < got.length; i++) {
        // float32 against float64: 2.5e-7 at most, measured; 1e-4 is the bound.
        assertEquals(want.get(i).getAsDouble(), got[i], 1e-4, "token " + i);
      }
    }
  }

  /** F at {@code x + step * gradient}, through the same model and target. */
  private static double score(
      LoadedModel model, List<NamedTensor> x, Attribution g, double step, Target target) {
    List<NamedTensor> moved = new ArrayList<>();
    int a = 0;
    for (NamedTensor t : x) {
      if (!t.attributable()) {
        moved.add(t);
        continue;
      }
      float[] v = t.value().floats();
      float[] d = g.scores().get(a++).floats();
      float[] out = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        out[i] = (float) (v[i] + step * d[i]);
      }
      moved.add(NamedTensor.attributable(t.name(), Tensor.of(out, t.value().shape())));
    }
    return new Saliency(false).attribute(model, new Example(moved, List.of()), target).output();
  }
}
