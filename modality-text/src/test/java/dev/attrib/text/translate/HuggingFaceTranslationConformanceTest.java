package dev.attrib.text.translate;

import dev.attrib.model.LoadedModel;
import dev.attrib.spi.Modality;
import dev.attrib.spi.conformance.ModalityConformanceKit;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The conformance kit on a model whose source and target are SentencePiece (Unigram) pieces. */
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
  protected Modality modality() {
    return new TranslationModality();
  }

  @Override
  protected LoadedModel model() {
    return model;
  }

  @Override
  protected List<String> inputs() {
    return List.of("good morning world", "Hello, world");
  }
}
