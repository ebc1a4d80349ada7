package dev.attrib.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.model.LoadedModel;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.ModalityRegistry;
import dev.attrib.spi.Options;
import dev.attrib.spi.Tensor;
import dev.attrib.spi.Unit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encoding: tensors, truncation, bad input, word merging. */
class EncodeTest {
  private static LoadedModel model;
  private static LoadedModel short5;
  private final TextModality text = new TextModality();

  @BeforeAll
  static void load(@TempDir Path dir) {
    model = TinyModels.load(dir.resolve("a"), TinyModels.hfManifest(""));
    short5 = TinyModels.load(dir.resolve("b"), TinyModels.hfManifest(", \"maxLength\": 5"));
  }

  @AfterAll
  static void close() {
    model.close();
    short5.close();
  }

  /**
   * The prediction comes from the outputs the encoding already has, not a second forward pass: the
   * same label, index and score as the forward the default takes.
   */
  @Test
  void thePredictionIsTheForwardPassesWithoutRunningItAgain() {
    for (String q : List.of("good movie", "bad", "a good bad movie movie")) {
      TextEncoding e = text.encode(q, model, Options.NONE);
      assertEquals(Explainer.predictedClass(e, model), text.predict(e, model), q);
    }
  }

  @Test
  void registeredUnderText() {
    assertInstanceOf(TextModality.class, ModalityRegistry.builtIn().forName("text"));
  }

  @Test
  void embeddingsAreTheModelsRowsAndTheMaskIsAllOnes() {
    TextEncoding e = text.encode("good movie", model, Options.NONE);
    Tensor x = e.tensors().get(0).value();
    assertEquals(TextModality.INPUTS_EMBEDS, e.tensors().get(0).name());
    assertEquals(TextModality.ATTENTION_MASK, e.tensors().get(1).name());
    assertArrayEquals(new long[] {4, 4}, x.shape());
    assertArrayEquals(new long[] {1, 1, 1, 1}, e.tensors().get(1).value().longs());
    float[] emb = model.parameter("embedding.weight").floats();
    long[] ids = {2, 8, 6, 3};
    float[] v = x.floats();
    for (int i = 0; i < ids.length; i++) {
      for (int d = 0; d < 4; d++) {
        assertEquals(emb[(int) ids[i] * 4 + d], v[i * 4 + d], 0f);
      }
    }
    List<Double> out = e.outputs();
    assertEquals(1.0, out.get(0) + out.get(1), 1e-6);
  }

  @Test
  void longInputIsCutWithAWarningSayingHowMuch() {
    String in = "the movie was not very good";
    TextEncoding e = text.encode(in, short5, Options.NONE);
    assertEquals(List.of("[CLS]", "the", "movie", "was", "[SEP]"), e.tokens());
    List<String> w = e.warnings();
    assertEquals(1, w.size());
    assertTrue(w.get(0).contains("the last 3 of 8 tokens"), w.get(0));
    assertTrue(w.get(0).contains("13 characters from offset 14"), w.get(0));
    assertEquals(3, e.droppedTokens());
    Explanation<TextEncoding> ex =
        new Explainer<>(text, short5).explain(in, ExplainSettings.defaults());
    String plain = new String(text.renderer("plain").render(ex, Options.NONE));
    assertTrue(plain.contains("warning: input cut to the model's 5 tokens"), plain);

    AttribException strict =
        assertThrows(
            AttribException.class,
            () -> text.encode(in, short5, Options.of(Map.of("truncate", "false"))));
    assertTrue(strict.getMessage().contains("has 8 tokens"), strict.getMessage());
    assertTrue(strict.getMessage().contains("at most 5"), strict.getMessage());
  }

  @Test
  void emptyBlankAndSpecialOnlyInputAreRejectedClearly(@TempDir Path dir) {
    for (String in : new String[] {"", "   \n\t"}) {
      AttribException e =
          assertThrows(AttribException.class, () -> text.encode(in, model, Options.NONE));
      assertEquals("empty input: there is no text to explain", e.getMessage());
    }
    AttribException controls =
        assertThrows(AttribException.class, () -> text.encode("\u0001\u0002", model, Options.NONE));
    assertTrue(
        controls.getMessage().contains("leaves no token to attribute"), controls.getMessage());
    assertTrue(controls.getMessage().contains("\\x01\\x02"), controls.getMessage());
    AttribException specials =
        assertThrows(AttribException.class, () -> text.encode("[CLS] [SEP]", model, Options.NONE));
    assertTrue(specials.getMessage().contains("only special tokens"), specials.getMessage());
    try (LoadedModel lucene =
        TinyModels.load(dir, TinyModels.hfManifest(", \"tokenizer\": \"lucene\""))) {
      AttribException punct =
          assertThrows(AttribException.class, () -> text.encode("!!! ???", lucene, Options.NONE));
      assertTrue(punct.getMessage().contains("keeps nothing of it"), punct.getMessage());
    }
  }

  @Test
  void optionsAreChecked() {
    AttribException unknown =
        assertThrows(
            AttribException.class,
            () -> text.encode("good", model, Options.of(Map.of("word", "true"))));
    assertTrue(unknown.getMessage().contains("'word'"), unknown.getMessage());
    AttribException bad =
        assertThrows(
            AttribException.class,
            () -> text.encode("good", model, Options.of(Map.of("words", "maybe"))));
    assertTrue(bad.getMessage().contains("words=maybe"), bad.getMessage());
  }

  @Test
  void wordsMergePiecesByOffsetsAndTheirScoresAreThePiecesSums() {
    String in = "goods movies, good. plots!";
    ExplainSettings pieces = ExplainSettings.defaults();
    ExplainSettings words = pieces.withOptions(Options.of(Map.of("words", "true")));
    Explanation<TextEncoding> p = new Explainer<>(text, model).explain(in, pieces);
    Explanation<TextEncoding> w = new Explainer<>(text, model).explain(in, words);
    assertEquals(
        List.of("[CLS]", "good", "s", "movie", "s", ",", "good", ".", "plot", "s", "!", "[SEP]"),
        p.units().units().stream().map(Unit::text).toList());
    assertEquals(
        List.of("[CLS]", "goods", "movies", ",", "good", ".", "plots", "!", "[SEP]"),
        w.units().units().stream().map(Unit::text).toList());
    assertEquals(new Unit(2, "word", "movies", 6, 12), w.units().units().get(2));
    int[][] groups = {{0}, {1, 2}, {3, 4}, {5}, {6}, {7}, {8, 9}, {10}, {11}};
    for (int u = 0; u < groups.length; u++) {
      double sum = 0;
      for (int i : groups[u]) {
        sum += p.units().score(i);
      }
      assertEquals(sum, w.units().score(u), 1e-12, "word " + u);
    }
    double total = 0;
    for (double s : w.units().scores()) {
      total += s;
    }
    assertEquals(w.attribution().completeness().sum(), total, 1e-6);
  }
}
