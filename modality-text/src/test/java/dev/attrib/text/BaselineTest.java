package dev.attrib.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.model.LoadedModel;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Baseline;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Options;
import dev.attrib.spi.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The five baselines, row by row. */
class BaselineTest {
  private static LoadedModel model;
  private static float[] emb;
  private final TextModality text = new TextModality();

  @BeforeAll
  static void load(@TempDir Path dir) {
    model = TinyModels.load(dir, TinyModels.hfManifest(""));
    emb = model.parameter("embedding.weight").floats();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static float[] row(float[] m, int r) {
    return Arrays.copyOfRange(m, r * 4, r * 4 + 4);
  }

  private float[] create(String name, TextEncoding e, Options o, long seed) {
    List<List<Tensor>> samples = text.baseline(name).create(e, model, o, seed);
    assertEquals(1, samples.size());
    assertEquals(1, samples.get(0).size());
    assertArrayEquals(e.tensors().get(0).value().shape(), samples.get(0).get(0).shape());
    return samples.get(0).get(0).floats();
  }

  @Test
  void namesInOrderWithZeroFirstAndUnknownNamesListed() {
    assertEquals(
        List.of("zero", "pad", "mask", "unk", "uniform"),
        text.baselines().stream().map(Baseline::name).toList());
    AttribException e = assertThrows(AttribException.class, () -> text.baseline("blank"));
    assertTrue(e.getMessage().contains("zero, pad, mask, unk, uniform"), e.getMessage());
  }

  @Test
  void tokenBaselinesReplaceContentAndKeepSpecialTokens() {
    TextEncoding e = text.encode("good movie", model, Options.NONE);
    float[] x = e.tensors().get(0).value().floats();
    assertTrue(Arrays.equals(new float[16], create("zero", e, Options.NONE, 0)));
    Map<String, Integer> ids = Map.of("pad", 0, "unk", 1, "mask", 4);
    for (Map.Entry<String, Integer> en : ids.entrySet()) {
      float[] b = create(en.getKey(), e, Options.NONE, 0);
      assertArrayEquals(row(x, 0), row(b, 0), en.getKey() + " keeps [CLS]");
      assertArrayEquals(row(emb, en.getValue()), row(b, 1), en.getKey());
      assertArrayEquals(row(emb, en.getValue()), row(b, 2), en.getKey());
      assertArrayEquals(row(x, 3), row(b, 3), en.getKey() + " keeps [SEP]");
    }
    // Kept special tokens get exactly zero attribution.
    Explanation<TextEncoding> ex =
        new Explainer<>(text, model)
            .explain("good movie", ExplainSettings.defaults().withBaseline("pad"));
    assertEquals(0.0, ex.units().score(0), 0.0);
    assertEquals(0.0, ex.units().score(3), 0.0);
    assertTrue(Math.abs(ex.units().score(1)) > 1e-4);
  }

  @Test
  void uniformIsSeededWithinTheEmbeddingRangeAndCanAverageSamples() {
    TextEncoding e = text.encode("good movie", model, Options.NONE);
    float[] x = e.tensors().get(0).value().floats();
    float[] a = create("uniform", e, Options.NONE, 5);
    assertArrayEquals(a, create("uniform", e, Options.NONE, 5), 0f);
    assertFalse(Arrays.equals(a, create("uniform", e, Options.NONE, 6)));
    assertArrayEquals(row(x, 0), row(a, 0));
    assertArrayEquals(row(x, 3), row(a, 3));
    for (int d = 0; d < 4; d++) {
      float lo = Float.MAX_VALUE;
      float hi = -Float.MAX_VALUE;
      for (int r = 0; r < 26; r++) {
        lo = Math.min(lo, emb[r * 4 + d]);
        hi = Math.max(hi, emb[r * 4 + d]);
      }
      for (int i = 1; i <= 2; i++) {
        assertTrue(a[i * 4 + d] >= lo && a[i * 4 + d] <= hi, "dimension " + d);
      }
    }
    List<List<Tensor>> three =
        text.baseline("uniform").create(e, model, Options.of(Map.of("samples", "3")), 5);
    assertEquals(3, three.size());
    assertArrayEquals(a, three.get(0).get(0).floats(), 0f);
    Explanation<TextEncoding> ex =
        new Explainer<>(text, model)
            .explain(
                "good movie",
                ExplainSettings.defaults()
                    .withBaseline("uniform")
                    .withOptions(Options.of(Map.of("samples", "3"))));
    assertEquals(3, ex.attribution().settings().baselineSamples());
    assertTrue(ex.attribution().completeness().holds(0.01));
    AttribException bad =
        assertThrows(
            AttribException.class,
            () -> text.baseline("uniform").create(e, model, Options.of(Map.of("samples", "0")), 5));
    assertTrue(bad.getMessage().contains("samples=0"), bad.getMessage());
  }

  @Test
  void aMissingPadTokenIsNamed(@TempDir Path dir) throws IOException {
    Path folder =
        TinyModels.folder(dir.resolve("a"), TinyModels.hfManifest(", \"tokenizer\": \"lucene\""));
    List<String> vocab = Files.readAllLines(folder.resolve("vocab.txt"));
    vocab.set(0, "[NOTPAD]");
    Files.write(folder.resolve("vocab.txt"), vocab);
    try (LoadedModel m =
        dev.attrib.model.ModelLoader.load(folder, text.manifestKeys(), ai.djl.Device.cpu())) {
      TextEncoding e = text.encode("good movie", m, Options.NONE);
      AttribException ex =
          assertThrows(
              AttribException.class, () -> text.baseline("pad").create(e, m, Options.NONE, 0));
      assertTrue(ex.getMessage().contains("'padToken'"), ex.getMessage());
    }
    AttribException named =
        assertThrows(
            AttribException.class,
            () ->
                TinyModels.encodeOnce(
                    dir.resolve("b"), TinyModels.hfManifest(", \"padToken\": \"<p>\""), "good"));
    assertTrue(named.getMessage().contains("'<p>'"), named.getMessage());
  }
}
