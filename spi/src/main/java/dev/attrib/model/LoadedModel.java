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
import java.util.List;

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

  LoadedModel(Manifest manifest, ai.djl.Model model, boolean torchscript, String networkFile) {
    this.manifest = manifest;
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
  private NDArray forward(NDList inputs) {
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
    if (!labelsChecked) {
      EngineFailures.requireOnePerLabel(networkFile, manifest, out);
      labelsChecked = true;
    }
    return out;
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
