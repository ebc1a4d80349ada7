package dev.attrib.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import com.google.gson.JsonObject;
import dev.attrib.ig.EngineCheck;
import dev.attrib.spi.AttribException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads a model folder ({@code attrib.json} + network) for attribution.
 *
 * <p>TorchScript is loaded with DJL's option {@code trainParam=true}: without it PyTorch loads the
 * parameters as inference tensors and every backward pass fails with "Inference tensors cannot be
 * saved for backward". The parameters are then frozen, so gradients reach the inputs only.
 *
 * <p>DJL runs a TorchScript forward with autograd disabled unless it is a training forward, and a
 * training forward also switches the module to {@code train()} (dropout on, batch-norm statistics
 * updated). We need autograd with the module in eval mode, so the block is marked as training once,
 * here, and the module is put back into eval mode; DJL then leaves the mode alone on every later
 * forward. See {@link #evalModeWithAutograd}.
 */
public final class ModelLoader {
  private ModelLoader() {}

  /** Loads {@code dir}; {@code modalityKeys} are the extra manifest keys the modality reads. */
  public static LoadedModel load(Path dir, Set<String> modalityKeys, Device device) {
    return load(dir, modalityKeys, device, Thread.currentThread().getContextClassLoader());
  }

  /** As {@link #load(Path, Set, Device)}, with the class loader that sees a DJL block class. */
  public static LoadedModel load(
      Path dir, Set<String> modalityKeys, Device device, ClassLoader loader) {
    return load(dir, modalityKeys, device, loader, true);
  }

  /**
   * As {@link #load(Path, Set, Device, ClassLoader)}; {@code checkInputs} false leaves a mismatch
   * between the manifest's {@code inputs} and the module's forward to the caller ({@link
   * ModelDoctor} reports it as a check of its own).
   */
  static LoadedModel load(
      Path dir, Set<String> modalityKeys, Device device, ClassLoader loader, boolean checkInputs) {
    if (!Files.isDirectory(dir)) {
      throw new AttribException(dir + ": not a model folder (no such directory)");
    }
    Manifest manifest = Manifest.read(dir, modalityKeys);
    EngineCheck.requireEngine();
    LoadedModel model =
        switch (manifest.format()) {
          case "torchscript" -> loadTorchScript(manifest, device, checkInputs);
          case "djl" -> loadDjl(manifest, device, loader);
          default -> throw new AttribException(manifest.file() + ": unknown format");
        };
    // The engine is loaded now: apply its settings before any forward (quiet C++ log, see there).
    EngineCheck.applySettings();
    return model;
  }

  private static LoadedModel loadTorchScript(
      Manifest manifest, Device device, boolean checkInputs) {
    Path file = manifest.dir().resolve(manifest.modelFile());
    if (!Files.isRegularFile(file)) {
      throw new AttribException(
          file + ": missing network file (named by 'file' in " + manifest.file() + ")");
    }
    TorchScriptFile ts = TorchScriptFile.read(file);
    String mismatch = inputsMismatch(manifest, ts.forwardArguments(), file);
    if (checkInputs && mismatch != null) {
      throw new AttribException(mismatch);
    }
    Model model = Model.newInstance(manifest.name(), device, "PyTorch");
    try {
      model.load(manifest.dir(), manifest.modelFile(), Map.of("trainParam", "true"));
      Block block = model.getBlock();
      block.freezeParameters(true);
      evalModeWithAutograd(block, file);
      return new LoadedModel(manifest, model, true, file.toString(), ts);
    } catch (IOException | MalformedModelException | EngineException e) {
      model.close();
      throw new AttribException(
          file + ": not a loadable TorchScript module: " + EngineFailures.reason(e), e);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * Why the manifest's {@code inputs} cannot be bound to the module's forward arguments, or null
   * when they can (equal lists, or either unknown). One line naming both lists.
   */
  static String inputsMismatch(Manifest manifest, Optional<List<String>> forward, Path file) {
    if (manifest.inputs().isEmpty() || forward.isEmpty()) {
      return null;
    }
    List<String> args = forward.get();
    if (args.equals(manifest.inputs())) {
      return null;
    }
    boolean reordered =
        args.size() == manifest.inputs().size()
            && new HashSet<>(args).equals(new HashSet<>(manifest.inputs()));
    return manifest.file()
        + ": 'inputs' lists "
        + manifest.inputs()
        + " but "
        + file.getFileName()
        + "'s forward takes ("
        + String.join(", ", args)
        + ")"
        + (reordered
            ? ": the same names in another order; list them in the forward's order"
            : "; make 'inputs' the forward's argument names in order, or rename the forward's"
                + " arguments");
  }

  static void evalModeWithAutograd(Block block, Path file) {
    if (!(block instanceof PtSymbolBlock pt)) {
      throw new AttribException(file + ": expected a TorchScript module");
    }
    try {
      Field isTrain = PtSymbolBlock.class.getDeclaredField("isTrain");
      isTrain.setAccessible(true);
      isTrain.setBoolean(pt, true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new AttribException(
          "this DJL version's PtSymbolBlock has no 'isTrain' flag; attrib needs DJL 0.35.1",
          AttribException.RUNTIME,
          e);
    }
    JniUtils.enableInferenceMode(pt);
  }

  private static LoadedModel loadDjl(Manifest manifest, Device device, ClassLoader loader) {
    Block block = newBlock(manifest, loader);
    Path params = manifest.dir().resolve(manifest.params() + "-0000.params");
    if (!Files.isRegularFile(params)) {
      throw new AttribException(
          params
              + ": missing parameter file (prefix named by 'params' in "
              + manifest.file()
              + ")");
    }
    requireDjlHeader(params, manifest);
    Model model = Model.newInstance(manifest.name(), device, "PyTorch");
    try {
      model.setBlock(block);
      try {
        model.load(manifest.dir(), manifest.params());
      } catch (IOException | MalformedModelException | RuntimeException e) {
        // Everything DJL does here is read the user's file into the user's block, so whatever it
        // throws (an IllegalArgumentException for an unknown data type, a NegativeArraySize for a
        // garbled length, an engine error) is about the file.
        throw new AttribException(
            params
                + ": parameters do not fit block "
                + manifest.block()
                + ": "
                + EngineFailures.reason(e),
            e);
      }
      requireAllLoaded(block, params, manifest);
      block.freezeParameters(true);
      return new LoadedModel(manifest, model, false, params.toString());
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private static final byte[] DJL_MAGIC = "DJL@".getBytes(StandardCharsets.US_ASCII);

  /**
   * DJL loads nothing, silently, from a parameter file that does not open with its header, and the
   * block's first forward then fails with "parameter has not been initialized"; a file of the right
   * size with random bytes (a truncated or corrupted copy) is caught here instead.
   */
  private static void requireDjlHeader(Path params, Manifest manifest) {
    byte[] head = new byte[DJL_MAGIC.length];
    int n;
    try (InputStream in = Files.newInputStream(params)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw new AttribException(params + ": cannot read the parameter file: " + e.getMessage(), e);
    }
    if (n < head.length || !Arrays.equals(head, DJL_MAGIC)) {
      throw EngineFailures.invalidParams(
          params.toString(), manifest.block(), "it does not start with DJL's header 'DJL@'", null);
    }
  }

  /** A valid header over a file for a smaller block can still leave parameters without values. */
  private static void requireAllLoaded(Block block, Path params, Manifest manifest) {
    for (Pair<String, Parameter> p : block.getParameters()) {
      if (!p.getValue().isInitialized()) {
        throw EngineFailures.invalidParams(
            params.toString(),
            manifest.block(),
            "it gives no value to parameter '" + p.getKey() + "'",
            null);
      }
    }
  }

  private static Block newBlock(Manifest manifest, ClassLoader loader) {
    Class<?> type;
    try {
      type = Class.forName(manifest.block(), true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new AttribException(
          manifest.file() + ": block class '" + manifest.block() + "' not found on the class path",
          e);
    }
    if (!Block.class.isAssignableFrom(type)) {
      throw new AttribException(
          manifest.file() + ": '" + manifest.block() + "' is not an ai.djl.nn.Block");
    }
    try {
      try {
        Constructor<?> c = type.getConstructor(JsonObject.class);
        return (Block) c.newInstance(manifest.config().deepCopy());
      } catch (NoSuchMethodException e) {
        return (Block) type.getConstructor().newInstance();
      }
    } catch (NoSuchMethodException e) {
      throw new AttribException(
          manifest.file()
              + ": block class '"
              + manifest.block()
              + "' needs a public constructor taking a JsonObject (the manifest's config) or none",
          e);
    } catch (InvocationTargetException e) {
      Throwable c = e.getCause();
      throw new AttribException(
          manifest.file()
              + ": block '"
              + manifest.block()
              + "' rejected its config: "
              + (c == null ? e : c).getMessage(),
          c == null ? e : c);
    } catch (ReflectiveOperationException e) {
      throw new AttribException(
          manifest.file() + ": cannot create block '" + manifest.block() + "': " + e, e);
    }
  }
}
