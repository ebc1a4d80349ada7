package dev.attrib.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.EngineException;
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
   */
  @Override
  public NDArray forward(NDList inputs) {
    NDManager m = inputs.head().getManager();
    try {
      NDList out = block.forward(new ParameterStore(m, false), inputs, torchscript);
      if (out.isEmpty()) {
        throw new AttribException(networkFile + ": the network returned no output");
      }
      return out.head();
    } catch (EngineException | IllegalArgumentException | IllegalStateException e) {
      throw new AttribException(
          networkFile + ": forward failed for inputs " + describe(inputs) + ": " + reason(e), e);
    }
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

  static String describe(NDList inputs) {
    List<String> parts = new ArrayList<>();
    for (NDArray a : inputs) {
      parts.add(a.getDataType().toString().toLowerCase(java.util.Locale.ROOT) + a.getShape());
    }
    return parts.toString();
  }

  /**
   * One line saying why {@code e} happened. A TorchScript error opens with the generic "The
   * following operation failed in the TorchScript interpreter." and ends, after the traceback, with
   * PyTorch's own reason (e.g. "RuntimeError: mat1 and mat2 shapes cannot be multiplied"), so that
   * last line is the one to show. A message-less exception is named by its class.
   */
  static String reason(Throwable e) {
    String s = e.getMessage();
    if (s == null || s.isBlank()) {
      return e.getClass().getSimpleName();
    }
    if (s.contains("Traceback of TorchScript")) {
      String last = null;
      for (String line : s.split("\n")) {
        if (!line.isBlank()) {
          last = line.trim();
        }
      }
      return last;
    }
    return firstLine(s);
  }

  static String firstLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    for (String line : s.split("\n")) {
      if (!line.isBlank()) {
        return line.trim();
      }
    }
    return s.trim();
  }
}
