package dev.attrib.cli;

import ai.djl.Device;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelLoader;
import dev.attrib.spi.Modality;
import dev.attrib.spi.ModalityRegistry;
import dev.attrib.spi.conformance.ModalityConformanceKit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance kit on the example plugin as users get it: from its jar, in its own class loader,
 * with its demo model. (The example's own build runs the same kit; this keeps it in the main test
 * run.)
 */
class PluginExampleConformanceTest extends ModalityConformanceKit {
  @TempDir static Path tmp;
  static Modality<?> modality;
  static LoadedModel model;

  @BeforeAll
  static void load() throws IOException {
    ModalityRegistry registry = ModalityRegistry.discover(List.of(PluginExampleTest.buildJar(tmp)));
    modality = registry.forName("timeseries");
    model =
        ModelLoader.load(
            PluginExampleTest.EXAMPLE.resolve("demo-model"),
            modality.manifestKeys(),
            Device.cpu(),
            registry.classLoader("timeseries"));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Override
  protected Modality<?> modality() {
    return modality;
  }

  @Override
  protected LoadedModel model() {
    return model;
  }

  @Override
  protected List<String> inputs() {
    return List.of(
        PluginExampleTest.EXAMPLE.resolve("demo-model/record.csv").toString(),
        "0,0; 0.5,0.1; 3,0.2; 0.2,0; 0,0");
  }
}
