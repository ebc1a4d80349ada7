package dev.attrib.spi;

import java.util.Arrays;

/**
 * A plain, engine-free tensor value: a shape and row-major data, either float32 or int64.
 *
 * <p>This is what crosses attrib's public API instead of an {@code NDArray}, so results outlive
 * every native memory scope. Exactly one of {@link #floats()} and {@link #longs()} is non-null.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new float[] {3f, 1f}, 2);          // shape [2]
 * Tensor mask = Tensor.ofLongs(new long[] {1, 1, 0}, 3);   // int64 [3]
 * }</pre>
 */
public record Tensor(long[] shape, float[] floats, long[] longs) {

  public Tensor {
    shape = shape.clone();
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n *= d;
    }
    if ((floats == null) == (longs == null)) {
      throw new IllegalArgumentException("a tensor holds either floats or longs");
    }
    long have = floats != null ? floats.length : longs.length;
    if (have != n) {
      throw new IllegalArgumentException(
          "shape "
              + Arrays.toString(shape)
              + " needs "
              + n
              + " values but "
              + have
              + " were given");
    }
  }

  /** A float32 tensor; with no shape given, a vector. */
  public static Tensor of(float[] data, long... shape) {
    return new Tensor(shape.length == 0 ? new long[] {data.length} : shape, data.clone(), null);
  }

  /** An int64 tensor (masks, token ids); with no shape given, a vector. */
  public static Tensor ofLongs(long[] data, long... shape) {
    return new Tensor(shape.length == 0 ? new long[] {data.length} : shape, null, data.clone());
  }

  /** A float32 tensor of zeros. */
  public static Tensor zeros(long... shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return new Tensor(shape, new float[Math.toIntExact(n)], null);
  }

  public boolean isFloat() {
    return floats != null;
  }

  /** Number of elements. */
  public int size() {
    return floats != null ? floats.length : longs.length;
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** The float data (a copy); fails for an int64 tensor. */
  @Override
  public float[] floats() {
    if (floats == null) {
      throw new IllegalStateException("int64 tensor has no float data");
    }
    return floats.clone();
  }

  /** The int64 data (a copy); fails for a float tensor. */
  @Override
  public long[] longs() {
    if (longs == null) {
      throw new IllegalStateException("float tensor has no int64 data");
    }
    return longs.clone();
  }

  /** Element {@code i} in row-major order, as a double. */
  public double get(int i) {
    return floats != null ? floats[i] : longs[i];
  }

  /** Sum of all elements in double precision, in index order. */
  public double sum() {
    double s = 0;
    for (int i = 0; i < size(); i++) {
      s += get(i);
    }
    return s;
  }

  /** The same data with another shape of the same size. */
  public Tensor reshape(long... newShape) {
    return new Tensor(newShape, floats, longs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t
        && Arrays.equals(shape, t.shape)
        && Arrays.equals(floats, t.floats)
        && Arrays.equals(longs, t.longs);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(floats)) + Arrays.hashCode(longs);
  }

  @Override
  public String toString() {
    String data = floats != null ? Arrays.toString(floats) : Arrays.toString(longs);
    if (data.length() > 120) {
      data = data.substring(0, 117) + "...";
    }
    return (floats != null ? "float32" : "int64") + Arrays.toString(shape) + " " + data;
  }
}
