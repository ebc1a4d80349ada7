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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The modality conformance kit through the generic explainer (which explains the first output
 * piece), plus registration.
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
  protected Modality modality() {
    return new TranslationModality();
  }

  @Override
  protected LoadedModel model() {
    return model;
  }

  @Override
  protected List<String> inputs() {
    return List.of("hello world", "good morning a b");
  }

  @Test
  void registeredUnderItsName() {
    Modality m = ModalityRegistry.builtIn().forName("translation");
    assertEquals(TranslationModality.class, m.getClass());
    assertEquals(List.of("nmt", "zero", "pad"), m.baselines().stream().map(b -> b.name()).toList());
  }

  @Test
  void theGenericExplainerExplainsTheFirstOutputPiece() {
    Explanation e =
        new Explainer(new TranslationModality(), model)
            .explain("hello world", ExplainSettings.defaults());
    TranslationExplainer ex = new TranslationExplainer(model);
    String first = ex.translate("hello world").split(" ")[0];
    String plain =
        new String(
            new TranslationModality().renderer("plain").render(e, Options.NONE),
            StandardCharsets.UTF_8);
    assertTrue(plain.startsWith(first + "\nsource  hello world\n"), plain);
    Translation full =
        ex.explain(
            "hello world",
            TranslationExplainer.defaultSettings()
                .withConfig(dev.attrib.ig.Methods.config().steps(50).build()));
    double[] row = full.outputs().get(0).scores();
    for (int i = 0; i < row.length; i++) {
      assertEquals(row[i], e.units().score(i), 1e-6);
    }
  }
}
