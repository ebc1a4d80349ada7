package dev.attrib.ig;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Evaluates the target score, and optionally its gradient, at many points of one example, in
 * batches. A point is one float array per attributable input; fixed inputs are repeated.
 *
 * <p>Points are fed in the order given and their gradients are handed back in that order, so the
 * callers' sums have a fixed reduction order whatever the batch size. Every native array lives in
 * one {@link NDManager} per batch that is closed before the next batch starts, so memory stays
 * bounded by one batch however many points there are.
 */
final class PathEvaluator {

  /** Receives the gradient of point {@code p}: one array per attributable input. */
  interface GradientSink {
    void accept(int point, float[][] gradient);
  }

  private final ModelFunction model;
  private final Example example;
  private final List<NamedTensor> inputs;
  private final int[] attributableSlots;
  private final int[] sizes;

  PathEvaluator(ModelFunction model, Example example) {
    this.model = model;
    this.example = example;
    this.inputs = example.inputs();
    List<Integer> slots = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i).attributable()) {
        slots.add(i);
      }
    }
    this.attributableSlots = slots.stream().mapToInt(Integer::intValue).toArray();
    this.sizes = new int[attributableSlots.length];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = inputs.get(attributableSlots[i]).value().size();
    }
  }

  Example example() {
    return example;
  }

  int attributableCount() {
    return sizes.length;
  }

  int size(int attributable) {
    return sizes[attributable];
  }

  /** The input point itself. */
  float[][] inputPoint() {
    float[][] p = new float[sizes.length][];
    for (int i = 0; i < sizes.length; i++) {
      p[i] = inputs.get(attributableSlots[i]).value().floats();
    }
    return p;
  }

  /** Bytes one point costs in one forward/backward: inputs, their gradients, the output. */
  long bytesPerPoint(long outputElements, int activationFactor) {
    long inputBytes = 0;
    for (NamedTensor t : inputs) {
      inputBytes += (long) t.value().size() * (t.value().isFloat() ? 4 : 8);
    }
    return inputBytes * activationFactor + outputElements * 4L * 2;
  }

  /**
   * Resolves the target on the output at the input and returns it with F(x) and the output size.
   */
  Resolved resolve(Target target) {
    try (NDManager m = NDManager.newBaseManager(model.device())) {
      NDArray out = forward(m, List.<float[][]>of(inputPoint()));
      Target resolved = target.resolve(out);
      NDArray score = checkedScores(resolved.select(out), 1);
      return new Resolved(resolved, score.toType(DataType.FLOAT64, false).getDouble(0), out.size());
    }
  }

  record Resolved(Target target, double output, long outputElements) {}

  /** Target scores at the points, no gradients; batched. */
  double[] scores(List<float[][]> points, Target target, int batchSize) {
    return scores(points.size(), points::get, target, batchSize);
  }

  /** Target scores at {@code count} points made on demand, no gradients; batched. */
  double[] scores(int count, IntFunction<float[][]> pointAt, Target target, int batchSize) {
    double[] out = new double[count];
    for (int from = 0; from < count; from += batchSize) {
      int to = Math.min(count, from + batchSize);
      try (NDManager m = NDManager.newBaseManager(model.device())) {
        NDArray s = checkedScores(target.select(forward(m, points(pointAt, from, to))), to - from);
        double[] v = s.toType(DataType.FLOAT64, false).toDoubleArray();
        System.arraycopy(v, 0, out, from, v.length);
      }
    }
    return out;
  }

  /**
   * Target scores and their gradients at the points, batched; gradients go to {@code sink} in point
   * order.
   */
  double[] gradients(List<float[][]> points, Target target, int batchSize, GradientSink sink) {
    return gradients(points.size(), points::get, target, batchSize, sink);
  }

  /**
   * As {@link #gradients(List, Target, int, GradientSink)} with points made on demand, so only one
   * batch of points is ever held in memory.
   */
  double[] gradients(
      int count, IntFunction<float[][]> pointAt, Target target, int batchSize, GradientSink sink) {
    double[] out = new double[count];
    for (int from = 0; from < count; from += batchSize) {
      int to = Math.min(count, from + batchSize);
      int b = to - from;
      try (NDManager m = NDManager.newBaseManager(model.device())) {
        NDList batch = batch(m, points(pointAt, from, to));
        NDArray[] leaves = new NDArray[attributableSlots.length];
        for (int i = 0; i < leaves.length; i++) {
          leaves[i] = batch.get(attributableSlots[i]);
          leaves[i].setRequiresGradient(true);
        }
        try (Autograd gc = Autograd.open(m)) {
          NDArray s = checkedScores(target.select(model.forward(batch)), b);
          double[] v = s.toType(DataType.FLOAT64, false).toDoubleArray();
          System.arraycopy(v, 0, out, from, b);
          // Rows are independent, so d(sum)/d(row) is each row's own gradient.
          gc.backward(s.sum());
        }
        float[][] grads = new float[leaves.length][];
        for (int i = 0; i < leaves.length; i++) {
          NDArray g = leaves[i].getGradient();
          if (g == null) {
            throw new AttribException(
                "no gradient reached input '"
                    + inputs.get(attributableSlots[i]).name()
                    + "': the model output does not depend on it differentiably");
          }
          grads[i] = g.toType(DataType.FLOAT32, false).toFloatArray();
        }
        for (int r = 0; r < b; r++) {
          float[][] row = new float[leaves.length][];
          for (int i = 0; i < leaves.length; i++) {
            row[i] = new float[sizes[i]];
            System.arraycopy(grads[i], r * sizes[i], row[i], 0, sizes[i]);
          }
          sink.accept(from + r, row);
        }
      }
    }
    return out;
  }

  private static List<float[][]> points(IntFunction<float[][]> pointAt, int from, int to) {
    List<float[][]> out = new ArrayList<>(to - from);
    for (int p = from; p < to; p++) {
      out.add(pointAt.apply(p));
    }
    return out;
  }

  /** The model output at the points, for callers that need the whole output. */
  NDArray forwardRaw(NDManager m, List<float[][]> points) {
    return forward(m, points);
  }

  private NDArray forward(NDManager m, List<float[][]> points) {
    return model.forward(batch(m, points));
  }

  private NDList batch(NDManager m, List<float[][]> points) {
    int b = points.size();
    NDList list = new NDList(inputs.size());
    Map<Integer, Integer> slotToAttr = new HashMap<>();
    for (int i = 0; i < attributableSlots.length; i++) {
      slotToAttr.put(attributableSlots[i], i);
    }
    for (int slot = 0; slot < inputs.size(); slot++) {
      NamedTensor t = inputs.get(slot);
      long[] shape = t.value().shape();
      long[] batched = new long[shape.length + 1];
      batched[0] = b;
      System.arraycopy(shape, 0, batched, 1, shape.length);
      NDArray a;
      Integer attr = slotToAttr.get(slot);
      if (attr != null) {
        int n = sizes[attr];
        float[] data = new float[b * n];
        for (int r = 0; r < b; r++) {
          System.arraycopy(points.get(r)[attr], 0, data, r * n, n);
        }
        a = m.create(data, new Shape(batched));
      } else if (t.value().isFloat()) {
        float[] one = t.value().floats();
        float[] data = new float[b * one.length];
        for (int r = 0; r < b; r++) {
          System.arraycopy(one, 0, data, r * one.length, one.length);
        }
        a = m.create(data, new Shape(batched));
      } else {
        long[] one = t.value().longs();
        long[] data = new long[b * one.length];
        for (int r = 0; r < b; r++) {
          System.arraycopy(one, 0, data, r * one.length, one.length);
        }
        a = m.create(data, new Shape(batched));
      }
      if (t.value().isFloat() && model.dataType() != DataType.FLOAT32) {
        a = a.toType(model.dataType(), false);
      }
      a.setName(t.name());
      list.add(a);
    }
    return list;
  }

  private static NDArray checkedScores(NDArray s, int rows) {
    if (s.getShape().size() != rows) {
      throw new AttribException(
          "the target must give one score per batch row ("
              + rows
              + ") but gave shape "
              + s.getShape());
    }
    return s.reshape(rows);
  }

  /** Wraps float arrays of one point as tensors shaped like the attributable inputs. */
  List<Tensor> tensors(float[][] point) {
    List<Tensor> out = new ArrayList<>(point.length);
    for (int i = 0; i < point.length; i++) {
      out.add(Tensor.of(point[i], inputs.get(attributableSlots[i]).value().shape()));
    }
    return out;
  }

  List<String> attributableNames() {
    List<String> out = new ArrayList<>();
    for (int slot : attributableSlots) {
      out.add(inputs.get(slot).name());
    }
    return out;
  }
}
