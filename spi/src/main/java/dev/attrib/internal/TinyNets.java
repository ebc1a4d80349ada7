package dev.attrib.internal;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * The seeded tiny networks of {@code attrib selfcheck} ({@link dev.attrib.ig.SelfCheck}) and of the
 * core's tests: analytic models whose weights are plain Java arrays, turned into arrays in the
 * caller's scope on each call.
 */
public final class TinyNets {
  private TinyNets() {}

  /**
   * A small conv net with seeded weights: a 3×3 convolution (padding 1) from {@code inChannels} to
   * {@code channels}, ReLU, 3×3 max-pooling with stride 3, and a linear layer to {@code out}
   * outputs; with or without biases. {@code convNet(cpu, 1, 4, 8, 2, false, 4)} is the bias-free
   * net on 8×8 images whose batched gradients PyTorch 2.7.1's oneDNN got wrong on some CPUs.
   */
  public static ModelFunction convNet(
      Device device, int inChannels, int channels, int size, int out, boolean bias, long seed) {
    Random r = new Random(seed);
    float[] k = new float[channels * inChannels * 3 * 3];
    for (int i = 0; i < k.length; i++) {
      k[i] = (float) (r.nextGaussian() / 3);
    }
    int pooled = size / 3;
    int features = channels * pooled * pooled;
    float[] w = new float[features * out];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (r.nextGaussian() / 6);
    }
    float[] kb = new float[channels];
    float[] wb = new float[out];
    if (bias) {
      for (int i = 0; i < kb.length; i++) {
        kb[i] = (float) (0.1 * r.nextGaussian());
      }
      for (int i = 0; i < wb.length; i++) {
        wb[i] = (float) (0.1 * r.nextGaussian());
      }
    }
    return onDevice(
        in -> {
          NDArray x = in.head();
          NDManager m = x.getManager();
          NDArray h =
              ai.djl.nn.Activation.relu(
                  ai.djl.nn.convolutional.Conv2d.conv2d(
                          x,
                          m.create(k, new Shape(channels, inChannels, 3, 3)),
                          bias ? m.create(kb) : null,
                          new Shape(1, 1),
                          new Shape(1, 1),
                          new Shape(1, 1),
                          1)
                      .head());
          h =
              ai.djl.nn.pooling.Pool.maxPool2d(
                  h, new Shape(3, 3), new Shape(3, 3), new Shape(0, 0), false);
          NDArray y =
              h.reshape(h.getShape().get(0), -1).matMul(m.create(w, new Shape(features, out)));
          return bias ? y.add(m.create(wb)) : y;
        },
        device);
  }

  /** {@code f} on {@code device}: its inputs are created there. */
  public static ModelFunction onDevice(ModelFunction f, Device device) {
    return new ModelFunction() {
      @Override
      public NDArray forward(ai.djl.ndarray.NDList inputs) {
        return f.forward(inputs);
      }

      @Override
      public Device device() {
        return device;
      }
    };
  }

  /**
   * A two-layer perceptron with seeded weights: tanh or ReLU hidden layer, with or without biases.
   * Weights are plain Java arrays, turned into arrays in the caller's scope on each call.
   */
  public static ModelFunction mlp(
      Device device, int in, int hidden, int out, boolean tanh, boolean bias, long seed) {
    return mlp(device, in, hidden, out, tanh, bias, seed, DataType.FLOAT32);
  }

  /** As above, computing in {@code type} (float32 or float64). */
  public static ModelFunction mlp(
      Device device,
      int in,
      int hidden,
      int out,
      boolean tanh,
      boolean bias,
      long seed,
      DataType type) {
    Random r = new Random(seed);
    float[] w1 = new float[in * hidden];
    float[] b1 = new float[hidden];
    float[] w2 = new float[hidden * out];
    float[] b2 = new float[out];
    for (int i = 0; i < w1.length; i++) {
      w1[i] = (float) (r.nextGaussian() / Math.sqrt(in));
    }
    for (int i = 0; i < w2.length; i++) {
      w2[i] = (float) (r.nextGaussian() / Math.sqrt(hidden));
    }
    if (bias) {
      for (int i = 0; i < hidden; i++) {
        b1[i] = (float) (0.1 * r.nextGaussian());
      }
      for (int i = 0; i < out; i++) {
        b2[i] = (float) (0.1 * r.nextGaussian());
      }
    }
    return new ModelFunction() {
      @Override
      public NDArray forward(ai.djl.ndarray.NDList inputs) {
        NDArray x = inputs.head();
        NDManager m = x.getManager();
        NDArray h = x.matMul(m.create(w1, new Shape(in, hidden)).toType(type, false));
        if (bias) {
          h = h.add(m.create(b1).toType(type, false));
        }
        h = tanh ? h.tanh() : ai.djl.nn.Activation.relu(h);
        NDArray y = h.matMul(m.create(w2, new Shape(hidden, out)).toType(type, false));
        return bias ? y.add(m.create(b2).toType(type, false)) : y;
      }

      @Override
      public DataType dataType() {
        return type;
      }

      @Override
      public Device device() {
        return device;
      }
    };
  }
}
