package dev.attrib.ig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.attrib.internal.ModelFunction;
import dev.attrib.internal.TinyNets;
import dev.attrib.spi.Tensor;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The measured memory budget: a point's footprint comes from probe forward+backward passes ({@link
 * MemoryProbe}), the planner divides the budget by it, and the fixed factor is the fallback.
 * Results must not depend on the batch size the measurement picks.
 */
class MemoryProbeTest {

  private static Example image(int channels, int size, long seed) {
    Random r = new Random(seed);
    float[] v = new float[channels * size * size];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return Example.of(Tensor.of(v, channels, size, size));
  }

  private static ModelFunction conv(int size) {
    return TinyNets.convNet(Device.cpu(), 3, 16, size, 4, true, 5);
  }

  @Test
  void linuxPeakResidentMemoryIsMeasurable() {
    // The machines attrib is built and benchmarked on are Linux with glibc: the probe must work.
    Optional<MemoryProbe.Meter> meter = ProcessMemory.open();
    assertTrue(meter.isPresent(), "VmHWM reset through /proc/self/clear_refs, and malloc_trim");
    MemoryProbe.Meter m = meter.get();
    long before = m.start();
    assertTrue(before > 0);
    ByteBuffer b = ByteBuffer.allocateDirect(64 << 20);
    for (int i = 0; i < b.capacity(); i += 4096) {
      b.put(i, (byte) 1);
    }
    long grown = m.peak() - before;
    assertTrue(grown >= 60L << 20, () -> "64 MiB touched, peak grew by " + (grown >> 20) + " MiB");
    // A new start resets the mark: a peak measured from here on does not see the earlier 64 MiB.
    b = null;
    System.gc();
    long again = m.start();
    assertTrue(m.peak() - again < 32L << 20, "the high-water mark was reset");
  }

  @Test
  void aConvNetsFootprintIsPlausibleAndGrowsWithTheInput() {
    MemoryProbe probe = new MemoryProbe(null);
    MemoryProbe.Footprint small = probe.footprint(new PathEvaluator(conv(96), image(3, 96, 1)), 1);
    MemoryProbe.Footprint large =
        probe.footprint(new PathEvaluator(conv(256), image(3, 256, 1)), 1);
    assertTrue(small.measured(), small::how);
    assertTrue(large.measured(), large::how);
    // At 256x256 the 16-channel convolution's output and its ReLU are 4 MiB each, both kept for
    // backward, and backward makes the output's gradient (4 MiB more): at least 8 MiB per point,
    // and (with the 1.25 margin and the grid) not many times more.
    long activation = 16L * 256 * 256 * 4;
    assertTrue(
        large.bytesPerPoint() >= 2 * activation && large.bytesPerPoint() <= 12 * activation,
        large::how);
    assertTrue(large.bytesPerPoint() > small.bytesPerPoint(), () -> small.how() + " / " + large);
  }

  @Test
  void theFootprintIsMeasuredOncePerModelAndShape() {
    AtomicInteger forwards = new AtomicInteger();
    ModelFunction f = counting(conv(32), forwards, new AtomicInteger());
    MemoryProbe probe = new MemoryProbe(Optional.of(fakeMeter(new AtomicInteger(), 0, 0)));
    MemoryProbe.Footprint a = probe.footprint(new PathEvaluator(f, image(3, 32, 1)), 1);
    int probed = forwards.get();
    assertTrue(probed >= 3, "three probe passes at least");
    MemoryProbe.Footprint b = probe.footprint(new PathEvaluator(f, image(3, 32, 2)), 1);
    assertEquals(probed, forwards.get(), "same model and shape: cached");
    assertEquals(a, b);
    // A small footprint (this meter sees no growth) holds for a slightly smaller image too; that a
    // much larger input, or any other shape of a footprint that is not small, is probed again is
    // aSmallFootprintHoldsForSomewhatLongerInputsAndFarLongerOnesAreMeasured.
    probe.footprint(new PathEvaluator(f, image(3, 31, 1)), 1);
    assertEquals(probed, forwards.get(), "a small footprint holds for a similar shape");
  }

  /** {@code f}, counting its forwards and remembering the last batch size. */
  private static ModelFunction counting(ModelFunction f, AtomicInteger calls, AtomicInteger batch) {
    return in -> {
      calls.incrementAndGet();
      batch.set((int) in.head().getShape().get(0));
      return f.forward(in);
    };
  }

