package dev.attrib.image;

import dev.attrib.ig.Attribution;
import dev.attrib.model.LoadedModel;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Baseline;
import dev.attrib.spi.Encoded;
import dev.attrib.spi.Modality;
import dev.attrib.spi.Options;
import dev.attrib.spi.Renderer;
import dev.attrib.spi.UnitScores;
import java.util.List;

/**
 * The {@code image} modality, registered through {@code META-INF/services} but not implemented yet
 * in this build.
 *
 * <pre>{@code
 * Modality m = ModalityRegistry.builtIn().forName("image");
 * m.baselines();   // empty for now
 * m.encode("...", model, Options.NONE);   // throws AttribException: not implemented yet
 * }</pre>
 *
 * <p>It is registered anyway so that {@code attrib modalities} shows what the build contains and a
 * model folder naming this modality fails with a message that says why, rather than "unknown
 * modality".
 */
public final class ImageModality implements Modality {
  /** The registry name. */
  public static final String NAME = "image";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "images (not implemented yet)";
  }

  @Override
  public Encoded encode(String input, LoadedModel model, Options options) {
    throw notImplemented();
  }

  @Override
  public List<Baseline> baselines() {
    return List.of();
  }

  @Override
  public UnitScores summarize(Encoded encoded, Attribution attribution) {
    throw notImplemented();
  }

  @Override
  public List<Renderer> renderers() {
    return List.of();
  }

  private static AttribException notImplemented() {
    return new AttribException("the image modality is not implemented yet in this build");
  }
}
