package dev.attrib.text.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.ig.Methods;
import dev.attrib.model.LoadedModel;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Options;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranslationExplainerTest {
  private static LoadedModel model;
  private static TranslationExplainer ex;

  @BeforeAll
  static void load(@TempDir Path dir) throws Exception {
    model = TinyModel.load(dir);
    ex = new TranslationExplainer(model);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void greedyDecodingStopsAtTheLengthLimitAndReportsIt() {
    Translation t = ex.explain("hello world", TranslationExplainer.defaultSettings());
    assertEquals(t.outputs().size(), t.output().split(" ").length);
    assertTrue(t.outputs().size() <= 4);
    assertEquals(ex.translate("hello world"), t.output());
    for (OutputPiece o : t.outputs()) {
      // Free decoding: every piece is the model's own choice.
      assertEquals(o.best().id(), o.piece().id());
      assertEquals(o.bestProbability(), o.probability(), 1e-12);
      assertEquals(o.probability(), o.score(), 1e-5, "F(x) is the probability");
      assertEquals(o.piece().text(), t.output().substring(o.piece().start(), o.piece().end()));
    }
    if (t.outputs().size() == 4) {
      assertTrue(Double.isNaN(t.endProbability()));
    }
  }

  @Test
  void everyRowIsCompleteWithinOnePercentAndReportsItsSteps() {
    Translation t = ex.explain("Good morning, world!", TranslationExplainer.defaultSettings());
    assertEquals(
        List.of("[BOS]", "Good", "morning", ",", "world", "!", "[EOS]"),
        t.source().stream().map(Piece::text).toList());
    assertEquals("[UNK]", t.source().get(3).token());
    assertFalse(t.outputs().isEmpty());
    for (OutputPiece o : t.outputs()) {
      assertTrue(o.completeness().holds(0.01), o.completeness().toString());
      assertTrue(o.steps() >= 32 && o.steps() <= 1024, "steps " + o.steps());
      assertEquals(Boolean.TRUE, o.settings().converged());
      double sum = 0;
      for (double s : o.scores()) {
        sum += s;
      }
      assertEquals(o.completeness().sum(), sum, 1e-6 * Math.max(1, Math.abs(sum)));
      // The nmt baseline keeps the markers, so they get exactly nothing.
      assertEquals(0.0, o.score(0), 0.0);
      assertEquals(0.0, o.score(t.source().size() - 1), 0.0);
    }
    assertEquals(t.outputs().size(), t.matrix().length);
    assertEquals(t.source().size(), t.matrix()[0].length);
    assertTrue(t.completeness().holds(0.01));
  }

  @Test
  void forcedDecodingOfTheGreedyOutputGivesTheSameAttributions() {
    ExplainSettings s = TranslationExplainer.defaultSettings();
    Translation free = ex.explain("good morning", s);
    Translation forced = ex.explain("good morning", free.output(), s);
    assertTrue(forced.forced());
    assertFalse(free.forced());
    assertEquals(free.output(), forced.output());
    assertArrayEquals(free.steps(), forced.steps());
    for (int j = 0; j < free.outputs().size(); j++) {
      assertArrayEquals(free.matrix()[j], forced.matrix()[j], 1e-9);
      assertEquals(
          free.outputs().get(j).probability(), forced.outputs().get(j).probability(), 1e-6);
    }
  }

  @Test
  void forcedDecodingAttributesPiecesTheModelWouldNotChoose() {
    String greedy = ex.translate("good morning");
    String other = greedy.startsWith("welt") ? "hallo welt" : "welt hallo";
    Translation t = ex.explain("good morning", other, TranslationExplainer.defaultSettings());
    assertEquals(other, t.output());
    assertEquals("welt", t.outputs().get(greedy.startsWith("welt") ? 1 : 0).piece().text());
    assertTrue(t.outputs().stream().anyMatch(o -> o.best().id() != o.piece().id()));
    assertFalse(Double.isNaN(t.endProbability()));
  }

  @Test
  void baselinesAndLogitsByName() {
    ExplainSettings s = TranslationExplainer.defaultSettings();
    Translation zero = ex.explain("hello", s.withBaseline("zero"));
    assertNotEquals(
        0.0, zero.outputs().get(0).score(0), "zero baseline attributes the markers too");
    Translation pad = ex.explain("hello", s.withBaseline("pad"));
    assertEquals("pad", pad.baseline());
    Translation logit = ex.explain("hello", s.withOn("logit"));
    assertEquals("logit", logit.on());
    for (Translation t : List.of(zero, pad, logit)) {
      for (OutputPiece o : t.outputs()) {
        assertTrue(o.completeness().holds(0.01), t.baseline() + " " + o.completeness());
      }
    }
    AttribException e =
        assertThrows(AttribException.class, () -> ex.explain("hello", s.withBaseline("blur")));
    assertTrue(e.getMessage().contains("nmt, zero, pad"), e.getMessage());
  }

  @Test
  void fixedStepsAndOtherMethodsWork() {
    ExplainSettings fixed =
        TranslationExplainer.defaultSettings().withConfig(Methods.config().steps(16).build());
    Translation t = ex.explain("hello world", fixed);
    for (OutputPiece o : t.outputs()) {
      assertEquals(16, o.steps());
      assertNull(o.settings().converged());
    }
    assertNull(t.converged());
    Translation sal = ex.explain("hello world", fixed.withMethod("saliency"));
    assertNull(sal.completeness());
    assertEquals(-1, sal.outputs().get(0).steps());
    assertTrue(new String(TranslationRenderers.plain(sal, Options.NONE)).contains("n/a"));
  }

  @Test
  void badInputIsAClearErrorAndABatchGoesOn() {
    ExplainSettings s = TranslationExplainer.defaultSettings();
    AttribException empty = assertThrows(AttribException.class, () -> ex.explain("  ", s));
    assertTrue(empty.getMessage().contains("nothing to translate"), empty.getMessage());
    AttribException tooLong =
        assertThrows(AttribException.class, () -> ex.explain("a b a b a b a", s));
    assertTrue(tooLong.getMessage().contains("at most 6"), tooLong.getMessage());
    AttribException unknownTarget =
        assertThrows(AttribException.class, () -> ex.explain("hello", "hallo Mond", s));
    assertTrue(unknownTarget.getMessage().contains("'Mond'"), unknownTarget.getMessage());
    AttribException target =
        assertThrows(AttribException.class, () -> ex.explain("hello", s.withTarget("2")));
    assertTrue(target.getMessage().contains("--target-text"), target.getMessage());
    AttribException option =
        assertThrows(
            AttribException.class,
            () -> ex.explain("hello", s.withOptions(Options.of(Map.of("colour", "16")))));
    assertTrue(option.getMessage().contains("'colour'"), option.getMessage());

    int[] seen = {0};
    List<BatchItem> items =
        ex.explainAll(
            List.of(
                TranslationRequest.of("hello"),
                TranslationRequest.of(""),
                TranslationRequest.parseLine("good morning\thallo welt")),
            s,
            i -> seen[0]++);
    assertEquals(3, seen[0]);
    assertTrue(items.get(0).ok());
    assertFalse(items.get(1).ok());
    assertTrue(items.get(1).error().getMessage().contains("nothing to translate"));
    assertTrue(items.get(2).translation().forced());
    assertEquals("hallo welt", items.get(2).translation().output());
  }

  @Test
  void folderFactsComeFromTheManifest() {
    assertEquals("translation", model.manifest().modality());
    assertEquals("srcEmbedding", ex.folder().embeddingName());
    assertEquals(8, ex.folder().maxLength());
    assertEquals(4, ex.folder().maxOutputLength());
    assertEquals(6, ex.folder().dim());
    assertEquals("hello", ex.folder().sourceVocabulary().token(4));
  }
}