  /** A meter whose peak is {@code fixed + perPoint * last batch}, as a clean process would show. */
  private static MemoryProbe.Meter fakeMeter(AtomicInteger batch, long fixed, long perPoint) {
    return new MemoryProbe.Meter() {
      @Override
      public long start() {
        return 100L << 20;
      }

      @Override
      public long peak() {
        return (100L << 20) + fixed + perPoint * batch.get();
      }
    };
  }

  @Test
  void thePlannerDividesTheBudgetByTheMeasuredFootprint() {
    AtomicInteger batch = new AtomicInteger();
    ModelFunction f = counting(conv(32), new AtomicInteger(), batch);
    // 3 MiB per point measured: 3.75 MiB with the margin, 4 MiB on the grid.
    MemoryProbe probe = new MemoryProbe(Optional.of(fakeMeter(batch, 10L << 20, 3L << 20)));
    Example ex = image(3, 32, 3);
    assertEquals(4L << 20, probe.footprint(new PathEvaluator(f, ex), 1).bytesPerPoint());
    Attribution planned =
        IntegratedGradients.builder()
            .steps(50)
            .memoryBudget(40L << 20)
            .memoryProbe(probe)
            .build()
            .attribute(f, ex, Target.index(1));
    // 40 MiB hold 10 points; the first batch carries F(x) and F(x') on top, so 8 path points.
    assertEquals(8, planned.settings().batchSize());
    Attribution whole =
        IntegratedGradients.builder()
            .steps(50)
            .batchSize(50)
            .build()
            .attribute(f, ex, Target.index(1));
    assertArrayEquals(whole.scores().get(0).floats(), planned.scores().get(0).floats(), 1e-6f);
    assertEquals(whole.completeness().sum(), planned.completeness().sum(), 1e-6);
  }

  @Test
  void theProbeStaysWithinASmallBudget() {
    AtomicInteger batch = new AtomicInteger();
    AtomicInteger largest = new AtomicInteger();
    ModelFunction f = counting(conv(32), new AtomicInteger(), batch);
    ModelFunction g =
        in -> {
          largest.accumulateAndGet((int) in.head().getShape().get(0), Math::max);
          return f.forward(in);
        };
    Example ex = image(3, 32, 1);
    // 30 MiB per point, 37.5 with the margin: an 80 MiB budget holds a probe batch of 2, not 4.
    MemoryProbe probe = new MemoryProbe(Optional.of(fakeMeter(batch, 0, 30L << 20)));
    MemoryProbe.Footprint fp = probe.footprint(new PathEvaluator(g, ex), 1, 80L << 20);
    assertEquals(2, largest.get(), fp::how);
    assertEquals(
        MemoryProbe.grid((long) Math.ceil((30L << 20) * MemoryProbe.MARGIN)), fp.bytesPerPoint());
    // 40 MiB do not hold 2: the first pass alone gives the footprint, and the batch is 1.
    largest.set(0);
    MemoryProbe small = new MemoryProbe(Optional.of(fakeMeter(batch, 0, 30L << 20)));
    MemoryProbe.Footprint one = small.footprint(new PathEvaluator(g, ex), 1, 40L << 20);
    assertEquals(1, largest.get(), one::how);
    Attribution a =
        IntegratedGradients.builder()
            .steps(20)
            .memoryBudget(40L << 20)
            .memoryProbe(small)
            .build()
            .attribute(g, ex, Target.index(0));
    assertEquals(1, a.settings().batchSize());
  }

  @Test
  void aDifferenceBelowTheNoiseCountsAsTheNoise() {
    AtomicInteger batch = new AtomicInteger();
    ModelFunction f = counting(conv(32), new AtomicInteger(), batch);
    MemoryProbe probe = new MemoryProbe(Optional.of(fakeMeter(batch, 1L << 20, 1024)));
    MemoryProbe.Footprint fp = probe.footprint(new PathEvaluator(f, image(3, 32, 1)), 1);
    long slope =
        (MemoryProbe.NOISE + MemoryProbe.PROBE_POINTS - 2) / (MemoryProbe.PROBE_POINTS - 1);
    assertEquals(
        MemoryProbe.grid((long) Math.ceil(slope * MemoryProbe.MARGIN)), fp.bytesPerPoint());
    assertTrue(fp.measured());
    assertTrue(fp.small());
    assertTrue(fp.how().contains("below the noise"), fp::how);
  }

