package dev.attrib.spi.conformance;

import ai.djl.ndarray.NDArray;
import dev.attrib.ig.Target;
import dev.attrib.internal.EngineTarget;
import dev.attrib.internal.Targets;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A garbage collection between a model's forward and backward pass, with the freed memory reused.
 *
 * <pre>{@code
 * Attribution a = ig.attribute(model, example, GcChurn.churning(target));
 * // must equal ig.attribute(model, example, target)
 * }</pre>
 *
 * <p>Why: DJL 0.35.1's PyTorch {@code mul/div/pow/maximum/minimum(Number)} put the number in a
 * tensor over a Java direct buffer and close it at once, while autograd keeps that tensor for the
 * backward pass. A GC in between frees the buffer, and the gradient is computed from whatever is
 * there then. A network written with those calls gives wrong attributions now and then; with this
 * target they are wrong every time, so a test can see it.
 */
public final class GcChurn {
  private GcChurn() {}

  private static final List<ByteBuffer> JUNK = new ArrayList<>();

  /** Runs the GC so dropped direct buffers are freed, then fills fresh ones with junk. */
  public static synchronized void churn() {
    for (int round = 0; round < 3; round++) {
      System.gc();
      try {
        Thread.sleep(15);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      for (int i = 0; i < 2000; i++) {
        ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
        b.putFloat(0, 1234.5f);
        JUNK.add(b);
      }
    }
    JUNK.clear();
  }

  /**
   * {@code t}, with a churn between the score (end of the forward) and its backward pass. A target
   * resolved on the input (the predicted class) is resolved as {@code t} would be, then churns.
   */
  public static Target churning(Target t) {
    return new EngineTarget() {
      @Override
      public NDArray select(NDArray output) {
        NDArray s = Targets.select(t, output);
        churn();
        return s;
      }

      @Override
      public String describe() {
        return t.describe();
      }

      @Override
      public int index() {
        return t.index();
      }

      @Override
      public boolean resolvesOnInput() {
        return t.resolvesOnInput();
      }

      @Override
      public Target resolve(NDArray outputAtInput) {
        return t.resolvesOnInput() ? churning(Targets.resolve(t, outputAtInput)) : this;
      }
    };
  }
}
