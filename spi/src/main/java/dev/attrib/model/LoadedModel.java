package dev.attrib.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.attrib.ig.ModelFunction;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A model folder loaded for attribution: the network as a {@link ModelFunction}, its manifest, and
 * read access to its parameters (e.g. the token-embedding matrix a text modality needs).
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
public final class LoadedModel implements ModelFunction, AutoCloseable {
  private final Manifest manifest;
  private final Model model;
  private final Block block;
  private final boolean torchscript;
  private final String networkFile;

  /** Set once an output has matched the labels; a benign race at worst checks twice. */
  private volatile boolean labelsChecked;

  LoadedModel(Manifest manifest, Model model, boolean torchscript, String networkFile) {
    this.manifest = manifest;
    this.model = model;
    this.block = model.getBlock();
    this.torchscript = torchscript;
    this.networkFile = networkFile;
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
   * Runs the network. TorchScript modules are run with autograd on (DJL's "training" forward) while
   * the module itself stays in eval mode, see {@link ModelLoader}.
   *
   * <p>The output must be {@code [B, ...]}, one row per input, on every call; the first output is
   * also checked against the manifest's labels, so a model whose output does not match them fails
   * on its first forward with both numbers, not later with an out-of-range class index.
   */
  @Override
  public NDArray forward(NDList inputs) {
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

  /**
   * Turns an engine failure in the backward pass into one line about this model and what to do
   * (e.g. re-trace with gradients enabled): the core calls this around its backward pass.
   */
  @Override
  public RuntimeException backwardFailure(RuntimeException failure) {
    return EngineFailures.backward(networkFile, failure);
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
