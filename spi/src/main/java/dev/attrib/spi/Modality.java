package dev.attrib.spi;

import dev.attrib.ig.Activation;
import dev.attrib.ig.Attribution;
import dev.attrib.ig.Methods;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.Manifest;
import java.util.List;
import java.util.Set;

/**
 * A kind of input attrib can explain: text, molecules, images, translation, or a plugin's own.
 *
 * <pre>{@code
 * public final class SeriesModality implements Modality<SeriesEncoding> {
 *   public String name() { return "series"; }
 *   public SeriesEncoding encode(String input, LoadedModel model, Options options) { ... }
 *   public List<Baseline<SeriesEncoding>> baselines() { return List.of(ZERO, MEAN); }
 *   public UnitScores summarize(SeriesEncoding e, Attribution a) { ... }  // one score per step
 *   public List<Renderer<SeriesEncoding>> renderers() { return List.of(new SeriesJson()); }
 * }
 * }</pre>
 *
 * <p>Found with {@link java.util.ServiceLoader} (a {@code
 * META-INF/services/dev.attrib.spi.Modality} entry). A modality says how raw input becomes model
 * inputs ({@link #encode}, into its own typed {@link Encoding} record {@code E}), what neutral
 * input is ({@link #baselines}), which targets an input has ({@link #targets}: one row each), how
 * raw attributions are summarised per unit ({@link #summarize}) and how they are shown ({@link
 * #renderers}). The maths and the loop over targets are the core's ({@link Explainer}); a modality
 * never computes gradients itself.
 *
 * <p>Contract: {@link #summarize} returns one score per unit of {@link Encoding#units()}, in that
 * order, for every row; {@link #targets} names the rows in the order they are shown;
 * implementations are stateless and safe to use from several threads. Front ends that hold a
 * modality of unknown encoding use {@code Modality<?>} and capture its type in a generic method.
 *
 * @param <E> the modality's encoding: what it carries from {@link #encode} to its renderers
 */
public interface Modality<E extends Encoding> {

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

  /** Names of the options {@link #encode}, baselines, targets and renderers accept. */
  default Set<String> options() {
    return Set.of();
  }

  /** Turns one raw input into model inputs and units, using what the model folder provides. */
  E encode(String input, LoadedModel model, Options options);

  /**
   * As {@link #encode}, for the pipeline ({@link Explainer}): it may leave out what {@link
   * #complete} can take from the attribution's own forward pass, so an input costs no forward pass
   * of its own. The default is {@link #encode}.
   */
  default E encodeForAttribution(String input, LoadedModel model, Options options) {
    return encode(input, model, options);
  }

  /**
   * Fills in what {@link #encodeForAttribution} left out, from {@code outputsAtInput}: the model's
   * raw output row at the input that the attribution computed anyway ({@link
   * Attribution#outputsAtInput}), or null where the method computed none (then the modality
   * computes what it needs itself). The default returns the encoding as it is.
   */
  default E complete(E encoded, float[] outputsAtInput, LoadedModel model) {
    return encoded;
  }

  /** The named baselines; the first is the default. */
  List<Baseline<E>> baselines();

  /**
   * The rows to explain for one encoded input, in the order they are shown. The default is one row:
   * the class the settings choose ({@link Explainer#target}: the predicted class, or {@code
   * --target} as a label or index, after the manifest's activation with {@code on = probability}).
   * A modality overrides it for several rows: a translation one per output piece (each with its
   * decoded prefix), a multi-task model one per task, a sequence labeller one per position ({@link
   * dev.attrib.ig.Target#predictedAt}).
   */
  default List<ExplainTarget> targets(E encoded, LoadedModel model, ExplainSettings settings) {
    Activation act =
        settings.on().equals("probability") ? model.manifest().activation() : Activation.NONE;
    return List.of(ExplainTarget.of(Explainer.target(settings.target(), model.manifest(), act)));
  }

  /**
   * Checks, once and before any input is explained, that {@code settings.target()} is one this
   * modality can explain on a model with this manifest, so a bad {@code --target} fails once rather
   * than once per input. The default accepts what {@link #targets}' default does: none, a label or
   * a class index of the manifest.
   */
  default void checkTarget(ExplainSettings settings, Manifest manifest) {
    Explainer.target(settings.target(), manifest, Activation.NONE);
  }

  /**
   * What the model predicts for the whole input, shown beside the rows. The default is the class
   * with the highest output at the input after the manifest's activation (one forward pass).
   */
  default Prediction predict(E encoded, LoadedModel model) {
    return Explainer.predictedClass(encoded, model);
  }

  /**
   * The model's outputs at the encoded input (one per class, after the manifest's activation) when
   * {@link #encode} computed them already, else null (the default). The pipeline then takes "the
   * predicted class" from them rather than from a forward pass of its own, where their largest
   * value is unique (the activation keeps the order, so it is the class with the largest raw
   * output); the explained class is then the prediction shown, and F(x) and F(x') ride along in the
   * first gradient batch. The text modality has them: its renderers show every label's output.
   */
  default double[] outputsAtInput(E encoded) {
    return null;
  }

  /** One score per unit, in unit order, for one row's attribution. */
  UnitScores summarize(E encoded, Attribution attribution);

  /** The renderers, one per format. */
  List<Renderer<E>> renderers();

  /** The baseline called {@code name}; unknown names list the available ones. */
  default Baseline<E> baseline(String name) {
    for (Baseline<E> b : baselines()) {
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
  default Renderer<E> renderer(String format) {
    for (Renderer<E> r : renderers()) {
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
            + String.join(", ", formats()));
  }

  /** The renderers' format names, in order. */
  default List<String> formats() {
    return renderers().stream().map(Renderer::format).toList();
  }

  /**
   * An input {@code attrib check} attributes when the user gives none, encoded for {@code model};
   * null when the modality has no such sample (the user must then give one). The default is null.
   * Built-in modalities encode a fixed sentence, molecule or synthetic picture.
   */
  default E sample(LoadedModel model, Options options) {
    return null;
  }

  /**
   * Checks of a loaded model that only this modality can make, before any input is encoded ({@code
   * attrib check}): e.g. the text modality's "the embedding parameter exists and covers the
   * tokenizer's ids". One {@link ModelCheck} per line; a failure says what to do. Default: none.
   */
  default List<ModelCheck> checkModel(LoadedModel model) {
    return List.of();
  }

  /**
   * Checks of a loaded model on an encoded input that only this modality can make ({@code attrib
   * check}): e.g. "padded positions do not change the output" for a model with a mask. Runs after
   * the core has checked that the network runs and takes gradients. Default: none.
   */
  default List<ModelCheck> checkInput(LoadedModel model, E encoded) {
    return List.of();
  }
}
