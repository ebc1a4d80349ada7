package dev.attrib.ig;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Tensor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
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
      return new Resolved(resolved, doubles(score)[0], out.size());
    }
  }

  record Resolved(Target target, double output, long outputElements) {}

  /**
   * Resolves the target on the input and scores the input and {@code others} in as few forwards as
   * the batch size allows (one, usually): returns the resolved target, F(x) and F(others).
   */
  Resolved resolveWith(Target target, List<float[][]> others, int batchSize, double[] otherScores) {
    List<float[][]> first = new ArrayList<>();
    first.add(inputPoint());
    int head = Math.min(others.size(), Math.max(0, batchSize - 1));
    first.addAll(others.subList(0, head));
    Target resolved;
    double fx;
    long elements;
    try (NDManager m = NDManager.newBaseManager(model.device())) {
      NDArray out = forward(m, first);
      elements = out.size() / first.size();
      resolved = target.resolvesOnInput() ? target.resolve(out.get("0:1")) : target;
      double[] v = doubles(checkedScores(resolved.select(out), first.size()));
      fx = v[0];
      System.arraycopy(v, 1, otherScores, 0, head);
    }
    if (head < others.size()) {
      double[] rest = scores(others.subList(head, others.size()), resolved, batchSize);
      System.arraycopy(rest, 0, otherScores, head, rest.length);
    }
    return new Resolved(resolved, fx, elements);
  }

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
        double[] v = doubles(s);
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
    // Adapter over the array-filling form; the last point made is reused for all its inputs.
    Object[] last = {-1, null};
    PointFiller filler =
        (p, i, dest, off) -> {
          if ((int) last[0] != p) {
            last[0] = p;
            last[1] = pointAt.apply(p);
          }
          float[] v = ((float[][]) last[1])[i];
          System.arraycopy(v, 0, dest, off, v.length);
        };
    int k = attributableSlots.length;
    return gradients(
        count,
        0,
        filler,
        target,
        batchSize,
        (p, grads, row) -> {
          float[][] g = new float[k][];
          for (int i = 0; i < k; i++) {
            g[i] = new float[sizes[i]];
            System.arraycopy(grads[i], row * sizes[i], g[i], 0, sizes[i]);
          }
          sink.accept(p, g);
        });
  }

  /** Writes attributable input {@code input} of point {@code point} into {@code dest}. */
  interface PointFiller {
    void fill(int point, int input, float[] dest, int offset);
  }

  /**
   * Receives the gradients of point {@code point}: row {@code row} of each batch gradient array
   * (input {@code i}'s values are at {@code row * size(i)}). The arrays are reused: read, don't
   * keep.
   */
  interface RowSink {
    void accept(int point, float[][] batchGradients, int row);
  }

  /**
   * Target scores and gradients at {@code count} points written straight into the batch arrays,
   * with no per-point copies. The first {@code extra} points ride along in the first batch on top
   * of {@code batchSize} (IG uses them for F(x) and F(x'): one pass instead of two more).
   */
  double[] gradients(
      int count, int extra, PointFiller filler, Target target, int batchSize, RowSink sink) {
    double[] out = new double[count];
    int from = 0;
    while (from < count) {
      int to = Math.min(count, from + batchSize + (from == 0 ? extra : 0));
      int b = to - from;
      try (NDManager m = NDManager.newBaseManager(model.device())) {
        NDList batch = filledBatch(m, from, to, filler);
        NDArray[] leaves = new NDArray[attributableSlots.length];
        for (int i = 0; i < leaves.length; i++) {
          leaves[i] = batch.get(attributableSlots[i]);
          leaves[i].setRequiresGradient(true);
        }
        try (Autograd gc = Autograd.open(m)) {
          NDArray s = checkedScores(target.select(model.forward(batch)), b);
          double[] v = doubles(s);
          System.arraycopy(v, 0, out, from, b);
          // Rows are independent, so d(sum)/d(row) is each row's own gradient.
          try {
            gc.backwardSum(s);
          } catch (EngineException e) {
            throw model.backwardFailure(e);
          }
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
          sink.accept(from + r, grads, r);
        }
      }
      from = to;
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

  private NDList filledBatch(NDManager m, int from, int to, PointFiller filler) {
    float[][] data = new float[attributableSlots.length][];
    for (int i = 0; i < data.length; i++) {
      data[i] = new float[(to - from) * sizes[i]];
      for (int p = from; p < to; p++) {
        filler.fill(p, i, data[i], (p - from) * sizes[i]);
      }
    }
    return assemble(m, to - from, data);
  }

  private NDList batch(NDManager m, List<float[][]> points) {
    int b = points.size();
    float[][] data = new float[attributableSlots.length][];
    for (int i = 0; i < data.length; i++) {
      data[i] = new float[b * sizes[i]];
      for (int r = 0; r < b; r++) {
        System.arraycopy(points.get(r)[i], 0, data[i], r * sizes[i], sizes[i]);
      }
    }
    return assemble(m, b, data);
  }

  /** The batch: attributable inputs from {@code data}, fixed inputs repeated {@code b} times. */
  private NDList assemble(NDManager m, int b, float[][] data) {
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
        a = floats(m, data[attr], new Shape(batched));
      } else if (t.value().isFloat()) {
        float[] one = t.value().floats();
        float[] rep = new float[b * one.length];
        for (int r = 0; r < b; r++) {
          System.arraycopy(one, 0, rep, r * one.length, one.length);
        }
        a = floats(m, rep, new Shape(batched));
      } else {
        long[] one = t.value().longs();
        long[] rep = new long[b * one.length];
        for (int r = 0; r < b; r++) {
          System.arraycopy(one, 0, rep, r * one.length, one.length);
        }
        a = m.create(rep, new Shape(batched));
      }
      if (t.value().isFloat() && model.dataType() != DataType.FLOAT32) {
        a = a.toType(model.dataType(), false);
      }
      a.setName(t.name());
      list.add(a);
    }
    return list;
  }

  /**
   * A float32 array holding {@code data}. On PyTorch's CPU engine it is allocated by PyTorch and
   * written through a view of its own memory: DJL's {@code create(float[])} first copies into a
   * fresh Java direct buffer, whose allocation (malloc, zeroing, new pages, a Cleaner) cost more
   * than the copy and whose memory is only given back at a later GC, not when the scope closes.
   */
  private static NDArray floats(NDManager m, float[] data, Shape shape) {
    if (data.length > 0
        && m instanceof PtNDManager
        && Device.cpu().equals(m.getDevice())
        && viewWrites(m)) {
      NDArray a = m.create(shape, DataType.FLOAT32);
      // A fresh dense CPU tensor is contiguous, so this direct buffer is its memory, not a copy;
      // anything else (a heap copy) would leave the tensor unwritten, so fall back.
      ByteBuffer memory = a.toByteBuffer(true);
      if (memory.isDirect()) {
        memory.asFloatBuffer().put(data);
        return a;
      }
      a.close();
    }
    return m.create(data, shape);
  }

  /** Whether writing through a tensor's direct buffer writes the tensor; asked once per JVM. */
  private static volatile Boolean viewWrites;

  /**
   * That the buffer is a view and not a copy (and in native byte order) is how DJL's PyTorch engine
   * behaves, not a documented contract; a probe on a small tensor checks it once, so a different
   * engine build falls back to the copying path instead of leaving inputs unwritten.
   */
  private static boolean viewWrites(NDManager m) {
    Boolean v = viewWrites;
    if (v == null) {
      float[] probe = {1.5f, -2f, 3.25f, 7f};
      try (NDManager scope = m.newSubManager()) {
        NDArray a = scope.create(new Shape(probe.length), DataType.FLOAT32);
        ByteBuffer memory = a.toByteBuffer(true);
        boolean ok = false;
        if (memory.isDirect()) {
          memory.asFloatBuffer().put(probe);
          ok = Arrays.equals(probe, a.toFloatArray());
        }
        v = ok;
        viewWrites = v;
      }
    }
    return v;
  }

  /**
   * The scores as doubles. A float32 array is read as floats and widened here, which is exact and
   * gives the same values as {@code toType(FLOAT64)} without one more native op per batch.
   */
  private static double[] doubles(NDArray s) {
    if (s.getDataType() == DataType.FLOAT32) {
      float[] f = s.toFloatArray();
      double[] d = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        d[i] = f[i];
      }
      return d;
    }
    return s.toType(DataType.FLOAT64, false).toDoubleArray();
  }

  private static NDArray checkedScores(NDArray s, int rows) {
    Shape shape = s.getShape();
    if (shape.size() != rows) {
      throw new AttribException(
          "the target must give one score per batch row (" + rows + ") but gave shape " + shape);
    }
    // Already [rows] (a class column is): no reshape, which would be one more native op.
    return shape.dimension() == 1 ? s : s.reshape(rows);
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
