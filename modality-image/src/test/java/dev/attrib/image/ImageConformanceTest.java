package dev.attrib.image;

import dev.attrib.ig.Attribution;
import dev.attrib.model.LoadedModel;
import dev.attrib.spi.Baseline;
import dev.attrib.spi.Modality;
import dev.attrib.spi.Options;
import dev.attrib.spi.Renderer;
import dev.attrib.spi.UnitScores;
import dev.attrib.spi.conformance.ModalityConformanceKit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SPI conformance kit on the image modality with a tiny CNN. The two baselines that take a
 * parameter are listed by the modality as placeholders ({@code image:PATH}); here the kit gets them
 * with real parameters, so every baseline is checked.
 */
class ImageConformanceTest extends ModalityConformanceKit {
  private static LoadedModel model;
  private static Path dir;
  private static List<String> inputs;

  @BeforeAll
  static void setUp(@TempDir Path tmp) throws IOException {
    dir = tmp;
    // Mean and std that are not 0 and 1, so normalisation is exercised.
    model =
        TinyModels.cnn(
            tmp.resolve("model"),
            true,
            true,
            3,
            ", \"mean\": [0.4, 0.5, 0.6], \"std\": [0.2, 0.25, 0.3]");
    inputs =
        List.of(
            TinyModels.png(tmp, "a.png", TinyModels.randomImage(8, 8, 1)).toString(),
            // Another size: fitted to the manifest's 8x8.
            TinyModels.png(tmp, "b.png", TinyModels.randomImage(16, 12, 2)).toString());
    TinyModels.png(tmp.resolve("dist"), "d1.png", TinyModels.randomImage(8, 8, 10));
    TinyModels.png(tmp.resolve("dist"), "d2.png", TinyModels.randomImage(8, 8, 11));
    TinyModels.png(tmp.resolve("dist"), "d3.png", TinyModels.randomImage(8, 8, 12));
    TinyModels.png(tmp, "other.png", TinyModels.randomImage(8, 8, 13));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Override
  protected Modality<?> modality() {
    ImageModality image = new ImageModality();
    return new Modality<ImageEncoding>() {
      @Override
      public String name() {
        return image.name();
      }

      @Override
      public Set<String> manifestKeys() {
        return image.manifestKeys();
      }

      @Override
      public Set<String> options() {
        return image.options();
      }

      @Override
      public ImageEncoding encode(String input, LoadedModel m, Options options) {
        return image.encode(input, m, options);
      }

      @Override
      public List<Baseline<ImageEncoding>> baselines() {
        List<Baseline<ImageEncoding>> out = new ArrayList<>();
        for (Baseline<ImageEncoding> b : image.baselines()) {
          if (b.name().equals("image:PATH")) {
            out.add(image.baseline("image:" + dir.resolve("other.png")));
          } else if (b.name().equals("distribution:FOLDER")) {
            out.add(image.baseline("distribution:" + dir.resolve("dist")));
          } else {
            out.add(b);
          }
        }
        return out;
      }

      @Override
      public Baseline<ImageEncoding> baseline(String name) {
        return image.baseline(name);
      }

      @Override
      public UnitScores summarize(ImageEncoding encoded, Attribution attribution) {
        return image.summarize(encoded, attribution);
      }

      @Override
      public List<Renderer<ImageEncoding>> renderers() {
        return image.renderers();
      }
    };
  }

  @Override
  protected LoadedModel model() {
    return model;
  }

  @Override
  protected List<String> inputs() {
    return inputs;
  }
}
