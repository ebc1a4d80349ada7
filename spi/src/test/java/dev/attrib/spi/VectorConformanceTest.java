package dev.attrib.spi;

import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import dev.attrib.ig.Attribution;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelLoader;
import dev.attrib.spi.conformance.ModalityConformanceKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** The kit passes on a well-behaved modality, and catches a broken one. */
class VectorConformanceTest extends ModalityConformanceKit {
  private static LoadedModel model;

  @BeforeAll
  static void load(@TempDir Path dir) throws IOException {
    Files.copy(Path.of("src/test/resources/torchscript/tanh_mlp.pt"), dir.resolve("model.pt"));
    Files.writeString(
        dir.resolve("attrib.json"),
        "{\"modality\": \"vector\", \"format\": \"torchscript\", \"labels\": [\"a\", \"b\"],"
            + " \"activation\": \"softmax\"}");
    model = ModelLoader.load(dir, Set.of(), Device.cpu());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Override
  protected Modality<?> modality() {
    return new ExplainerTest.VectorModality();
  }

  @Override
  protected LoadedModel model() {
    return model;
  }

  @Override
  protected List<String> inputs() {
    return List.of("1, -0.5, 2", "0.3, 0.2, 0.1");
  }

  /** A modality that drops the last unit's score: the kit must notice. */
  static final class BrokenKit extends VectorConformanceTest {
    @Override
    protected Modality<?> modality() {
      return new ExplainerTest.VectorModality() {
        @Override
        public UnitScores summarize(Encoding encoded, Attribution attribution) {
          UnitScores full = super.summarize(encoded, attribution);
          List<Unit> fewer = full.units().subList(0, full.units().size() - 1);
          double[] s = java.util.Arrays.copyOf(full.scores(), fewer.size());
          return new UnitScores(fewer, s);
        }
      };
    }
  }

  @Test
  void theKitCatchesAModalityThatDropsAUnit() {
    assertThrows(AssertionFailedError.class, () -> new BrokenKit().oneScorePerUnitInUnitOrder());
  }
}
