package dev.attrib.molecule;

import ai.djl.Device;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelLoader;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Modality;
import dev.attrib.spi.conformance.ModalityConformanceKit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The SPI conformance kit on the molecule modality with the edge-list GNN ({@code
 * edge-list-gnn/export.py}), including a molecule without bonds (no edges at all).
 */
class EdgeListConformanceTest extends ModalityConformanceKit {
  private static LoadedModel model;

  @BeforeAll
  static void load() {
    model =
        ModelLoader.load(
            EdgeListModelTest.DIR, new MoleculeModality().manifestKeys(), Device.cpu());
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
    return List.of("O=C(O)c1ccccc1[N+](=O)[O-]", "C[C@@H](N)C(=O)O alanine", "C");
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
