package dev.attrib.spi;

import dev.attrib.ig.Attribution;
import dev.attrib.ig.Methods;
import dev.attrib.model.LoadedModel;
import java.util.List;
import java.util.Set;

/**
 * A kind of input attrib can explain: text, molecules, images, or a plugin's own.
 *
 * <p>Found with {@link java.util.ServiceLoader} (a {@code
 * META-INF/services/dev.attrib.spi.Modality} entry). A modality says how raw input becomes model
 * inputs ({@link #encode}), what neutral input is ({@link #baselines}), how raw attributions are
 * summarised per unit ({@link #summarize}) and how they are shown ({@link #renderers}). The maths
 * is the core's ({@code dev.attrib.ig}); a modality never computes gradients itself.
 *
 * <p>Contract: {@link #summarize} returns one score per unit of {@link Encoded#units()}, in that
 * order; implementations are stateless and safe to use from several threads.
 */
public interface Modality {

  /** The registry name, e.g. {@code text}; lower case, unique across all providers. */
  String name();

  /**
   * The method settings this modality's inputs need when the user gives none (steps of the first
   * try and, for adaptive steps, the tolerance). The core's default is a fixed 50 Gauss–Legendre
   * steps; a modality whose paths cross many ReLU switches (images) or whose outputs need more
   * resolution (translation) asks for adaptive steps here, and every front end honours it ({@link
   * ExplainSettings#defaults(Modality)}, the CLI unless {@code --steps} or {@code --tolerance} is
   * given).
   */
  default Methods.Config defaultConfig() {
    return Methods.Config.defaults();
  }

  /** One line for {@code attrib modalities}. */
  default String description() {
    return "";
  }

  /** Manifest keys this modality reads in {@code attrib.json}, beyond the common ones. */
  default Set<String> manifestKeys() {
    return Set.of();
  }

  /** Names of the options {@link #encode}, baselines and renderers accept. */
  default Set<String> options() {
    return Set.of();
  }

  /** Turns one raw input into model inputs and units, using what the model folder provides. */
  Encoded encode(String input, LoadedModel model, Options options);

  /** The named baselines; the first is the default. */
  List<Baseline> baselines();

  /** One score per unit, in unit order. */
  UnitScores summarize(Encoded encoded, Attribution attribution);

  /** The renderers, one per format. */
  List<Renderer> renderers();

  /** The baseline called {@code name}; unknown names list the available ones. */
  default Baseline baseline(String name) {
    for (Baseline b : baselines()) {
      if (b.name().equals(name)) {
        return b;
      }
    }
    throw new AttribException(
        "unknown baseline '"
            + name
            + "' for modality "
            + name()
            + "; available: "
            + String.join(", ", baselines().stream().map(Baseline::name).toList()));
  }

  /** The renderer for {@code format}; unknown formats list the available ones. */
  default Renderer renderer(String format) {
    for (Renderer r : renderers()) {
      if (r.format().equals(format)) {
        return r;
      }
    }
    throw new AttribException(
        "unknown format '"
            + format
            + "' for modality "
            + name()
            + "; available: "
            + String.join(", ", renderers().stream().map(Renderer::format).toList()));
  }
}
