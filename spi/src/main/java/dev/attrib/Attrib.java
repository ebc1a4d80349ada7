package dev.attrib;

import ai.djl.Device;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.Manifest;
import dev.attrib.model.ModelDoctor;
import dev.attrib.model.ModelLoader;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Encoding;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Modality;
import dev.attrib.spi.ModalityRegistry;
import dev.attrib.spi.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A model folder loaded and ready to explain: the library's entry point. The modality comes from
 * the folder's {@code attrib.json}, found among the built-in modalities on the class path and the
 * plugin jars given, as DJL's {@code Criteria} finds a model's translator.
 *
 * <pre>{@code
 * try (Attrib attrib = Attrib.load(Path.of("my-model"))) {
 *   Explanation<?> e = attrib.explain("how many townships have a population above 50 ?");
 *   e.rows().get(0).attribution().completeness();     // F(x), F(x'), sum, delta
 *   System.out.print(new String(attrib.render(e, "plain"), StandardCharsets.UTF_8));
 * }
 * try (Attrib attrib =
 *     Attrib.builder().model(Path.of("ecg-model")).plugins(Path.of("plugins")).load()) {
 *   Explanation<?> e = attrib.explain("record.csv", attrib.defaults().withBaseline("noise"));
 * }
 * }</pre>
 *
 * <p>The contract: {@link #explain(String)} uses the modality's own defaults ({@link
 * ExplainSettings#defaults(Modality)}: adaptive steps for images and translation, the predicted
 * class, the modality's first baseline); an explanation has one row per target the modality names
 * (one for a classifier, one per output piece of a translation). Everything native is freed by
 * {@link #close()}. Safe to use from several threads, as {@link Explainer} is.
 */
public final class Attrib implements AutoCloseable {
  private final Explainer<?> explainer;
  private final LoadedModel model;

  private Attrib(Explainer<?> explainer, LoadedModel model) {
    this.explainer = explainer;
    this.model = model;
  }

  /** Loads {@code dir} on the CPU with the built-in modalities. */
  public static Attrib load(Path dir) {
    return builder().model(dir).load();
  }

  public static Builder builder() {
    return new Builder(null, Device.cpu(), List.of());
  }

  /** Where the model is, where it runs and where plugins are; immutable. */
  public static final class Builder {
    private final Path model;
    private final Device device;
    private final List<Path> plugins;

    private Builder(Path model, Device device, List<Path> plugins) {
      this.model = model;
      this.device = device;
      this.plugins = List.copyOf(plugins);
    }

    /** The model folder (holding {@code attrib.json}); required. */
    public Builder model(Path dir) {
      return new Builder(Objects.requireNonNull(dir, "dir"), device, plugins);
    }

    /** Where the model runs; the CPU unless given. */
    public Builder device(Device d) {
      return new Builder(model, Objects.requireNonNull(d, "device"), plugins);
    }

    /** Folders of plugin jars, searched in order before the built-in modalities' class path. */
    public Builder plugins(Path... dirs) {
      List<Path> all = new ArrayList<>(plugins);
      all.addAll(List.of(dirs));
      return new Builder(model, device, all);
    }

    /**
     * Finds the modality the manifest names and loads the model; fails with one line naming the
     * folder (no {@code attrib.json}, an unknown modality with the available ones, a network file
     * that cannot be loaded).
     */
    public Attrib load() {
      if (model == null) {
        throw new AttribException("no model folder: give one with Attrib.builder().model(dir)");
      }
      if (!Files.isDirectory(model)) {
        throw new AttribException(model + ": not a model folder (no such directory)");
      }
      ModalityRegistry registry =
          plugins.isEmpty() ? ModalityRegistry.builtIn() : ModalityRegistry.discover(plugins);
      String name = Manifest.peekModality(model);
      Modality<?> modality = registry.forName(name);
      LoadedModel loaded =
          ModelLoader.load(model, modality.manifestKeys(), device, registry.classLoader(name));
      ModelDoctor.warnAtLoad(modality, loaded);
      return new Attrib(explainer(modality, loaded), loaded);
    }

    private static <E extends Encoding> Explainer<E> explainer(
        Modality<E> modality, LoadedModel model) {
      return new Explainer<>(modality, model);
    }
  }

  /** The modality the model belongs to. */
  public Modality<?> modality() {
    return explainer.modality();
  }

  /** The model's manifest ({@code attrib.json}). */
  public Manifest manifest() {
    return model.manifest();
  }

  /** The modality's default settings, to change with {@code with...} and pass to explain. */
  public ExplainSettings defaults() {
    return ExplainSettings.defaults(explainer.modality());
  }

  /** Explains one raw input (text, SMILES, a file name) with the modality's defaults. */
  public Explanation<?> explain(String input) {
    return explain(input, defaults());
  }

  public Explanation<?> explain(String input, ExplainSettings settings) {
    return explainer.explain(input, settings);
  }

  /**
   * Explains several raw inputs, short ones of one shape in shared engine batches ({@link
   * Explainer#explainAll}): each outcome is the input's explanation, equal to {@link #explain} of
   * it alone up to float32 round-off, or its one-line failure.
   */
  public List<Explainer.Outcome<?>> explainAll(List<String> inputs, ExplainSettings settings) {
    return List.copyOf(explainer.explainAll(inputs, settings));
  }

  /** The explanation in {@code format} ({@code plain}, {@code json}, {@code html}, ...). */
  public byte[] render(Explanation<?> explanation, String format) {
    return render(explanation, format, Options.NONE);
  }

  public byte[] render(Explanation<?> explanation, String format, Options options) {
    return render(explainer.modality(), explanation, format, options);
  }

  private static <E extends Encoding> byte[] render(
      Modality<E> modality, Explanation<?> explanation, String format, Options options) {
    if (!modality.name().equals(explanation.modality())) {
      throw new AttribException(
          "an explanation of modality "
              + explanation.modality()
              + " cannot be rendered by modality "
              + modality.name());
    }
    // Made by this modality's explainer (checked by name above), so its encoding is an E.
    @SuppressWarnings("unchecked")
    Explanation<E> own = (Explanation<E>) explanation;
    return modality.renderer(format).render(own, options);
  }

  @Override
  public void close() {
    model.close();
  }
}
