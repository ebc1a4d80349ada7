package dev.attrib.molecule;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.attrib.model.Manifest;
import dev.attrib.spi.AttribException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The molecule-specific part of a model folder's {@code attrib.json}.
 *
 * <pre>{@code
 * {
 *   "modality": "molecule", "format": "djl", "block": "...", "params": "model",
 *   "labels": ["benzene", "nitro"],            // task names, one per output (common key)
 *   "activation": "sigmoid",                   // multi-task: one probability per task
 *   "inputs": ["atom_features", "pair_features", "atom_mask"],
 *   "featurization": { "elements": ["C", "N", "O"], "degree": [0, 1, 2, 3, 4], ... },
 *   "maxAtoms": 40,                            // larger molecules are rejected
 *   "padAtoms": false,                         // true: pad every input to maxAtoms atoms
 *   "tasks": [{"name": "benzene", "smarts": "c1ccccc1", "description": "..."}],
 *   "training": { ... }                        // free-form provenance, not read
 * }
 * }</pre>
 *
 * <p>{@code featurization} is required; see {@link Featurization}. {@code tasks} is optional and
 * describes the outputs; when given, its names must equal {@code labels} in order. {@code labels}
 * stays the source of task names because {@code --target} resolves against it.
 *
 * @param featurization the feature spec
 * @param maxAtoms the largest molecule the model takes, or 0 for no limit
 * @param padAtoms whether inputs are padded to {@code maxAtoms} atoms (masked)
 * @param tasks task descriptions, possibly empty
 */
public record MoleculeSpec(
    Featurization featurization, int maxAtoms, boolean padAtoms, List<Task> tasks) {

  /** The manifest keys the molecule modality reads, beyond the common ones. */
  public static final Set<String> KEYS =
      Set.of("featurization", "maxAtoms", "padAtoms", "tasks", "training");

  public MoleculeSpec {
    tasks = List.copyOf(tasks);
    if (maxAtoms < 0) {
      throw new AttribException("maxAtoms must not be negative, not " + maxAtoms);
    }
    if (padAtoms && maxAtoms == 0) {
      throw new AttribException("padAtoms needs maxAtoms");
    }
  }

  /**
   * One task (output) of a multi-task model.
   *
   * @param name the label
   * @param smarts the substructure rule behind the label, when there is one (documentation)
   * @param description one line, or empty
   */
  public record Task(String name, String smarts, String description) {}

  /** Reads the molecule keys of a manifest. */
  public static MoleculeSpec of(Manifest mf) {
    JsonObject o = mf.json();
    String where = mf.file().toString();
    if (!o.has("featurization")) {
      throw new AttribException(
          where
              + ": missing required key 'featurization' (the molecule modality needs the atom and"
              + " pair feature spec; see docs/molecule-featurization.md)");
    }
    Featurization f = Featurization.fromJson(o.get("featurization"), where);
    int maxAtoms = 0;
    if (o.has("maxAtoms")) {
      JsonElement e = o.get("maxAtoms");
      if (!e.isJsonPrimitive()
          || !e.getAsJsonPrimitive().isNumber()
          || e.getAsDouble() != Math.rint(e.getAsDouble())
          || e.getAsInt() < 1) {
        throw new AttribException(where + ": 'maxAtoms' must be a positive integer");
      }
      maxAtoms = e.getAsInt();
    }
    boolean pad = false;
    if (o.has("padAtoms")) {
      JsonElement e = o.get("padAtoms");
      if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
        throw new AttribException(where + ": 'padAtoms' must be true or false");
      }
      pad = e.getAsBoolean();
      if (pad && maxAtoms == 0) {
        throw new AttribException(where + ": 'padAtoms' needs 'maxAtoms'");
      }
    }
    List<Task> tasks = new ArrayList<>();
    if (o.has("tasks")) {
      if (!o.get("tasks").isJsonArray()) {
        throw new AttribException(where + ": 'tasks' must be a list");
      }
      for (JsonElement e : o.getAsJsonArray("tasks")) {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
          tasks.add(new Task(e.getAsString(), "", ""));
        } else if (e.isJsonObject()) {
          JsonObject t = e.getAsJsonObject();
          for (String key : new TreeSet<>(t.keySet())) {
            if (!Set.of("name", "smarts", "description").contains(key)) {
              throw new AttribException(
                  where
                      + ": unknown task key '"
                      + key
                      + "'; known keys: description, name, smarts");
            }
          }
          if (!t.has("name") || !t.get("name").isJsonPrimitive()) {
            throw new AttribException(where + ": every task needs a 'name'");
          }
          tasks.add(
              new Task(
                  t.get("name").getAsString(),
                  t.has("smarts") ? t.get("smarts").getAsString() : "",
                  t.has("description") ? t.get("description").getAsString() : ""));
        } else {
          throw new AttribException(where + ": a task is a name or an object with a 'name'");
        }
      }
      List<String> names = tasks.stream().map(Task::name).toList();
      if (!names.equals(mf.labels())) {
        throw new AttribException(
            where
                + ": 'tasks' names "
                + names
                + " must equal 'labels' "
                + mf.labels()
                + " (labels name the outputs for --target)");
      }
    }
    return new MoleculeSpec(f, maxAtoms, pad, tasks);
  }
}
