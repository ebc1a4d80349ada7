package dev.attrib.bench;

import dev.attrib.ig.EngineThreads;
import java.util.Locale;

/**
 * The reference for the thread benchmark ({@code bench/threads/run.sh}): how much this machine
 * slows a single-threaded job down beside busy processes, with no attrib and no JVM start in it.
 *
 * <pre>{@code
 * java -Dai.djl.offline=true -jar bench/target/attrib-bench.jar contention-reference
 * java ... contention-reference --seconds 1.5                   # calibrate both counts (default)
 * java ... contention-reference --calls N --iterations M        # fixed counts, as found before
 * }</pre>
 *
 * <p>Two timed parts, each one line on standard output:
 *
 * <ul>
 *   <li>{@code pytorch-loop calls=N seconds=X}: N calls of {@link IgOverheadBenchmark#floor} at m =
 *       32 (one batched forward+backward of its MLP) on one PyTorch thread: the floating-point work
 *       attrib's batches are made of;
 *   <li>{@code integer-loop iterations=N seconds=X result=R}: an xorshift over a long, N steps:
 *       work that needs no floating-point units, so what it loses is mostly the scheduler's share.
 * </ul>
 *
 * <p>A count not given is calibrated after the warm-up so that its part takes about {@code
 * --seconds} here and now; it is fixed before the timed part starts and printed, so a run under
 * contention can be given the same counts and do exactly the same work. The ratio of the two runs'
 * seconds is then what the machine allows a single-threaded job, the bound against which attrib's
 * own ratio is to be read. Exit code 0 whatever the numbers: this is a measurement, not a gate.
 */
final class ContentionReference {
  private ContentionReference() {}

  /** The floor's m (rows of its one batch): the smaller of {@link Bench}'s default step counts. */
  static final int STEPS = 32;

  /**
   * Untimed floor calls before anything is timed: a fixed count, not a time, so that a run under
   * contention has the same code compiled by the JIT when its timed part starts (a time-bound
   * warm-up would do fewer calls there, and leave compilation to run beside the timed part).
   */
  static final int WARM_UP_CALLS = 2_000;

  /**
   * Untimed calls of {@link #xorshift} before anything is timed, each of {@link #WARM_UP_STEPS}.
   */
  static final int WARM_UP_LOOPS = 2_000;

  static final long WARM_UP_STEPS = 50_000;

  /** The integer loop's start. */
  static final long SEED = 0x9E3779B97F4A7C15L;

  /** Where untimed loops leave their results, so the JIT cannot drop them either. */
  static volatile long sink;

  public static void main(String[] args) {
    double seconds = 1.5;
    long calls = 0;
    long iterations = 0;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--seconds" -> seconds = Double.parseDouble(args[++i]);
          case "--calls" -> calls = Long.parseLong(args[++i]);
          case "--iterations" -> iterations = Long.parseLong(args[++i]);
          default -> throw new IllegalArgumentException(args[i]);
        }
      }
    } catch (RuntimeException e) {
      usage();
    }
    if (!(seconds > 0) || calls < 0 || iterations < 0) {
      usage();
    }
    System.setProperty("ai.djl.offline", "true");
    // Before the engine loads (it reads them once): one intra-op thread, as attrib's default, and
    // one inter-op thread, so no pool of PyTorch's own can compete with the timed thread.
    System.setProperty("ai.djl.pytorch.num_threads", "1");
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");

    IgOverheadBenchmark b = new IgOverheadBenchmark();
    b.steps = STEPS;
    b.setUp(); // loads the engine
    try {
      // Nothing (a -D given by hand, another DJL) may make the reference multi-threaded.
      if (EngineThreads.intraOp() != 1 || EngineThreads.interOp() != 1) {
        throw new IllegalStateException(
            "PyTorch runs "
                + EngineThreads.intraOp()
                + " intra-op and "
                + EngineThreads.interOp()
                + " inter-op threads, not 1 and 1");
      }
      for (int i = 0; i < WARM_UP_CALLS; i++) {
        b.floor();
      }
      if (calls == 0) {
        calls = calibrate(seconds, n -> floorCalls(b, n));
      }
      long t0 = System.nanoTime();
      floorCalls(b, calls);
      double elapsed = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "pytorch-loop calls=%d seconds=%.4f%n", calls, elapsed);
    } finally {
      b.tearDown();
    }

    for (int i = 0; i < WARM_UP_LOOPS; i++) {
      sink ^= xorshift(SEED + i, WARM_UP_STEPS);
    }
    if (iterations == 0) {
      iterations = calibrate(seconds, n -> sink ^= xorshift(SEED, n));
    }
    long t0 = System.nanoTime();
    long result = xorshift(SEED, iterations);
    double elapsed = (System.nanoTime() - t0) / 1e9;
    // Printed so the JIT cannot drop the loop; from a fixed seed, so runs with the same count show
    // the same result, i.e. did the same work.
    System.out.printf(
        Locale.ROOT,
        "integer-loop iterations=%d seconds=%.4f result=%016x%n",
        iterations,
        elapsed,
        result);
  }

  private static void usage() {
    System.err.println(
        "usage: attrib-bench contention-reference [--seconds S] [--calls N] [--iterations N]");
    System.exit(2);
  }

  private static void floorCalls(IgOverheadBenchmark b, long n) {
    for (long i = 0; i < n; i++) {
      b.floor();
    }
  }

  /** Marsaglia's xorshift64, {@code n} steps from {@code x}: a dependent chain of integer ops. */
  static long xorshift(long x, long n) {
    for (long i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
    }
    return x;
  }

  /**
   * The count for a part of about {@code seconds}: doubles a trial count until a trial takes a
   * tenth of that (at least 50 ms, so the clock and a stray scheduler slice hardly matter), then
   * scales.
   */
  private static long calibrate(double seconds, java.util.function.LongConsumer part) {
    double enough = Math.max(0.05, seconds / 10);
    for (long n = 1; ; n *= 2) {
      long t0 = System.nanoTime();
      part.accept(n);
      double elapsed = (System.nanoTime() - t0) / 1e9;
      if (elapsed >= enough) {
        return Math.max(1, Math.round(n * seconds / elapsed));
      }
    }
  }
}
