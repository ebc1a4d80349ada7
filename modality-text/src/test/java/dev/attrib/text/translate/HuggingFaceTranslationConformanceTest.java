package dev.attrib.text.translate;

import dev.attrib.model.LoadedModel;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Modality;
import dev.attrib.spi.Options;
import dev.attrib.spi.conformance.ModalityConformanceKit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance kit on a model whose source and target are SentencePiece (Unigram) pieces, in
 * pieces and in words ({@code words=true}).
 */
class HuggingFaceTranslationConformanceTest extends ModalityConformanceKit {
  private static LoadedModel model;

  @BeforeAll
  static void load(@TempDir Path dir) throws Exception {
    model =
        TinyModel.loadHuggingFace(
            dir,
            TokenizerFiles.unigram(HuggingFaceTranslationTokenizerTest.unigramPieces()),
            TokenizerFiles.unigram(HuggingFaceTranslationTest.TARGET_PIECES),
            "");
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
    return List.of("good morning world", "Hello, world", "good morning\tguten morgen");
  }

  @Override
  protected List<ExplainSettings> targetSettings() {
    return List.of(
        settings(), settings().withOptions(Options.of(Map.of(TranslationModality.WORDS, "true"))));
  }

  /**
   * One row per output piece, as the target tokenizer segments the output; with words, one per
   * white-space word of the decoded (or forced) text.
   */
  @Override
  protected int expectedRows(String input, ExplainSettings settings) {
    TranslationFolder f = TranslationFolder.of(model);
    int tab = input.indexOf('\t');
    String source = tab >= 0 ? input.substring(0, tab) : input;
    String output;
    int pieces;
    if (tab >= 0) {
      output = input.substring(tab + 1);
      pieces = f.target(output).size();
    } else {
      TranslationDecoder.Decoded d =
          new TranslationDecoder(model).greedy(List.of(f.source(source))).get(0);
      output = f.decode(d.ids());
      pieces = d.ids().length;
    }
    if (settings.options().get(TranslationModality.WORDS, "false").equals("true")) {
      return output.isBlank() ? 0 : output.strip().split("\\s+").length;
    }
    return pieces;
  }
}
