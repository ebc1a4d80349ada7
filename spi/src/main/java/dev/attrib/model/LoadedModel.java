package dev.attrib.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.attrib.ig.Model;
import dev.attrib.internal.EngineModel;
import dev.attrib.internal.ModelFunction;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * A model folder loaded for attribution: the network as a {@link Model} the core's methods take,
 * its manifest, and read access to its parameters (e.g. the token-embedding matrix a text modality
 * needs). The network's engine side, the {@link ModelFunction} the core runs, is internal ({@link
 * #function()}).
 *
 * <p>Parameters are frozen: gradients flow to the inputs only. Close it to free the network's
 * native memory. Safe to share between threads for attribution.
 *
 * <pre>{@code
 * try (LoadedModel m = ModelLoader.load(Path.of("my-model"), Set.of(), Device.cpu())) {
 *   Attribution a = IntegratedGradients.builder().build().attribute(m, example, target);
 * }
 * }</pre>
 */
public final class LoadedModel implements Model, EngineModel, AutoCloseable {
  private final Manifest manifest;
  private final ai.djl.Model model;
  private final Block block;
  private final boolean torchscript;
  private final String networkFile;

  /** Set once an output has matched the labels; a benign race at worst checks twice. */
  private volatile boolean labelsChecked;

  /** The network as the core runs it; one object for the model's life (see {@link #function()}). */
  private final ModelFunction function;

  /**
   * Set by {@link ModelDoctor}: the model is being examined, so what it checks as checks of its own
   * (the labels, the manifest's {@code inputs}) must not fail a forward that encoding an input
   * runs.
   */
  private volatile boolean examined;

  /** A TorchScript module's forward argument names, when its file says them. */
  private final Optional<List<String>> forwardArguments;

  /** Inference-only kernels a TorchScript module's code calls (a no_grad trace); for the doctor. */
  final List<String> inferenceOnlyOps;

  LoadedModel(Manifest manifest, ai.djl.Model model, boolean torchscript, String networkFile) {
    this(manifest, model, torchscript, networkFile, null);
  }

  LoadedModel(
      Manifest manifest,
      ai.djl.Model model,
      boolean torchscript,
      String networkFile,
      TorchScriptFile file) {
    this.manifest = manifest;
    this.forwardArguments = file == null ? Optional.empty() : file.forwardArguments();
    this.inferenceOnlyOps = file == null ? List.of() : file.inferenceOnlyOps();
    this.model = model;
    this.block = model.getBlock();
    this.torchscript = torchscript;
    this.networkFile = networkFile;
    this.function =
        ModelFunction.create(
            model.getNDManager().getDevice(),
            this::forward,
            failure -> EngineFailures.backward(networkFile, failure));
  }

  public Manifest manifest() {
    return manifest;
  }

  @Override
  public Device device() {
    return model.getNDManager().getDevice();
  }

  /** The network file the model came from (for messages). */
  public String networkFile() {
    return networkFile;
  }

  /**
   * The network as the attribution core runs it: one batch of engine arrays in, the output array
   * out. Internal ({@link dev.attrib.internal}): for attrib's modalities and tests that run the
   * network without attribution (e.g. a translation's greedy decoding); the public API passes the
   * model itself. The same object on every call.
   */
  @Override
  public ModelFunction function() {
    return function;
  }

  /**
   * Runs the network. TorchScript modules are run with autograd on (DJL's "training" forward) while
   * the module itself stays in eval mode, see {@link ModelLoader}.
   *
   * <p>The output must be {@code [B, ...]}, one row per input, on every call; the first output is
   * also checked against the manifest's labels, so a model whose output does not match them fails
   * on its first forward with both numbers, not later with an out-of-range class index.
   */
  private NDArray forward(NDList given) {
    NDArray out = run(given);
    if (!labelsChecked && !examined) {
      EngineFailures.requireOnePerLabel(networkFile, manifest, out);
      labelsChecked = true;
    }
    return out;
  }

