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
 *   "inputs": ["atom_features", "pair_features", "atom_mask"],   // the dense contract, or
 *   // "inputs": ["atom_features", "edge_index", "edge_features", "atom_mask", "edge_mask"],
 *   "featurization": { "elements": ["C", "N", "O"], "degree": [0, 1, 2, 3, 4], ... },
 *   "maxAtoms": 40,                            // larger molecules are rejected
 *   "padAtoms": false,                         // true: pad every input to maxAtoms atoms
 *   "maxEdges": 80,                            // edge list: directed edges (2 per bond) at most
 *   "tasks": [{"name": "benzene", "smarts": "c1ccccc1", "description": "..."}],
 *   "training": { ... }                        // free-form provenance, not read
 * }
 * }</pre>
 *
 * <p>{@code featurization} is required; see {@link Featurization}. {@code tasks} is optional and
 * describes the outputs; when given, its names must equal {@code labels} in order. {@code labels}
 * stays the source of task names because {@code --target} resolves against it.
 *
 * <p>The common key {@code inputs} names the forward's inputs in their order and so chooses the
 * contract: with {@code pair_features} the dense one ({@code atom_features [B,N,Fa]}, {@code
 * pair_features [B,N,N,Fp]}), with {@code edge_index} and {@code edge_features} the edge list
 * ({@code atom_features [B,N,Fa]}, {@code edge_index int64 [B,2,E]}, {@code edge_features
 * [B,E,Fe]}); {@code atom_mask [B,N]} and (edge list) {@code edge_mask [B,E]}, float32, are passed
 * when listed. Without {@code inputs}: the dense contract with its mask, {@link #DENSE}.
 *
 * @param featurization the feature spec
 * @param maxAtoms the largest molecule the model takes, or 0 for no limit
 * @param padAtoms whether inputs are padded to {@code maxAtoms} atoms (and for an edge list to
 *     {@code maxEdges} edges), masked
 * @param tasks task descriptions, possibly empty
 * @param inputs the forward's inputs in order (see {@link #INPUT_NAMES})
 * @param maxEdges the most directed edges an edge-list model takes, or 0 for no limit
 */
public record MoleculeSpec(
    Featurization featurization,
    int maxAtoms,
    boolean padAtoms,
    List<Task> tasks,
    List<String> inputs,
    int maxEdges) {

  /** The manifest keys the molecule modality reads, beyond the common ones. */
  public static final Set<String> KEYS =
      Set.of("featurization", "maxAtoms", "maxEdges", "padAtoms", "tasks", "training");

  /** The dense contract's inputs, the default. */
  public static final List<String> DENSE =
      List.of(
          MoleculeModality.ATOM_FEATURES,
          MoleculeModality.PAIR_FEATURES,
          MoleculeModality.ATOM_MASK);

  /** Every input name a molecule model may list. */
  public static final List<String> INPUT_NAMES =
      List.of(
          MoleculeModality.ATOM_FEATURES,
          MoleculeModality.PAIR_FEATURES,
          MoleculeModality.ATOM_MASK,
          MoleculeModality.EDGE_INDEX,
          MoleculeModality.EDGE_FEATURES,
          MoleculeModality.EDGE_MASK);

  /** A dense-contract spec. */
  public MoleculeSpec(
      Featurization featurization, int maxAtoms, boolean padAtoms, List<Task> tasks) {
    this(featurization, maxAtoms, padAtoms, tasks, DENSE, 0);
  }

  public MoleculeSpec {
    tasks = List.copyOf(tasks);
    inputs = List.copyOf(inputs.isEmpty() ? DENSE : inputs);
    if (maxAtoms < 0) {
      throw new AttribException("maxAtoms must not be negative, not " + maxAtoms);
    }
    if (maxEdges < 0) {
      throw new AttribException("maxEdges must not be negative, not " + maxEdges);
    }
    if (padAtoms && maxAtoms == 0) {
      throw new AttribException("padAtoms needs maxAtoms");
    }
    checkInputs(inputs);
    if (padAtoms && inputs.contains(MoleculeModality.EDGE_INDEX) && maxEdges == 0) {
      throw new AttribException("padAtoms with an edge list needs maxEdges");
    }
  }

  /** True for the edge-list contract. */
  public boolean edgeList() {
    return inputs.contains(MoleculeModality.EDGE_INDEX);
  }

  private static void checkInputs(List<String> inputs) {
    for (String n : inputs) {
      if (!INPUT_NAMES.contains(n)) {
        throw new AttribException(
            "unknown molecule model input '"
                + n
                + "' in 'inputs'; available: "
                + String.join(", ", INPUT_NAMES));
      }
    }
    if (new java.util.HashSet<>(inputs).size() != inputs.size()) {
      throw new AttribException("'inputs' names an input twice: " + inputs);
    }
    boolean dense = inputs.contains(MoleculeModality.PAIR_FEATURES);
    boolean edges =
        inputs.contains(MoleculeModality.EDGE_INDEX)
            || inputs.contains(MoleculeModality.EDGE_FEATURES)
            || inputs.contains(MoleculeModality.EDGE_MASK);
    if (!inputs.contains(MoleculeModality.ATOM_FEATURES)) {
      throw new AttribException("'inputs' " + inputs + " lacks atom_features");
    }
    if (dense == edges) {
      throw new AttribException(
          "'inputs' "
              + inputs
              + " must hold pair_features (the dense contract) or edge_index and edge_features"
              + " (the edge list), not "
              + (dense ? "both" : "neither"));
    }
    if (edges
        && !(inputs.contains(MoleculeModality.EDGE_INDEX)
            && inputs.contains(MoleculeModality.EDGE_FEATURES))) {
      throw new AttribException(
          "'inputs' " + inputs + ": an edge-list model needs both edge_index and edge_features");
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
    int maxEdges = 0;
    if (o.has("maxEdges")) {
      JsonElement e = o.get("maxEdges");
      if (!e.isJsonPrimitive()
          || !e.getAsJsonPrimitive().isNumber()
          || e.getAsDouble() != Math.rint(e.getAsDouble())
          || e.getAsInt() < 1) {
        throw new AttribException(where + ": 'maxEdges' must be a positive integer");
      }
      maxEdges = e.getAsInt();
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
    try {
      return new MoleculeSpec(f, maxAtoms, pad, tasks, mf.inputs(), maxEdges);
    } catch (AttribException e) {
      throw new AttribException(where + ": " + e.getMessage(), e);
    }
  }
}
