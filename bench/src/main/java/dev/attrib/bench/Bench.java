package dev.attrib.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link IgOverheadBenchmark} and prints, per step count, the floor, IG and IG's overhead.
 *
 * <pre>{@code
 * java -Dai.djl.offline=true -jar bench/target/attrib-bench.jar                # m = 32, 128
 * java -Dai.djl.offline=true -jar bench/target/attrib-bench.jar 16 64         # other step counts
 * java -Dai.djl.offline=true -jar bench/target/attrib-bench.jar --threads 2   # PyTorch threads
 * java -Dai.djl.offline=true -jar bench/target/attrib-bench.jar xdnn-scale    # see XdnnScale
 * java -Dai.djl.offline=true -jar bench/target/attrib-bench.jar text-cnn      # see TextCnnBench
 * java -Dai.djl.offline=true -jar bench/target/attrib-bench.jar contention-reference
 *                                                  # see ContentionReference
 * }</pre>
 *
 * <p>Exit code 0 whatever the result: this is a measurement, not a gate.
 */
public final class Bench {

  /** The overhead the core aims to stay under, in percent of the floor. */
  static final double TARGET_OVERHEAD_PERCENT = 10.0;

  private Bench() {}

  public static void main(String[] args) throws RunnerException {
    if (args.length > 0 && args[0].equals("xdnn-scale")) {
      XdnnScale.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("text-cnn")) {
      TextCnnBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("contention-reference")) {
      ContentionReference.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    // The engine must never try to download anything, here or in the forks.
    System.setProperty("ai.djl.offline", "true");
    int threads = 1;
    boolean paired = false;
    List<String> stepList = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--threads") && i + 1 < args.length) {
        threads = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--paired")) {
        paired = true;
      } else if (args[i].matches("[1-9][0-9]*")) {
        stepList.add(args[i]);
      } else {
        System.err.println(
            "usage: attrib-bench [--paired] [--threads N] [STEPS ...]   (default: 32 128)\n"
                + "       attrib-bench xdnn-scale [--images N] [--repeats N] [--threads N]"
                + " [--model DIR] [--retrain]\n"
                + "       attrib-bench text-cnn [--model DIR] [--questions N] [--rounds R]"
                + " [--threads N] [--ids FILE]\n"
                + "       attrib-bench contention-reference [--seconds S] [--calls N]"
                + " [--iterations N]");
        System.exit(2);
      }
    }
    String[] steps =
        stepList.isEmpty() ? new String[] {"32", "128"} : stepList.toArray(String[]::new);
    if (paired) {
      paired(steps, threads);
      return;
    }

    Options options =
        new OptionsBuilder()
            .include(IgOverheadBenchmark.class.getName() + "\\.")
            .param("steps", steps)
            .forks(1)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(1))
            .mode(org.openjdk.jmh.annotations.Mode.AverageTime)
            .timeUnit(TimeUnit.MILLISECONDS)
            .jvmArgsAppend(
                "--enable-native-access=ALL-UNNAMED",
                "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=" + threads)
            .build();
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    double loadBefore = os.getSystemLoadAverage();
    Collection<RunResult> results = new Runner(options).run();
    double loadAfter = os.getSystemLoadAverage();

    // steps -> {floor, ig}
    Map<Integer, Result<?>[]> bySteps = new TreeMap<>();
    for (RunResult r : results) {
      String label = r.getParams().getBenchmark();
      int m = Integer.parseInt(r.getParams().getParam("steps"));
      Result<?>[] pair = bySteps.computeIfAbsent(m, k -> new Result<?>[2]);
      pair[label.endsWith(".floor") ? 0 : 1] = r.getPrimaryResult();
    }

    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add(
        "IG overhead over one batched forward+backward (MLP 256-512-10, CPU, "
            + threads
            + " PyTorch thread(s), ms/op ± 99.9% CI)");
    lines.add(
        String.format(
            Locale.ROOT, "%6s  %18s  %18s  %10s  %s", "m", "floor ms", "IG ms", "overhead", ""));
    boolean allUnder = true;
    for (Map.Entry<Integer, Result<?>[]> e : bySteps.entrySet()) {
      Result<?> floor = e.getValue()[0];
      Result<?> ig = e.getValue()[1];
      if (floor == null || ig == null) {
        continue;
      }
      double overhead = 100 * (ig.getScore() / floor.getScore() - 1);
      boolean under = overhead < TARGET_OVERHEAD_PERCENT;
      allUnder &= under;
      lines.add(
          String.format(
              Locale.ROOT,
              "%6d  %9.3f ± %6.3f  %9.3f ± %6.3f  %9.1f%%  %s",
              e.getKey(),
              floor.getScore(),
              floor.getScoreError(),
              ig.getScore(),
              ig.getScoreError(),
              overhead,
              under ? "ok" : "OVER"));
    }
    lines.add(
        String.format(
            Locale.ROOT,
            "Overhead %s %.0f%% for every m measured.",
            allUnder ? "is under" : "is NOT under",
            TARGET_OVERHEAD_PERCENT));
    // The bench itself keeps about one core busy; much more than that means another process
    // competed for the CPU and the numbers (mostly their error bars) are not to be trusted.
    int cores = os.getAvailableProcessors();
    lines.add(
        String.format(
            Locale.ROOT,
            "System load average before/after: %.2f / %.2f on %d cores%s",
            loadBefore,
            loadAfter,
            cores,
            Math.max(loadBefore, loadAfter) > threads + 0.5
                ? " -- the machine was busy: rerun on a quiet machine for trustworthy numbers."
                : "."));
    lines.forEach(System.out::println);
  }

  /** {@link PairedOverhead} in this JVM: floor and IG alternating, median block overhead. */
  private static void paired(String[] steps, int threads) {
    // Before the engine loads: the fork's settings, here in-process.
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    double loadBefore = os.getSystemLoadAverage();
    List<String> lines = new ArrayList<>();
    lines.add(
        "IG overhead over one batched forward+backward, paired (MLP 256-512-10, CPU, "
            + threads
            + " PyTorch thread(s); "
            + PairedOverhead.BLOCKS
            + " alternating blocks of "
            + PairedOverhead.CALLS
            + " calls)");
    lines.add(
        String.format(
            Locale.ROOT,
            "%6s %14s %10s %12s %17s",
            "m",
            "floor ms (med)",
            "IG ms",
            "overhead",
            "quartiles"));
    for (String m : steps) {
      lines.add(PairedOverhead.format(PairedOverhead.measure(Integer.parseInt(m))));
    }
    lines.add(
        String.format(
            Locale.ROOT,
            "System load average before/after: %.2f / %.2f on %d cores.",
            loadBefore,
            os.getSystemLoadAverage(),
            os.getAvailableProcessors()));
    lines.forEach(System.out::println);
  }
}
