package dev.attrib.text;

import dev.attrib.model.LoadedModel;
import dev.attrib.spi.Modality;
import dev.attrib.spi.conformance.ModalityConformanceKit;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The SPI conformance kit on the text modality with the tiny TorchScript classifier. */
class TextConformanceTest extends ModalityConformanceKit {
  private static LoadedModel model;

  @BeforeAll
  static void load(@TempDir Path dir) {
    model = TinyModels.load(dir, TinyModels.hfManifest(""));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Override
  protected Modality<?> modality() {
    return new TextModality();
  }

  @Override
  protected LoadedModel model() {
    return model;
  }

  @Override
  protected List<String> inputs() {
    return List.of("The movie was not very good.", "boring plots, great acting!");
  }
}
