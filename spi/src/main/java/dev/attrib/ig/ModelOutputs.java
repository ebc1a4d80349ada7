package dev.attrib.ig;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.attrib.internal.Activations;
import java.util.List;

/** The model's raw output at an example's input, as plain numbers (for predictions). */
public final class ModelOutputs {
  private ModelOutputs() {}

  /**
   * The output for the example's input after {@code activation}, flattened (the batch dimension
   * removed): for a classifier, one number per class.
   */
  public static double[] at(Model model, Example example, Activation activation) {
    PathEvaluator ev = new PathEvaluator(model, example);
    try (NDManager m = NDManager.newBaseManager(model.device())) {
      NDArray out = ev.forwardRaw(m, List.<float[][]>of(ev.inputPoint()));
      NDArray flat = out.reshape(1, -1);
      return Activations.apply(activation, flat).toType(DataType.FLOAT64, false).toDoubleArray();
    }
  }
}
