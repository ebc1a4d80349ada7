package dev.attrib.internal;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import dev.attrib.ig.Model;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A differentiable model as the attribution core runs it: batch-first inputs in the model's forward
 * order in, the model output ({@code [B, ...]}) out. Engine-facing and internal (see the
 * {@linkplain dev.attrib.internal package}); the public API names the {@link Model} this extends,
 * and the core finds the function behind a model with {@link #of(Model)}.
 *
 * <p>This is the one place where engine arrays meet a model: implementations run inside the core's
 * {@code NDManager} scope and must not keep references to the arrays they are given. The output
 * must depend on each batch row independently (no batch statistics) and be differentiable with
 * respect to every float input. A lambda over DJL operations is enough for analytic functions:
 *
 * <pre>{@code
 * ModelFunction step = in -> ai.djl.nn.Activation.relu(in.head().neg().add(1)).neg().add(1);
 * }</pre>
 *
 * <p>Do not pass plain numbers to {@code mul}, {@code div}, {@code pow}, {@code maximum} or {@code
 * minimum} (their {@code Number} overloads) in code that gradients flow through: on DJL 0.35.1's
 * PyTorch engine they wrap the number in a tensor over a Java direct buffer and close it at once,
 * autograd keeps that tensor for the backward pass, and once the garbage collector frees the buffer
 * the gradient is computed from whatever memory is there — wrong attributions, now and then. Use
 * the engine's own operation ({@code ai.djl.nn.Activation.relu}, {@code sigmoid}, {@code square})
 * or a constant made on the inputs' manager, which stays open until the core closes the scope:
 * {@code x.mul(x.getManager().create(2f))}. ({@code add} and {@code sub} with a number are safe:
 * their gradient does not read the number.)
 */
@FunctionalInterface
public interface ModelFunction extends Model {

  /** Runs the model on one batch; inputs are in forward order, batch-first. */
  NDArray forward(NDList inputs);

  /**
   * The float type the model computes in: float32 (the default) or float64. Float inputs are
   * created in this type; float64 lets analytic checks resolve the integral below float32
   * round-off.
   */
  default DataType dataType() {
    return DataType.FLOAT32;
  }

  /** The device the model lives on; inputs are created there. */
  @Override
  default Device device() {
    return Device.cpu();
  }

  /**
   * What to throw when the engine fails in the backward pass from this model's output to its
   * inputs. By default {@code failure} itself: for a function written in code it is a bug. A model
   * loaded from a folder turns it into one line about the model and what to do (e.g. re-trace with
   * gradients enabled), since there the network is the user's.
   */
  default RuntimeException backwardFailure(RuntimeException failure) {
    return failure;
  }

  /**
   * The function behind a public model: the model itself when it is one, the function a {@link
   * EngineModel} (a {@link dev.attrib.model.LoadedModel}) hands out, and the same object on every
   * call for the same model (the core keeps per-model state, such as the engine check, by it).
   *
   * @throws IllegalArgumentException for any other implementation of {@link Model} (a programming
   *     error, not bad input)
   */
  static ModelFunction of(Model model) {
    Objects.requireNonNull(model, "model");
    if (model instanceof ModelFunction f) {
      return f;
    }
    if (model instanceof EngineModel e) {
      return e.function();
    }
    throw new IllegalArgumentException(
        "attrib cannot run a "
            + model.getClass().getName()
            + ": a model is a LoadedModel (ModelLoader.load) or a dev.attrib.internal.ModelFunction");
  }

  /**
   * A function made of parts, for a model class outside this package (whose public methods must not
   * name engine arrays): computing in float32 on {@code device}, running {@code forward}, and
   * turning a backward failure into {@code backwardFailure}'s exception.
   */
  static ModelFunction create(
      Device device,
      Function<NDList, NDArray> forward,
      UnaryOperator<RuntimeException> backwardFailure) {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(forward, "forward");
    Objects.requireNonNull(backwardFailure, "backwardFailure");
    return new ModelFunction() {
      @Override
      public NDArray forward(NDList inputs) {
        return forward.apply(inputs);
      }

      @Override
      public Device device() {
        return device;
      }

      @Override
      public RuntimeException backwardFailure(RuntimeException failure) {
        return backwardFailure.apply(failure);
      }
    };
  }
}
