package dev.attrib.model;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.UninitializedParameterException;
import dev.attrib.spi.AttribException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where the engine's failures on a user's model become one line about the model:
 * which file, what is wrong with it, what to do. Everything here is bad input (exit code 2) except
 * running out of memory, which is a run-time failure of a good model (exit code 1).
 *
 * <p>The classes a user meets, in the order they can happen:
 *
 * <ul>
 *   <li>a DJL {@code .params} file that is not a valid DJL parameter file (DJL itself would load
 *       nothing from it, silently, and fail later with an uninitialised parameter);
 *   <li>an output that is not {@code [B, ...]}: a scalar, or not one row per input;
 *   <li>an output whose size per input does not match the labels of {@code attrib.json};
 *   <li>a backward pass that cannot run: an operation with no derivative (a module traced under
 *       {@code torch.no_grad()} recorded a fused inference kernel: re-trace with gradients
 *       enabled), inference tensors, an output that does not depend differentiably on the inputs;
 *   <li>any other engine failure in the forward or backward pass, with PyTorch's own reason.
 * </ul>
 *
 * <p>Only engine failures are classified: an exception from attrib's own code stays what it is, so
 * a bug still shows as an internal error.
 */
final class EngineFailures {
  private EngineFailures() {}

  private static final Pattern NO_DERIVATIVE =
      Pattern.compile("derivative for (\\S+) is not implemented");

  /** {@code params} cannot be DJL's parameters for {@code block}: {@code why}. */
  static AttribException invalidParams(String params, String block, String why, Throwable cause) {
    return new AttribException(
        params
            + ": not a valid DJL parameter file for block "
            + block
            + " ("
            + why
            + "); save the block's parameters with DJL's Model.save, or fix 'params' in "
            + Manifest.FILE_NAME,
        cause);
  }

  /** A failure of the engine while running the network forward on {@code inputs}. */
  static AttribException forward(String file, NDList inputs, RuntimeException e) {
    if (outOfMemory(e)) {
      return outOfMemory(file, e);
    }
    if (e instanceof UninitializedParameterException) {
      return new AttribException(
          file
              + ": forward failed: "
              + reason(e)
              + "; the parameter file does not hold all of the block's parameters",
          e);
    }
    return new AttribException(
        file + ": forward failed for inputs " + describe(inputs) + ": " + reason(e), e);
  }

  /** Whether {@code e}, thrown by the network's forward, is the engine's (or the model's). */
  static boolean fromEngine(RuntimeException e) {
    // DJL reports shape and type mismatches of its own operators as IllegalArgument/State.
    return e instanceof EngineException
        || e instanceof UninitializedParameterException
        || e instanceof IllegalArgumentException
        || e instanceof IllegalStateException;
  }

  /** A failure of the engine in the backward pass from the network's output to its inputs. */
  static AttribException backward(String file, RuntimeException e) {
    if (outOfMemory(e)) {
      return outOfMemory(file, e);
    }
    String why = reason(e);
    String all = e.getMessage() == null ? "" : e.getMessage();
    Matcher op = NO_DERIVATIVE.matcher(all);
    if (op.find()) {
      return new AttribException(
          file
              + ": the network cannot be differentiated: PyTorch has no derivative for "
              + op.group(1)
              + "; a module traced under torch.no_grad() or torch.inference_mode() records such"
              + " inference-only fused kernels (nn.TransformerEncoder takes that fast path in eval"
              + " mode): re-trace it with gradients enabled (model.eval() is fine) and save it"
              + " again",
          e);
    }
    if (all.contains("Inference tensors cannot be saved for backward")) {
      return new AttribException(
          file
              + ": the network holds inference tensors, which PyTorch cannot differentiate"
              + " through; export it outside torch.inference_mode(), with gradients enabled",
          e);
    }
    if (all.contains("does not require grad")) {
      return new AttribException(
          file
              + ": the network's output does not depend differentiably on its inputs ("
              + why
              + "); remove detach(), argmax or integer casts between inputs and output and"
              + " export it with gradients enabled",
          e);
    }
    return new AttribException(
        file
            + ": the backward pass through the network failed: "
            + why
            + "; attribution needs the gradient of the output with respect to the inputs",
        e);
  }

  /**
   * Checks that {@code out}, the output for a batch of {@code rows} inputs, is {@code [rows, ...]}.
   * Without a batch dimension every later step (the target's column, one score per row) fails with
   * an engine message about slicing that says nothing about the model.
   */
  static void requireBatchFirst(String file, NDArray out, long rows) {
    Shape shape = out.getShape();
    if (shape.dimension() == 0) {
      throw new AttribException(
          file
              + ": the network's output has shape [] (one number for the whole batch); it must be"
              + " [B, ...] with a batch dimension first, one row per input (do not sum, average"
              + " or squeeze over the batch)");
    }
    if (shape.get(0) != rows) {
      throw new AttribException(
          file
              + ": the network's output has shape "
              + brackets(shape)
              + " for a batch of "
              + rows
              + " inputs; it must be [B, ...] with the batch dimension first, one row per input");
    }
  }

  /**
   * Checks that each row of {@code out} holds one value per label of the manifest, when it lists
   * labels: a target index, a predicted class and its label all count over a row's values. An
   * output {@code [B, T, C]} with {@code C} labels also fits: one set of classes per position,
   * explained position by position ({@link dev.attrib.ig.Target#at}).
   */
  static void requireOnePerLabel(String file, Manifest manifest, NDArray out) {
    List<String> labels = manifest.labels();
    Shape shape = out.getShape();
    if (labels.isEmpty() || shape.get(0) == 0) {
      return;
    }
    long perInput = shape.size() / shape.get(0);
    // One class per label, or one row of classes per position ([B, T, C]: a sequence labeller's
    // tags, explained one position at a time).
    if (perInput == labels.size()
        || (shape.dimension() >= 3 && shape.get(shape.dimension() - 1) == labels.size())) {
      return;
    }
    throw new AttribException(
        file
            + ": the network gives "
            + perInput
            + " output"
            + (perInput == 1 ? "" : "s")
            + " per input but "
            + manifest.file()
            + " lists "
            + labels.size()
            + " label"
            + (labels.size() == 1 ? "" : "s")
            + "; the output shape does not match the labels (output "
            + perRow(shape)
            + ", expected [B, "
            + labels.size()
            + "]: one value per label)");
  }

  /** The shape with its batch size shown as B: the batch is the core's choice, not the user's. */
  private static String perRow(Shape shape) {
    String s = brackets(shape);
    int comma = s.indexOf(',');
    return comma < 0 ? "[B]" : "[B" + s.substring(comma);
  }

  private static boolean outOfMemory(RuntimeException e) {
    String s = e.getMessage();
    return e instanceof EngineException
        && s != null
        && (s.contains("can't allocate memory")
            || s.toLowerCase(Locale.ROOT).contains("out of memory"));
  }

  /** A good model on too little memory: a run-time failure, not bad input. */
  private static AttribException outOfMemory(String file, RuntimeException e) {
    return new AttribException(
        file + ": out of memory running the network (" + reason(e) + "); use a smaller batch size",
        AttribException.RUNTIME,
        e);
  }

  static String brackets(Shape shape) {
    List<String> dims = new ArrayList<>();
    for (long d : shape.getShape()) {
      dims.add(Long.toString(d));
    }
    return "[" + String.join(", ", dims) + "]";
  }

  static String describe(NDList inputs) {
    List<String> parts = new ArrayList<>();
    for (NDArray a : inputs) {
      parts.add(a.getDataType().toString().toLowerCase(Locale.ROOT) + a.getShape());
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
