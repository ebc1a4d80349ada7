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
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Translation through the one pipeline: decoding (greedy, forced) in the modality's encoding, one
 * row per output piece from the shared {@link Explainer}, per-row completeness and steps.
 */
class TranslationModalityTest {
  private static LoadedModel model;
  private static TranslationDecoder decoder;
  private static final TranslationModality TR = new TranslationModality();
  private static final ExplainSettings DEFAULTS = ExplainSettings.defaults(TR);

  @BeforeAll
  static void load(@TempDir Path dir) throws Exception {
    model = TinyModel.load(dir);
    decoder = new TranslationDecoder(model);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static Explanation<TranslationEncoding> explain(String input, ExplainSettings s) {
    return new Explainer<>(TR, model).explain(input, s);
  }

  private static ExplainSettings forcing(ExplainSettings s, String targetText) {
    return s.withOptions(Options.of(Map.of(TranslationModality.TARGET_TEXT, targetText)));
  }

  private static double[][] matrix(Explanation<?> e) {
    return e.rows().stream().map(r -> r.units().scores()).toArray(double[][]::new);
  }

  private static int[] steps(Explanation<?> e) {
    return e.rows().stream().mapToInt(r -> r.attribution().settings().steps()).toArray();
  }

  @Test
  void greedyDecodingStopsAtTheLengthLimitAndEveryPieceIsARow() {
    Explanation<TranslationEncoding> e = explain("hello world", DEFAULTS);
    TranslationEncoding enc = e.encoded();
    assertEquals(enc.outputs().size(), enc.output().split(" ").length);
    assertEquals(enc.outputs().size(), e.rows().size(), "one row per output piece");
    assertTrue(e.rows().size() <= 4);
    assertEquals(decoder.translate("hello world"), enc.output());
    assertEquals(enc.output(), e.prediction().label());
    assertEquals(-1, e.prediction().index());
    assertEquals(enc.sequenceProbability(), e.prediction().score(), 0.0);
    for (int j = 0; j < e.rows().size(); j++) {
      OutputPiece o = enc.outputs().get(j);
      Explanation.Row r = e.rows().get(j);
      // Greedy decoding: every piece is the model's own choice, and the row says so.
      assertEquals(o.best().id(), o.piece().id());
      assertEquals(o.bestProbability(), o.probability(), 1e-12);
      assertEquals(o.probability(), r.score(), 1e-5, "F(x) is the probability");
      assertEquals(o.piece().token(), r.label());
      assertEquals(o.piece().id(), r.index());
      assertEquals(o.best().text(), r.prediction().label());
      assertEquals(o.piece().text(), enc.output().substring(o.piece().start(), o.piece().end()));
    }
    if (e.rows().size() == 4) {
      assertTrue(Double.isNaN(enc.endProbability()));
    }
  }

  @Test
  void everyRowIsCompleteWithinOnePercentAndReportsItsSteps() {
    Explanation<TranslationEncoding> e = explain("Good morning, world!", DEFAULTS);
    TranslationEncoding enc = e.encoded();
    assertEquals(
        List.of("[BOS]", "Good", "morning", ",", "world", "!", "[EOS]"),
        enc.source().stream().map(Piece::text).toList());
    assertEquals("[UNK]", enc.source().get(3).token());
    assertFalse(e.rows().isEmpty());
    for (Explanation.Row r : e.rows()) {
      assertTrue(r.attribution().completeness().holds(0.01), r.attribution()::toString);
      int st = r.attribution().settings().steps();
      assertTrue(st >= 32 && st <= 1024, "steps " + st);
      assertEquals(Boolean.TRUE, r.attribution().settings().converged());
      double sum = 0;
      for (double s : r.units().scores()) {
        sum += s;
      }
      assertEquals(r.attribution().completeness().sum(), sum, 1e-6 * Math.max(1, Math.abs(sum)));
      // The nmt baseline keeps the markers, so they get exactly nothing.
      assertEquals(0.0, r.units().score(0), 0.0);
      assertEquals(0.0, r.units().score(enc.source().size() - 1), 0.0);
      assertEquals(enc.source().size(), r.units().scores().length);
    }
  }

  @Test
  void forcedDecodingOfTheGreedyOutputGivesTheSameAttributions() {
    Explanation<TranslationEncoding> free = explain("good morning", DEFAULTS);
    String output = free.encoded().output();
    Explanation<TranslationEncoding> byOption = explain("good morning", forcing(DEFAULTS, output));
    Explanation<TranslationEncoding> byTab = explain("good morning\t" + output, DEFAULTS);
    assertFalse(free.encoded().forced());
    for (Explanation<TranslationEncoding> forced : List.of(byOption, byTab)) {
      assertTrue(forced.encoded().forced());
      assertEquals("good morning", forced.encoded().input(), "the input is the source");
      assertEquals(output, forced.encoded().output());
      assertArrayEquals(steps(free), steps(forced));
      for (int j = 0; j < free.rows().size(); j++) {
        assertArrayEquals(matrix(free)[j], matrix(forced)[j], 1e-9);
        assertEquals(
            free.encoded().outputs().get(j).probability(),
            forced.encoded().outputs().get(j).probability(),
            1e-6);
      }
    }
  }

  @Test
  void forcedDecodingAttributesPiecesTheModelWouldNotChoose() {
    String greedy = decoder.translate("good morning");
    String other = greedy.startsWith("welt") ? "hallo welt" : "welt hallo";
    Explanation<TranslationEncoding> e = explain("good morning", forcing(DEFAULTS, other));
    TranslationEncoding enc = e.encoded();
    assertEquals(other, enc.output());
    assertEquals(2, e.rows().size());
    int welt = greedy.startsWith("welt") ? 1 : 0;
    assertEquals("welt", enc.outputs().get(welt).piece().text());
    assertEquals("welt", e.rows().get(welt).label());
    assertTrue(enc.outputs().stream().anyMatch(o -> o.best().id() != o.piece().id()));
    assertTrue(
        e.rows().stream().anyMatch(r -> r.prediction().index() != r.index()),
        "a row says what the model would have chosen instead");
    assertFalse(Double.isNaN(enc.endProbability()));
  }

  @Test
  void baselinesAndLogitsByName() {
    Explanation<TranslationEncoding> zero = explain("hello", DEFAULTS.withBaseline("zero"));
    assertNotEquals(
        0.0, zero.rows().get(0).units().score(0), "zero baseline attributes the markers too");
    Explanation<TranslationEncoding> pad = explain("hello", DEFAULTS.withBaseline("pad"));
    assertEquals("pad", pad.baseline());
    Explanation<TranslationEncoding> logit = explain("hello", DEFAULTS.withOn("logit"));
    assertEquals("logit", logit.on());
    assertEquals(
        pad.encoded().outputs().get(0).probability(),
        pad.rows().get(0).score(),
        1e-5,
        "on the probability, F(x) is p(y_0)");
    assertTrue(
        Math.abs(logit.rows().get(0).score() - logit.encoded().outputs().get(0).probability())
            > 1e-3,
        "on the logit it is not");
    for (Explanation<TranslationEncoding> t : List.of(zero, pad, logit)) {
      for (Explanation.Row r : t.rows()) {
        assertTrue(
            r.attribution().completeness().holds(0.01),
            t.baseline() + " " + r.attribution().completeness());
      }
    }
    AttribException e =
        assertThrows(AttribException.class, () -> explain("hello", DEFAULTS.withBaseline("blur")));
    assertTrue(e.getMessage().contains("nmt, zero, pad"), e.getMessage());
  }

  @Test
  void fixedStepsAndOtherMethodsWork() {
    ExplainSettings fixed = DEFAULTS.withConfig(Methods.config().steps(16).build());
    Explanation<TranslationEncoding> e = explain("hello world", fixed);
    for (Explanation.Row r : e.rows()) {
      assertEquals(16, r.attribution().settings().steps());
      assertNull(r.attribution().settings().converged());
    }
    Explanation<TranslationEncoding> sal = explain("hello world", fixed.withMethod("saliency"));
    assertNull(sal.rows().get(0).attribution().completeness());
    assertNull(sal.rows().get(0).attribution().settings().steps());
    String plain =
        new String(TR.renderer("plain").render(sal, Options.NONE), StandardCharsets.UTF_8);
    assertTrue(plain.contains("n/a"), plain);
  }

  @Test
  void badInputIsAClearError() {
    AttribException empty = assertThrows(AttribException.class, () -> explain("  ", DEFAULTS));
    assertTrue(empty.getMessage().contains("nothing to translate"), empty.getMessage());
    AttribException tooLong =
        assertThrows(AttribException.class, () -> explain("a b a b a b a", DEFAULTS));
    assertTrue(tooLong.getMessage().contains("at most 6"), tooLong.getMessage());
    AttribException unknownTarget =
        assertThrows(
            AttribException.class, () -> explain("hello", forcing(DEFAULTS, "hallo Mond")));
    assertTrue(unknownTarget.getMessage().contains("'Mond'"), unknownTarget.getMessage());
    AttribException target =
        assertThrows(AttribException.class, () -> explain("hello", DEFAULTS.withTarget("2")));
    assertTrue(target.getMessage().contains("--target-text"), target.getMessage());
    AttribException checked =
        assertThrows(
            AttribException.class,
            () -> new Explainer<>(TR, model).checkTarget(DEFAULTS.withTarget("2")));
    assertEquals(target.getMessage(), checked.getMessage(), "checked once, before any input");
    AttribException option =
        assertThrows(
            AttribException.class,
            () -> explain("hello", DEFAULTS.withOptions(Options.of(Map.of("colour", "16")))));
    assertTrue(option.getMessage().contains("'colour'"), option.getMessage());
    AttribException twice =
        assertThrows(
            AttribException.class,
            () -> explain("good morning\thallo welt", forcing(DEFAULTS, "welt hallo")));
    assertTrue(twice.getMessage().contains("give one"), twice.getMessage());
  }

  @Test
  void aTabInTheInputForcesItsOwnTranslation() {
    Explanation<TranslationEncoding> e = explain("good morning\thallo welt", DEFAULTS);
    assertTrue(e.encoded().forced());
    assertEquals("hallo welt", e.encoded().output());
    assertEquals(List.of("hallo", "welt"), e.rows().stream().map(Explanation.Row::label).toList());
    Explanation<TranslationEncoding> blank = explain("good morning\t ", DEFAULTS);
    assertFalse(blank.encoded().forced(), "nothing after the tab: greedy");
  }

  @Test
  void folderFactsComeFromTheManifest() {
    assertEquals("translation", model.manifest().modality());
    TranslationFolder f = decoder.folder();
    assertEquals("srcEmbedding", f.embeddingName());
    assertEquals(8, f.maxLength());
    assertEquals(4, f.maxOutputLength());
    assertEquals(6, f.dim());
    assertEquals("hello", f.sourceVocabulary().token(4));
  }
}
