package dev.attrib.ig;

import ai.djl.Device;
import dev.attrib.internal.ModelFunction;
import dev.attrib.spi.NamedTensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * What one path point costs in memory, measured: the batch planner divides its budget by this.
 *
 * <pre>{@code
 * MemoryProbe.Footprint f = MemoryProbe.DEFAULT.footprint(evaluator, fallbackBytes);
 * int batch = (int) (budget / f.bytesPerPoint());   // f.measured(): from the probe, not a guess
 * }</pre>
 *
 * <p>Why measure: a point's forward+backward keeps every intermediate activation that backward
 * needs, and how many those are depends on the network, not on the input: a fixed multiple of the
 * input bytes (the old estimate, 32×) is right for the small demo nets and off by far for a
 * ResNet-18 at 224×224, which keeps 30–40 MiB per point against 19 MB estimated, so a batch under a
 * 512 MiB budget added about 810 MiB.
 *
 * <p>How: once per model and input shape in a process (cached, as {@link EngineCheck} caches its
 * verdicts per model and batch size), three unchecked forward+backward passes of copies of the
 * input, their results thrown away: a batch of 1 (it also pays the engine's one-time costs), a
 * batch of {@link #PROBE_POINTS}, and a batch of 1 again. Each pass's peak is the process's
 * resident memory high-water mark above its RSS before the pass ({@link ProcessMemory}: Linux's
 * {@code VmHWM}, reset through {@code /proc/self/clear_refs}, after glibc's {@code malloc_trim} so
 * reused freed pages count). The footprint is the slope between the batch of {@code k} and the
 * smaller of the two batches of 1, so what does not grow with the batch (the model, workspaces,
 * one-time initialisation) is not charged per point; where that difference is below {@link #NOISE}
 * (a small model, where the JVM's own threads move RSS by as much) it counts as the noise, an upper
 * bound (about 3.3 MiB per point with the margin, a batch of about 150 under 512 MiB). Such a small
 * footprint also holds for other fixed inputs beside the same attributable ones (a translation's
 * longer {@code tgt_ids} for each output piece), so those are not probed again. The slope is then
 * multiplied by {@link #MARGIN} and rounded up to the next step of a quarter-octave grid, so a
 * measurement a few percent off does not change the batch size (and so the float32 round-off of the
 * result) from run to run. It is never below {@link #floorBytes}: the inputs, their gradients and
 * the Java copies of both.
 *
 * <p>Why RSS and not the engine's counters: libtorch's CPU allocator keeps no peak that DJL or a C
 * symbol exposes (c10's {@code ProfiledCPUMemoryReporter} counts only under the profiler and keeps
 * no high-water mark), and summing the tensors saved for backward would need the autograd graph.
 * RSS is also what a user's limit (a container, a laptop) is about, and it counts oneDNN's
 * scratchpads and the Java arrays of a batch, which tensor counters would not.
 *
 * <p>Costs: 6 points' forward+backward once per model and input shape: about a tenth of a 50-step
 * attribution of a ResNet-18 and under 1% of a 1,000-step one. The probe runs under a lock (RSS is
 * the process's; two probes at once would measure each other). Other threads allocating meanwhile
 * (several attributions in one JVM, as on Spark) blur it, mostly upwards: their memory counts as
 * the probe's. Results never depend on it beyond the float32 round-off of the batch size it chooses
 * ({@code BatchingTest}).
 *
 * <p>Falls back to the fixed factor ({@link Footprint#measured()} false; the reason in {@link
 * Footprint#how()}) where the peak cannot be measured: not Linux, {@code /proc/self/clear_refs} not
 * writable, no glibc, a model on a GPU (RSS does not see device memory), or the system property
 * {@code attrib.memoryProbe=false}. With {@code attrib.memoryProbe=verbose} each measurement is
 * printed to stderr (for the memory benchmark, {@code bench/memory/run.sh}).
 */
final class MemoryProbe {

  /** Measures one piece of work's peak: {@link #start} before it, {@link #peak} after, in bytes. */
  interface Meter {
    /** Resets the high-water mark; returns the resident bytes now. */
    long start();

    /** The resident bytes' high-water mark since {@link #start}. */
    long peak();
  }

  /**
   * A point's footprint in bytes, whether it was measured, and how it was found; {@code small}: the
   * probe's growth was below {@link #NOISE}, so the footprint is the noise's upper bound.
   */
  record Footprint(
      long bytesPerPoint, boolean measured, String how, boolean small, long reachBytes) {
    Footprint(long bytesPerPoint, boolean measured, String how) {
      this(bytesPerPoint, measured, how, false, 0);
    }

    Footprint(long bytesPerPoint, boolean measured, String how, boolean small) {
      this(bytesPerPoint, measured, how, small, 0);
    }

    /** This footprint, held for inputs of up to {@code bytes} bytes. */
    Footprint reaching(long bytes) {
      return new Footprint(bytesPerPoint, measured, how, small, bytes);
    }
  }

  /** How many times the input bytes of a small footprint's probe it holds for (see footprint). */
  static final double SMALL_REACH = 1.5;

  /** Points in the probe's larger batch. */
  static final int PROBE_POINTS = 4;

  /**
   * RSS differences below this are not trusted: the JVM's compiler and GC threads move RSS by a few
   * MB at any moment.
   */
  static final long NOISE = 8L << 20;

  /** The measured slope is multiplied by this before use. */
  static final double MARGIN = 1.25;

  /** The system property that turns measuring off ({@code false}): the fixed factor is used. */
  static final String PROPERTY = "attrib.memoryProbe";

  /** The process's probe: Linux's RSS where it can be measured. */
  static final MemoryProbe DEFAULT = new MemoryProbe(null);

  private final Optional<Meter> fixedMeter;
  private volatile Optional<Meter> meter;
  private final Map<ModelFunction, Map<String, Footprint>> cache =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** A probe on {@code meter}; null: the process's ({@link ProcessMemory}), opened when needed. */
  MemoryProbe(Optional<Meter> meter) {
    this.fixedMeter = meter;
  }

  private Optional<Meter> meter() {
    Optional<Meter> m = meter;
    if (m == null) {
      m = fixedMeter != null ? fixedMeter : ProcessMemory.open();
      meter = m;
    }
    return m;
  }

  /** {@link #footprint(PathEvaluator, long, long)} under the default budget. */
  Footprint footprint(PathEvaluator ev, long fallbackBytes) {
    return footprint(ev, fallbackBytes, BatchPlanner.DEFAULT_BUDGET);
  }

  /**
   * The footprint of one point of {@code ev}'s example: measured (cached per model and input
   * shapes), or {@code fallbackBytes} (the fixed factor's estimate) where it cannot be. The probe's
   * batches stay within {@code budget} where they can (see {@link #measure}).
   */
  Footprint footprint(PathEvaluator ev, long fallbackBytes, long budget) {
    long floor = floorBytes(ev);
    String off = whyNot(ev);
    if (off != null) {
      return new Footprint(Math.max(floor, fallbackBytes), false, off);
    }
    Map<String, Footprint> perShape = cache.computeIfAbsent(ev.model(), k -> new HashMap<>());
    String key = shapes(ev, false);
    // A small model's footprint (below the noise) holds for any fixed inputs beside the same
    // attributable ones: a translation's every output piece has a longer tgt_ids, and probing each
    // would cost more than its attribution.
    String small = "small " + shapes(ev, true);
    // And for inputs of the same names, types and ranks up to SMALL_REACH times the bytes of one
    // whose footprint was small: a question or a molecule of another length. Small means 4 points
    // grew RSS by less than the noise (under 2 MiB a point), counted as 3.3 MiB a point with the
    // margin; an input half again as large, whose activations grow with it, stays under that.
    // Without this a batch of molecules probed each new atom count (35 probes, +8% on 3,000).
    String kind = "small-kind " + kinds(ev);
    long bytes = inputBytes(ev);
    synchronized (perShape) {
      Footprint f = perShape.get(key);
      if (f == null) {
        f = perShape.get(small);
      }
      if (f == null) {
        Footprint k = perShape.get(kind);
        if (k != null && bytes <= k.reachBytes()) {
          f = k;
        }
      }
      if (f == null) {
        f = measure(ev, meter().orElseThrow(), floor, budget);
        perShape.put(key, f);
        if (f.small()) {
          perShape.put(small, f);
          Footprint k = perShape.get(kind);
          long reach = (long) (bytes * SMALL_REACH);
          if (k == null || k.reachBytes() < reach) {
            perShape.put(kind, f.reaching(reach));
          }
        }
        if ("verbose".equalsIgnoreCase(System.getProperty(PROPERTY))) {
          System.err.println("attrib: memory probe: " + key + " " + f.how());
        }
      }
      return f.bytesPerPoint() >= floor
          ? f
          : new Footprint(floor, f.measured(), f.how(), f.small());
    }
  }

  /** Why measuring is off for {@code ev}, or null when it is on. */
  private String whyNot(PathEvaluator ev) {
    if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
      return "measuring turned off (-D" + PROPERTY + "=false): fixed factor";
    }
    if (!Device.Type.CPU.equals(ev.model().device().getDeviceType())) {
      return "model on " + ev.model().device() + ", whose memory RSS does not show: fixed factor";
    }
    if (meter().isEmpty()) {
      return "peak resident memory not measurable here (needs Linux /proc/self/clear_refs and"
          + " glibc): fixed factor";
    }
    return null;
  }

  /**
   * The probe itself; see the class comment. One probe at a time in the process. Its larger batch
   * is made smaller than {@link #PROBE_POINTS} (down to 2) where the budget would not hold it at
   * the first pass's peak per point with the margin, and where it would not hold 2, the first pass
   * alone is the footprint (the batch is 1 either way): the probe itself stays within the budget.
   */
  static Footprint measure(PathEvaluator ev, Meter meter, long floor, long budget) {
    synchronized (MemoryProbe.class) {
      long first = peakOf(ev, meter, 1);
      long k = Math.min(PROBE_POINTS, (long) (budget / (Math.max(1, first) * MARGIN)));
      if (k < 2) {
        long perPoint = Math.max(floor, grid((long) Math.ceil(Math.max(first, 1) * MARGIN)));
        return new Footprint(
            perPoint,
            true,
            String.format(
                Locale.ROOT,
                "measured: peak RSS %d MiB for 1 point, over half the budget; %d KiB per point"
                    + " with the margin",
                first >> 20,
                perPoint >> 10));
      }
      long many = peakOf(ev, meter, (int) k);
      long one = Math.min(first, peakOf(ev, meter, 1));
      boolean noisy = many - one < NOISE;
      long grown = Math.max(many - one, NOISE);
      long slope = (grown + k - 2) / (k - 1);
      long perPoint = Math.max(floor, grid((long) Math.ceil(slope * MARGIN)));
      String how =
          String.format(
              Locale.ROOT,
              "measured: peak RSS %d MiB for 1 point, %d MiB for %d%s; %d KiB per point with the"
                  + " margin",
              one >> 20,
              many >> 20,
              k,
              noisy ? " (below the noise, counted as " + (NOISE >> 20) + " MiB more)" : "",
              perPoint >> 10);
      return new Footprint(perPoint, true, how, noisy);
    }
  }

  /** Peak bytes above the RSS before it of one probe pass of {@code b} points. */
  private static long peakOf(PathEvaluator ev, Meter meter, int b) {
    long before = meter.start();
    ev.probeBatch(b);
    return Math.max(0, meter.peak() - before);
  }

  /**
   * The least a point can cost: its inputs and their gradients, natively and as Java copies (the
   * batch arrays filled and read back), at 4 or 8 bytes per value.
   */
  static long floorBytes(PathEvaluator ev) {
    return ev.bytesPerPoint(0, 4);
  }

  /**
   * {@code bytes} rounded up to the grid 2^(j/4) (steps of about 19%): measurements that differ by
   * a few percent give the same footprint, so the same batch size.
   */
  static long grid(long bytes) {
    if (bytes <= 1) {
      return 1;
    }
    int j = (int) Math.floor(4 * Math.log(bytes) / Math.log(2)) - 1;
    while (step(j) < bytes) {
      j++;
    }
    return step(j);
  }

  private static long step(int j) {
    return (long) Math.ceil(Math.pow(2, j / 4.0));
  }

  /** Every input's name, dtype and rank: what inputs of other lengths share. */
  private static String kinds(PathEvaluator ev) {
    StringBuilder s = new StringBuilder();
    for (NamedTensor t : ev.example().inputs()) {
      s.append(t.name())
          .append(t.value().isFloat() ? ":f" : ":l")
          .append(t.value().shape().length)
          .append(t.attributable() ? "a" : "")
          .append(';');
    }
    return s.toString();
  }

  /** The bytes of one point's inputs, every input counted. */
  private static long inputBytes(PathEvaluator ev) {
    long b = 0;
    for (NamedTensor t : ev.example().inputs()) {
      b += t.value().size() * (t.value().isFloat() ? 4L : 8L);
    }
    return b;
  }

  /** The cache key: every input's (or every attributable input's) name, dtype and shape. */
  private static String shapes(PathEvaluator ev, boolean attributableOnly) {
    StringBuilder s = new StringBuilder();
    for (NamedTensor t : ev.example().inputs()) {
      if (attributableOnly && !t.attributable()) {
        continue;
      }
      s.append(t.name())
          .append(t.value().isFloat() ? ":f" : ":l")
          .append(Arrays.toString(t.value().shape()))
          .append(';');
    }
    return s.toString();
  }
}