  @Test
  void aSmallFootprintHoldsForOtherFixedInputsAndALargeOneIsMeasuredAgain() {
    // F(x, ids) = sum(tanh(x)) + sum(zeros like ids): ids is a fixed int64 input whose length
    // changes, as a translation's tgt_ids does from one output piece to the next.
    AtomicInteger forwards = new AtomicInteger();
    AtomicInteger batch = new AtomicInteger();
    ModelFunction g =
        counting(
            in -> {
              var x = in.get(0);
              var ids = in.get(1).toType(x.getDataType(), false);
              return x.tanh()
                  .sum(new int[] {1})
                  .add(ids.zerosLike().sum(new int[] {1}))
                  .reshape(-1, 1);
            },
            forwards,
            batch);
    java.util.function.IntFunction<Example> withIds =
        n ->
            new Example(
                java.util.List.of(
                    dev.attrib.spi.NamedTensor.attributable(
                        "x", Tensor.of(new float[] {0.5f, -1f, 2f}, 3)),
                    dev.attrib.spi.NamedTensor.fixed("ids", Tensor.ofLongs(new long[n], n))),
                java.util.List.of());
    MemoryProbe small = new MemoryProbe(Optional.of(fakeMeter(batch, 0, 1024)));
    small.footprint(new PathEvaluator(g, withIds.apply(2)), 1);
    int probed = forwards.get();
    small.footprint(new PathEvaluator(g, withIds.apply(5)), 1);
    assertEquals(probed, forwards.get(), "a small footprint holds for longer ids");
    forwards.set(0);
    MemoryProbe large = new MemoryProbe(Optional.of(fakeMeter(batch, 0, 30L << 20)));
    large.footprint(new PathEvaluator(g, withIds.apply(2)), 1);
    probed = forwards.get();
    large.footprint(new PathEvaluator(g, withIds.apply(5)), 1);
    assertTrue(forwards.get() > probed, "a large one is measured again for longer ids");
  }

  /**
   * A small footprint also holds for attributable inputs of another length up to half again as many
   * bytes (a question or a molecule of another size), and a larger one is measured again.
   */
  @Test
  void aSmallFootprintHoldsForSomewhatLongerInputsAndFarLongerOnesAreMeasured() {
    AtomicInteger forwards = new AtomicInteger();
    AtomicInteger batch = new AtomicInteger();
    ModelFunction g =
        counting(in -> in.get(0).tanh().sum(new int[] {1}).reshape(-1, 1), forwards, batch);
    java.util.function.IntFunction<Example> ofLength = n -> Example.of(Tensor.of(new float[n], n));
    MemoryProbe small = new MemoryProbe(Optional.of(fakeMeter(batch, 0, 1024)));
    small.footprint(new PathEvaluator(g, ofLength.apply(10)), 1);
    int probed = forwards.get();
    assertTrue(probed > 0, "the first length is probed");
    small.footprint(new PathEvaluator(g, ofLength.apply(15)), 1);
    small.footprint(new PathEvaluator(g, ofLength.apply(7)), 1);
    assertEquals(probed, forwards.get(), "lengths up to 1.5x reuse the small footprint");
    small.footprint(new PathEvaluator(g, ofLength.apply(16)), 1);
    int again = forwards.get();
    assertTrue(again > probed, "16 > 1.5 x 10 is measured");
    small.footprint(new PathEvaluator(g, ofLength.apply(24)), 1);
    assertEquals(again, forwards.get(), "and then reaches 1.5 x 16");
    forwards.set(0);
    MemoryProbe large = new MemoryProbe(Optional.of(fakeMeter(batch, 0, 30L << 20)));
    large.footprint(new PathEvaluator(g, ofLength.apply(10)), 1);
    probed = forwards.get();
    large.footprint(new PathEvaluator(g, ofLength.apply(11)), 1);
    assertTrue(forwards.get() > probed, "a footprint that is not small is measured per shape");
  }

  @Test
  void theFootprintIsNeverBelowTheInputsAndTheirGradients() {
    AtomicInteger batch = new AtomicInteger();
    ModelFunction f = counting(conv(256), new AtomicInteger(), batch);
    // A meter that claims far too little (an engine that allocated outside RSS, say).
    MemoryProbe probe = new MemoryProbe(Optional.of(fakeMeter(batch, 0, 16L << 20)));
    PathEvaluator ev = new PathEvaluator(f, image(3, 256, 1));
    assertEquals(3L * 256 * 256 * 4 * 4, MemoryProbe.floorBytes(ev));
    MemoryProbe tiny = new MemoryProbe(Optional.of(fakeMeter(batch, 0, 1)));
    assertTrue(tiny.footprint(ev, 1).bytesPerPoint() >= MemoryProbe.floorBytes(ev));
    assertTrue(probe.footprint(ev, 1).bytesPerPoint() >= 20L << 20);
  }

