package dev.attrib.molecule;

import dev.attrib.model.LoadedModel;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Modality;
import dev.attrib.spi.conformance.ModalityConformanceKit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The SPI conformance kit on the molecule modality with the tiny TorchScript model, for one task
 * and for every task ({@code --target all}: one row per task, in the manifest's order).
 */
class MoleculeConformanceTest extends ModalityConformanceKit {
  private static LoadedModel model;

  @BeforeAll
  static void load() {
    model = TinyModel.load();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Override
  protected Modality<?> modality() {
    return new MoleculeModality();
  }

  @Override
  protected LoadedModel model() {
    return model;
  }

  @Override
  protected List<String> inputs() {
    return List.of("O=C(O)c1ccccc1[N+](=O)[O-]", "c1ccncc1 pyridine", "CC(F)=O");
  }

  @Override
  protected List<ExplainSettings> targetSettings() {
    return List.of(settings(), settings().withTarget(MoleculeModality.ALL_TASKS));
  }

  @Override
  protected int expectedRows(String input, ExplainSettings settings) {
    return MoleculeModality.ALL_TASKS.equals(settings.target())
        ? model.manifest().labels().size()
        : 1;
  }
}
