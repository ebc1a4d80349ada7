package dev.attrib.text.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.model.LoadedModel;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Modality;
import dev.attrib.spi.ModalityRegistry;
import dev.attrib.spi.Options;
import dev.attrib.spi.conformance.ModalityConformanceKit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The modality conformance kit on translation: one row per output piece, each complete, one score
 * per source piece, in output order; plus registration.
 */
class TranslationConformanceTest extends ModalityConformanceKit {
  private static LoadedModel model;

  @BeforeAll
  static void load(@TempDir Path dir) throws Exception {
    model = TinyModel.load(dir);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Override
  protected Modality<?> modality() {
    return new TranslationModality();
  }

  @Override
  protected LoadedModel model() {
    return model;
  }

  @Override
  protected List<String> inputs() {
    return List.of("hello world", "good morning a b", "good morning\thallo welt");
  }

  /** In pieces and in words: a word list's pieces are words, so the rows are the same. */
  @Override
  protected List<ExplainSettings> targetSettings() {
    return List.of(
        settings(), settings().withOptions(Options.of(Map.of(TranslationModality.WORDS, "true"))));
  }

  /** As many rows as the translation has pieces: greedy, or the forced text after the tab. */
  @Override
  protected int expectedRows(String input, ExplainSettings settings) {
    int tab = input.indexOf('\t');
    String output =
        tab >= 0 ? input.substring(tab + 1) : new TranslationDecoder(model).translate(input);
    return output.isBlank() ? 0 : output.split(" ").length;
  }

  @Test
  void registeredUnderItsName() {
    Modality<?> m = ModalityRegistry.builtIn().forName("translation");
    assertEquals(TranslationModality.class, m.getClass());
    assertEquals(List.of("nmt", "zero", "pad"), m.baselines().stream().map(b -> b.name()).toList());
  }

  @Test
  void theGenericExplainerExplainsEveryOutputPiece() {
    Explanation<TranslationEncoding> e =
        new Explainer<>(new TranslationModality(), model)
            .explain("hello world", ExplainSettings.defaults());
    String translation = new TranslationDecoder(model).translate("hello world");
    assertEquals(translation.split(" ").length, e.rows().size());
    String plain =
        new String(
            new TranslationModality().renderer("plain").render(e, Options.NONE),
            StandardCharsets.UTF_8);
    assertTrue(plain.startsWith(translation + "\nsource  hello world\n"), plain);
    for (String piece : translation.split(" ")) {
      assertTrue(plain.contains("\n" + piece + " "), piece + " has its row: " + plain);
    }
  }
}