  @Test
  void withoutAMeterTheFixedFactorIsUsedAndSaysSo() {
    ModelFunction f = TinyNets.mlp(Device.cpu(), 7, 20, 4, true, true, 9);
    Example ex = Example.of(CompletenessTest.input(3, 7));
    MemoryProbe none = new MemoryProbe(Optional.empty());
    MemoryProbe.Footprint fp = none.footprint(new PathEvaluator(f, ex), 928);
    assertFalse(fp.measured());
    assertEquals(928, fp.bytesPerPoint());
    assertTrue(fp.how().contains("fixed factor"), fp::how);
    // One point costs 7 floats x 32 + 4 outputs x 8 bytes = 928 bytes: 4700 bytes fit 5 points,
    // 3 path points besides F(x) and F(x') in the first batch.
    Attribution a =
        IntegratedGradients.builder()
            .steps(50)
            .memoryBudget(4700)
            .memoryProbe(none)
            .build()
            .attribute(f, ex, Target.index(2));
    assertEquals(3, a.settings().batchSize());
    Attribution measured =
        IntegratedGradients.builder().steps(50).build().attribute(f, ex, Target.index(2));
    assertArrayEquals(measured.scores().get(0).floats(), a.scores().get(0).floats(), 1e-6f);
  }

  @Test
  void thePropertyTurnsMeasuringOff() {
    String old = System.getProperty(MemoryProbe.PROPERTY);
    System.setProperty(MemoryProbe.PROPERTY, "false");
    try {
      AtomicInteger forwards = new AtomicInteger();
      ModelFunction f = counting(conv(32), forwards, new AtomicInteger());
      MemoryProbe probe = new MemoryProbe(Optional.of(fakeMeter(new AtomicInteger(), 0, 0)));
      MemoryProbe.Footprint fp = probe.footprint(new PathEvaluator(f, image(3, 32, 1)), 1L << 30);
      assertFalse(fp.measured());
      assertEquals(1L << 30, fp.bytesPerPoint());
      assertEquals(0, forwards.get(), "nothing probed");
    } finally {
      if (old == null) {
        System.clearProperty(MemoryProbe.PROPERTY);
      } else {
        System.setProperty(MemoryProbe.PROPERTY, old);
      }
    }
  }

  @Test
  void theGridRoundsUpByLessThanAQuarterOctaveAndIsStable() {
    long prev = 0;
    for (long b = 1000; b < 100_000_000L; b = b * 7 / 5) {
      long g = MemoryProbe.grid(b);
      assertTrue(g >= b && g <= Math.ceil(b * Math.pow(2, 0.25)) + 1, b + " -> " + g);
      assertEquals(g, MemoryProbe.grid(g), "a grid value stays");
      assertTrue(g >= prev);
      prev = g;
    }
    assertEquals(MemoryProbe.grid(30_000_000L), MemoryProbe.grid(30_600_000L), "2% apart");
  }

  @Test
  void theMeasuredBatchSizeDoesNotChangeTheResult() {
    ModelFunction f = conv(64);
    Example ex = image(3, 64, 4);
    Attribution measured =
        IntegratedGradients.builder()
            .steps(64)
            .memoryBudget(24L << 20)
            .memoryProbe(new MemoryProbe(null))
            .build()
            .attribute(f, ex, Target.index(0));
    int b = measured.settings().batchSize();
    assertTrue(b >= 1 && b <= 64, "batch " + b);
    for (int other : new int[] {1, 64}) {
      Attribution a =
          IntegratedGradients.builder()
              .steps(64)
              .batchSize(other)
              .build()
              .attribute(f, ex, Target.index(0));
      float[] x = a.scores().get(0).floats();
      float[] y = measured.scores().get(0).floats();
      double max = 0;
      double diff = 0;
      for (int i = 0; i < x.length; i++) {
        max = Math.max(max, Math.abs(x[i]));
        diff = Math.max(diff, Math.abs(x[i] - y[i]));
      }
      assertTrue(diff <= 1e-5 * max, "batch " + b + " vs " + other + ": " + diff + " of " + max);
    }
  }
}