  /** The forward without the labels check: for {@link ModelDoctor}, which reports it itself. */
  NDArray run(NDList given) {
    NDList inputs = bind(given);
    NDManager m = inputs.head().getManager();
    NDArray out;
    try {
      NDList outs = block.forward(new ParameterStore(m, false), inputs, torchscript);
      if (outs.isEmpty()) {
        throw new AttribException(networkFile + ": the network returned no output");
      }
      out = outs.head();
    } catch (RuntimeException e) {
      if (e instanceof AttribException || !EngineFailures.fromEngine(e)) {
        throw e;
      }
      throw EngineFailures.forward(networkFile, inputs, e);
    }
    EngineFailures.requireBatchFirst(networkFile, out, inputs.head().getShape().get(0));
    return out;
  }

  /**
   * The TorchScript module's forward argument names (without {@code self}), in order, when the file
   * says them; empty for a DJL block, which has no names.
   */
  public Optional<List<String>> forwardArguments() {
    return forwardArguments;
  }

  /**
   * The inputs in the order the network takes them. The modality names every input it gives
   * (attrib's core and the translation decoder do); they are bound by name to the manifest's {@code
   * inputs} when it has them, else to a TorchScript module's forward arguments, else passed in the
   * order given. Names that the manifest does not list are an error naming both lists; forward
   * arguments named otherwise (and no {@code inputs}) are passed by position with one warning
   * ({@link ModelWarnings}).
   */
  NDList bind(NDList inputs) {
    if (examined) {
      return bindLeniently(inputs);
    }
    List<String> given = new ArrayList<>(inputs.size());
    for (NDArray a : inputs) {
      if (a.getName() == null || a.getName().isEmpty()) {
        return inputs;
      }
      given.add(a.getName());
    }
    boolean listed = !manifest.inputs().isEmpty();
    List<String> order = listed ? manifest.inputs() : forwardArguments.orElse(List.of());
    if (order.isEmpty() || order.equals(given)) {
      return inputs;
    }
    if (order.size() == given.size() && new HashSet<>(order).equals(new HashSet<>(given))) {
      NDList bound = new NDList(order.size());
      for (String name : order) {
        bound.add(inputs.get(given.indexOf(name)));
      }
      return bound;
    }
    if (listed) {
      throw new AttribException(
          manifest.file()
              + ": 'inputs' lists "
              + order
              + " but the "
              + manifest.modality()
              + " modality gives the network "
              + given
              + "; list exactly these names, in the order the network's forward takes them");
    }
    if (given.size() == 1 && order.size() == 1) {
      // One input cannot be bound wrongly: its name does not matter.
      return inputs;
    }
    ModelWarnings.warn(
        networkFile
            + ": forward takes ("
            + String.join(", ", order)
            + ") but the "
            + manifest.modality()
            + " modality gives ("
            + String.join(", ", given)
            + "): passed by position; name the forward's arguments like the modality's inputs"
            + " ('attrib check' shows the contract)");
    return inputs;
  }

  /** For {@link ModelDoctor}: see {@link #examined}. */
  void examined() {
    examined = true;
  }

  /**
   * The doctor's binding: by the forward's own argument names when the file says them (what the
   * network needs to run at all), else by the manifest's {@code inputs} (a DJL block's order, as
   * attribution binds it), else in the order given; never fails.
   */
  private NDList bindLeniently(NDList inputs) {
    List<String> order = forwardArguments.orElse(manifest.inputs());
    List<String> given = new ArrayList<>(inputs.size());
    for (NDArray a : inputs) {
      given.add(a.getName());
    }
    if (order.isEmpty()
        || order.equals(given)
        || order.size() != given.size()
        || !new HashSet<>(order).equals(new HashSet<>(given))) {
      return inputs;
    }
    NDList bound = new NDList(order.size());
    for (String name : order) {
      bound.add(inputs.get(given.indexOf(name)));
    }
    return bound;
  }

  /** A copy of the parameter called {@code name} (e.g. {@code embedding.weight}). */
  public Tensor parameter(String name) {
    List<String> names = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      names.add(p.getKey());
      if (p.getKey().equals(name)) {
        NDArray a = p.getValue().getArray();
        return Tensor.of(
            a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray(),
            a.getShape().getShape());
      }
    }
    throw new AttribException(
        networkFile + ": no parameter '" + name + "'; parameters: " + String.join(", ", names));
  }

  /** Names of all parameters, in the network's order. */
  public List<String> parameterNames() {
    List<String> names = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      names.add(p.getKey());
    }
    return names;
  }

  @Override
  public void close() {
    model.close();
  }
}
