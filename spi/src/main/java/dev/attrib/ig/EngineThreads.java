package dev.attrib.ig;

import ai.djl.pytorch.jni.JniUtils;
import dev.attrib.spi.AttribException;

/**
 * How many threads PyTorch computes with in this process.
 *
 * <pre>{@code
 * EngineThreads.use(1);            // before or after the engine starts
 * ... attribute ...
 * EngineThreads.intraOp();         // 1
 * }</pre>
 *
 * <p>The library leaves PyTorch's defaults alone unless told (libtorch: one intra-op thread per
 * physical core, or DJL's {@code ai.djl.pytorch.num_threads}); the CLI decides, and picks one
 * thread (see the README, "Threads"). Why one: attrib's models and batches are small, so a second
 * thread speeds a run up by far less than two, while beside another busy process its OpenMP workers
 * spin and wait for each other's time slices and a 100-question batch took up to ten times as long.
 *
 * <p>Intra-op threads can change at any time; the inter-op pool only before PyTorch first runs
 * parallel work, so {@link #use} sets it only when called before the engine starts (through DJL's
 * {@code ai.djl.pytorch.num_interop_threads}, which the engine reads when it starts). attrib runs
 * no inter-op work (no TorchScript {@code fork}; autograd on the CPU runs in the calling thread),
 * so one inter-op thread costs nothing and saves idle threads.
 */
public final class EngineThreads {
  private EngineThreads() {}

  /** The largest thread count accepted: far above any machine attrib runs on. */
  public static final int MAX = 1024;

  static final String INTRA_PROPERTY = "ai.djl.pytorch.num_threads";
  static final String INTER_PROPERTY = "ai.djl.pytorch.num_interop_threads";

  /**
   * Makes PyTorch compute with {@code threads} intra-op threads and one inter-op thread. Before the
   * engine starts, this sets DJL's properties, which win over any value given with {@code -D};
   * after, it changes the intra-op pool at once.
   *
   * @throws AttribException when {@code threads} is not between 1 and {@link #MAX}
   */
  public static synchronized void use(int threads) {
    if (threads < 1 || threads > MAX) {
      throw new AttribException(
          "threads must be between 1 and " + MAX + ", not " + threads,
          AttribException.BAD_INPUT,
          null);
    }
    System.setProperty(INTRA_PROPERTY, Integer.toString(threads));
    System.setProperty(INTER_PROPERTY, "1");
    if (EngineCheck.engineStarted()) {
      JniUtils.setNumThreads(threads);
    }
  }

  /** The intra-op threads PyTorch uses now; starts the engine if it has not started. */
  public static int intraOp() {
    EngineCheck.requireEngine();
    return JniUtils.getNumThreads();
  }

  /** The inter-op threads PyTorch uses now; starts the engine if it has not started. */
  public static int interOp() {
    EngineCheck.requireEngine();
    return JniUtils.getNumInteropThreads();
  }
}
