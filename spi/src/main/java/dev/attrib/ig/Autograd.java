package dev.attrib.ig;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A gradient scope that several threads can hold at once.
 *
 * <p>DJL's {@code GradientCollector} allows only one collector in the whole JVM (a static flag), so
 * two threads attributing at the same time would fail with "A PtGradientCollector is already
 * collecting". PyTorch's own grad mode is thread-local, so on the PyTorch engine we switch it per
 * thread and call backward directly. Other engines fall back to DJL's collector, one thread at a
 * time.
 */
final class Autograd implements AutoCloseable {
  private static final ReentrantLock FALLBACK = new ReentrantLock();

  private final boolean pytorch;
  private final boolean wasOn;
  private final GradientCollector collector;

  private Autograd(boolean pytorch, boolean wasOn, GradientCollector collector) {
    this.pytorch = pytorch;
    this.wasOn = wasOn;
    this.collector = collector;
  }

  static Autograd open(NDManager manager) {
    if (manager instanceof PtNDManager) {
      boolean was = JniUtils.isGradMode();
      JniUtils.setGradMode(true);
      return new Autograd(true, was, null);
    }
    FALLBACK.lock();
    try {
      return new Autograd(false, false, Engine.getInstance().newGradientCollector());
    } catch (RuntimeException e) {
      FALLBACK.unlock();
      throw e;
    }
  }

  /**
   * d(sum of {@code values})/d(leaves), accumulated into each leaf's gradient. On PyTorch the
   * backward pass starts from ones shaped like {@code values}: exactly the gradient a sum would
   * pass down, without running the sum.
   */
  void backwardSum(NDArray values) {
    if (pytorch) {
      NDArray ones = values.onesLike();
      JniUtils.backward((PtNDArray) values, (PtNDArray) ones, false, false);
    } else {
      collector.backward(values.sum());
    }
  }

  @Override
  public void close() {
    if (pytorch) {
      JniUtils.setGradMode(wasOn);
    } else {
      try {
        collector.close();
      } finally {
        FALLBACK.unlock();
      }
    }
  }
}
