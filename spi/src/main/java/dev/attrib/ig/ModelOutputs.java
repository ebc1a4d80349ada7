package dev.attrib.ig;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.attrib.internal.Activations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /** Rows of one forward pass, at most: bounds its memory, and keeps a group's batches large. */
  static final int ROWS = 256;

  /**
   * {@link #at} for each example, with examples of one shape in one forward pass (up to {@link
   * #ROWS} rows): the same numbers up to float32 round-off of another batch.
   */
  public static List<double[]> atEach(Model model, List<Example> examples, Activation activation) {
    double[][] out = new double[examples.size()][];
    Map<List<Object>, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < examples.size(); i++) {
      groups
          .computeIfAbsent(PathEvaluator.signature(examples.get(i)), k -> new ArrayList<>())
          .add(i);
    }
    for (List<Integer> members : groups.values()) {
      for (int from = 0; from < members.size(); from += ROWS) {
        List<Integer> part = members.subList(from, Math.min(members.size(), from + ROWS));
        List<Example> group = new ArrayList<>(part.size());
        for (int i : part) {
          group.add(examples.get(i));
        }
        PathEvaluator ev = new PathEvaluator(model, group);
        try (NDManager m = NDManager.newBaseManager(model.device())) {
          NDArray flat = ev.forwardEach(m).reshape(part.size(), -1);
          double[] all =
              Activations.apply(activation, flat).toType(DataType.FLOAT64, false).toDoubleArray();
          int per = all.length / part.size();
          for (int j = 0; j < part.size(); j++) {
            out[part.get(j)] = Arrays.copyOfRange(all, j * per, (j + 1) * per);
          }
        }
      }
    }
    return List.of(out);
  }
}
