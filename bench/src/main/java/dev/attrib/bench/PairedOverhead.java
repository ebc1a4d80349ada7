package dev.attrib.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * The same question as {@link IgOverheadBenchmark}, measured in pairs: floor and IG run in
 * alternating short blocks in one JVM, and the overhead is the median over blocks of {@code IG /
 * floor − 1}. JMH measures the two benchmarks in separate forks, seconds apart, so any drift in the
 * machine's speed (another process, frequency changes) lands on one side only; on a small shared VM
 * that drift is as large as the effect. Pairing puts both sides under the same conditions, and the
 * median ignores the blocks a disturbance hit.
 *
 * <pre>{@code
 * java -Dai.djl.offline=true -jar bench/target/attrib-bench.jar --paired          # m = 32, 128
 * }</pre>
 */
final class PairedOverhead {
  private PairedOverhead() {}

  /** Blocks measured per step count. */
  static final int BLOCKS = 60;

  /** Calls of each side per block. */
  static final int CALLS = 20;

  /**
   * Untimed calls of each side first (JIT, allocator, engine caches). With 300, as this bench first
   * had, the first of three back-to-back measurements at m = 32 read 14% and the third 7%: IG's
   * Java code was still being compiled (C2 waits for thousands of calls), so the "overhead" was
   * partly the JIT's. From 5,000 on, three measurements in a row agree (6.5–7.5%). That is about 4
   * s at m = 32 and 11 s at m = 128, of the order of JMH's 3 × 1 s warm-up for the other table.
   */
  static final int WARM_UP = 5_000;

  /**
   * One row of the table.
   *
   * @param steps m
   * @param floorMs median floor time per call
   * @param igMs median IG time per call
   * @param median median block overhead, percent
   * @param q1 first quartile of the block overheads, percent
   * @param q3 third quartile, percent
   */
  record Row(int steps, double floorMs, double igMs, double median, double q1, double q3) {}

  static Row measure(int steps) {
    IgOverheadBenchmark b = new IgOverheadBenchmark();
    b.steps = steps;
    b.setUp();
    try {
      for (int i = 0; i < WARM_UP; i++) {
        b.floor();
        b.ig();
      }
      double[] floor = new double[BLOCKS];
      double[] ig = new double[BLOCKS];
      double[] overhead = new double[BLOCKS];
      for (int k = 0; k < BLOCKS; k++) {
        // Alternate which side goes first, so neither always follows the other's garbage.
        boolean floorFirst = k % 2 == 0;
        double f = 0;
        double g = 0;
        for (int side = 0; side < 2; side++) {
          boolean doFloor = (side == 0) == floorFirst;
          long t0 = System.nanoTime();
          for (int i = 0; i < CALLS; i++) {
            if (doFloor) {
              b.floor();
            } else {
              b.ig();
            }
          }
          double ms = (System.nanoTime() - t0) / 1e6 / CALLS;
          if (doFloor) {
            f = ms;
          } else {
            g = ms;
          }
        }
        floor[k] = f;
        ig[k] = g;
        overhead[k] = 100 * (g / f - 1);
      }
      return new Row(
          steps,
          quantile(floor, 0.5),
          quantile(ig, 0.5),
          quantile(overhead, 0.5),
          quantile(overhead, 0.25),
          quantile(overhead, 0.75));
    } finally {
      b.tearDown();
    }
  }

  static double quantile(double[] values, double q) {
    double[] v = values.clone();
    Arrays.sort(v);
    double pos = q * (v.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(v.length - 1, lo + 1);
    return v[lo] + (pos - lo) * (v[hi] - v[lo]);
  }

  static String format(Row r) {
    return String.format(
        Locale.ROOT,
        "%6d %14.3f %10.3f %11.1f%% %8.1f%% .. %5.1f%%  %s",
        r.steps(),
        r.floorMs(),
        r.igMs(),
        r.median(),
        r.q1(),
        r.q3(),
        r.median() < Bench.TARGET_OVERHEAD_PERCENT ? "ok" : "OVER");
  }
}
