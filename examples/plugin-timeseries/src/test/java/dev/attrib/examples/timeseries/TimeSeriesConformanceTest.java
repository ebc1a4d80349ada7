package dev.attrib.examples.timeseries;

import ai.djl.Device;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelLoader;
import dev.attrib.spi.Modality;
import dev.attrib.spi.conformance.ModalityConformanceKit;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The timeseries modality passes attrib's conformance kit with the demo model: completeness, zero
 * attribution at every baseline, one score per step, determinism, unknown options rejected, every
 * renderer, no native memory left, several threads.
 */
class TimeSeriesConformanceTest extends ModalityConformanceKit {
  static final Path DEMO = Path.of("demo-model");
  private static final Modality<?> MODALITY = new TimeSeriesModality();
  private static LoadedModel model;

  @BeforeAll
  static void load() {
    model = ModelLoader.load(DEMO, MODALITY.manifestKeys(), Device.cpu());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Override
  protected Modality<?> modality() {
    return MODALITY;
  }

  @Override
  protected LoadedModel model() {
    return model;
  }

  @Override
  protected List<String> inputs() {
    return List.of(
        DEMO.resolve("record.csv").toString(),
        DEMO.resolve("flat.csv").toString(),
        // Inline, one row per step: a moderate spike at t=4 on the first channel.
        "0,0.1; 0.1,0.1; 0.2,0; 0.1,-0.1; 0.9,0; 0.1,0.1; 0,0.1; -0.1,0");
  }
}
