package dev.attrib.ig;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;

/**
 * A differentiable model as the attribution core sees it: batch-first inputs in the model's forward
 * order in, the model output ({@code [B, ...]}) out.
 *
 * <p>This is the one place where engine arrays meet attrib: implementations run inside the core's
 * {@code NDManager} scope and must not keep references to the arrays they are given. The output
 * must depend on each batch row independently (no batch statistics) and be differentiable with
 * respect to every float input. A lambda over DJL operations is enough for analytic functions:
 *
 * <pre>{@code
 * ModelFunction relu = in -> in.head().neg().add(1).maximum(0).neg().add(1); // 1 - ReLU(1 - x)
 * }</pre>
 */
@FunctionalInterface
public interface ModelFunction {

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
  default Device device() {
    return Device.cpu();
  }
}
