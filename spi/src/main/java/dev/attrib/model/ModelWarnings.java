package dev.attrib.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Warnings about a model folder found cheaply while loading and first running it: what {@code
 * attrib check} would fail, said while the model still runs.
 *
 * <pre>{@code
 * try (LoadedModel m = ModelLoader.load(dir, keys, Device.cpu())) { ... }
 * for (String w : ModelWarnings.take()) {
 *   System.err.println("attrib: warning: " + w);   // the CLI prints them so
 * }
 * }</pre>
 *
 * <p>Left here: forward arguments whose names are not the modality's inputs when {@code
 * attrib.json} has no {@code inputs} (they are then passed by position), and every failure of
 * {@link ModelDoctor#warnAtLoad}'s cheap checks on the modality's sample (e.g. a mask the model
 * does not apply). What fails outright is an error instead: {@code inputs} that do not match the
 * module's forward (at load), an output that does not match the labels, a missing embedding
 * parameter, a module traced under {@code torch.no_grad()} (at the first input, with what to do).
 */
public final class ModelWarnings {
  private ModelWarnings() {}

  /** Insertion-ordered and without repeats: a model run many times warns once. */
  private static final Set<String> PENDING = new LinkedHashSet<>();

  /** Leaves {@code warning} to be taken; the same warning twice before a take counts once. */
  static synchronized void warn(String warning) {
    PENDING.add(warning);
  }

  /**
   * The warnings left since the last call, oldest first, each once; each is one sentence. The CLI
   * takes them at the start and the end of a command, so a command says each warning once.
   */
  public static synchronized List<String> take() {
    List<String> out = new ArrayList<>(PENDING);
    PENDING.clear();
    return out;
  }
}
