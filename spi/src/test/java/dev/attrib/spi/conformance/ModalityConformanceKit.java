package dev.attrib.spi.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.ig.Attribution;
import dev.attrib.ig.Example;
import dev.attrib.ig.IntegratedGradients;
import dev.attrib.ig.Methods;
import dev.attrib.model.LoadedModel;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Baseline;
import dev.attrib.spi.Encoding;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.ExplainTarget;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Modality;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Options;
import dev.attrib.spi.Renderer;
import dev.attrib.spi.Tensor;
import dev.attrib.spi.Unit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The conformance kit every modality passes, built in or plugged in (as Lucene's {@code
 * BaseTokenStreamTestCase}): extend it in your plugin's tests, supply the modality, a small model
 * and a few inputs, and JUnit runs the checks.
 *
 * <pre>{@code
 * class TimeSeriesConformanceTest extends ModalityConformanceKit {
 *   static LoadedModel model = ModelLoader.load(Path.of("src/test/resources/ts-model"), ...);
 *   protected Modality<?> modality() { return new TimeSeriesModality(); }
 *   protected LoadedModel model() { return model; }
 *   protected List<String> inputs() { return List.of("1,2,3,4", "0,0,1,0"); }
 * }
 * }</pre>
 *
 * <p>What it checks, on every input and for every row of its explanation (one per target of the
 * modality, {@link Modality#targets}): completeness of IG within {@link #completenessTolerance()};
 * zero attribution when the input equals a baseline (for every baseline and row); one score per
 * unit in unit order (indices 0..n-1); as many rows as {@link #expectedRows} says, in the order of
 * the modality's targets, each row the attribution of its own target; the same result twice under
 * the same seed; unknown options rejected with a message naming the option; every renderer gives
 * non-empty output (or, for an explanation of several rows, refuses it with an {@link
 * AttribException}, as a picture of one target does); no native memory left after the calls; the
 * same results from several threads at once as from one; baseline and renderer names unique, and
 * unknown names rejected listing the available ones. The row checks run under every settings of
 * {@link #targetSettings()}: a modality that explains several targets only when asked (a multi-task
 * model's {@code --target all}) adds those settings there.
 */
public abstract class ModalityConformanceKit {

  /** The modality under test. */
  protected abstract Modality<?> modality();

  /** A small model for it; the kit does not close it. */
  protected abstract LoadedModel model();

  /** A few raw inputs (at least one). */
  protected abstract List<String> inputs();

  /** Relative completeness tolerance at {@link #settings()} (default 1%). */
  protected double completenessTolerance() {
    return 0.01;
  }

  /** The settings the checks use (default: IG, 50 Gauss–Legendre steps, seed 7). */
  protected ExplainSettings settings() {
    return ExplainSettings.defaults().withConfig(Methods.config().seed(7).build());
  }

  /**
   * The settings the row checks run under: {@link #settings()} (the default), plus any that make
   * the modality explain several targets, e.g. {@code settings().withTarget("all")}.
   */
  protected List<ExplainSettings> targetSettings() {
    return List.of(settings());
  }

  /**
   * How many rows {@code input} must explain under {@code settings}: 1 by default (one target); a
   * multi-target modality says how many it expects (e.g. the number of tasks), or -1 to check only
   * that the rows follow its targets.
   */
  protected int expectedRows(String input, ExplainSettings settings) {
    return 1;
  }

  private Explanation<?> explain(String input, ExplainSettings s) {
    return explain(modality(), input, s);
  }

  private static <E extends Encoding> Explanation<E> explain(
      Modality<E> m, String input, ExplainSettings s, LoadedModel model) {
    return new Explainer<>(m, model).explain(input, s);
  }

  private Explanation<?> explain(Modality<?> m, String input, ExplainSettings s) {
    return explain(m, input, s, model());
  }

  /** Every row's scores, concatenated in row order: what determinism is checked on. */
  private static double[] allScores(Explanation<?> e) {
    List<Double> all = new ArrayList<>();
    for (Explanation.Row r : e.rows()) {
      for (double d : r.units().scores()) {
        all.add(d);
      }
    }
    return all.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  public void nameIsAValidRegistryName() {
    assertTrue(modality().name().matches("[a-z0-9-]+"), modality().name());
  }

  @Test
  public void completenessHoldsWithinTolerance() {
    for (String in : inputs()) {
      for (Baseline<?> b : modality().baselines()) {
        assertComplete(explain(in, settings().withBaseline(b.name())), "baseline " + b.name());
      }
      for (ExplainSettings s : targetSettings().subList(1, targetSettings().size())) {
        assertComplete(explain(in, s), "target " + s.target());
      }
    }
  }

  private void assertComplete(Explanation<?> e, String what) {
    for (Explanation.Row r : e.rows()) {
      assertTrue(
          r.attribution().completeness().holds(completenessTolerance()),
          () ->
              what
                  + ", input "
                  + e.encoded().input()
                  + ", row "
                  + r.label()
                  + ": "
                  + r.attribution().completeness());
    }
  }

  @Test
  public void inputEqualToTheBaselineGetsZeroAttribution() {
    zeroAtTheBaseline(modality());
  }

  private <E extends Encoding> void zeroAtTheBaseline(Modality<E> m) {
    IntegratedGradients ig = IntegratedGradients.builder().steps(8).build();
    for (String in : inputs()) {
      E enc = m.encode(in, model(), settings().options());
      List<ExplainTarget> targets = m.targets(enc, model(), settings());
      for (Baseline<E> b : m.baselines()) {
        List<Tensor> sample = b.create(enc, model(), settings().options(), 7).get(0);
        for (ExplainTarget t : targets) {
          List<NamedTensor> atBaseline = new ArrayList<>();
          int k = 0;
          for (NamedTensor x : t.inputs(enc)) {
            atBaseline.add(x.attributable() ? new NamedTensor(x.name(), sample.get(k++), true) : x);
          }
          Attribution a =
              ig.attribute(model(), new Example(atBaseline, List.of(sample)), t.target());
          for (Tensor s : a.scores()) {
            for (int j = 0; j < s.size(); j++) {
              assertEquals(
                  0.0, s.get(j), 0.0, "baseline " + b.name() + " input " + in + " row " + t);
            }
          }
        }
      }
    }
  }

  /**
   * A garbage collection between the forward and the backward pass changes no attribution: a
   * network that multiplies by a plain number through DJL's {@code mul(Number)} (and {@code div},
   * {@code pow}, {@code maximum}, {@code minimum}) reads freed memory in its backward pass after a
   * GC (see {@link GcChurn}); write such constants with the inputs' manager instead.
   */
  @Test
  public void gradientsDoNotDependOnTheGarbageCollector() {
    gcSafe(modality());
  }

  private <E extends Encoding> void gcSafe(Modality<E> m) {
    IntegratedGradients ig = IntegratedGradients.builder().steps(8).build();
    String in = inputs().get(0);
    E enc = m.encode(in, model(), settings().options());
    Baseline<E> b = m.baselines().get(0);
    List<List<Tensor>> samples = b.create(enc, model(), settings().options(), 7);
    for (ExplainTarget t : m.targets(enc, model(), settings())) {
      Example ex = new Example(t.inputs(enc), samples);
      Attribution plain = ig.attribute(model(), ex, t.target());
      Attribution churned = ig.attribute(model(), ex, GcChurn.churning(t.target()));
      for (int i = 0; i < plain.scores().size(); i++) {
        assertArrayEquals(
            plain.scores().get(i).floats(),
            churned.scores().get(i).floats(),
            0f,
            "input " + in + " row " + t + ": a GC between forward and backward changed the scores");
      }
    }
  }

  @Test
  public void oneScorePerUnitInUnitOrder() {
    for (ExplainSettings s : targetSettings()) {
      for (String in : inputs()) {
        Explanation<?> e = explain(in, s);
        List<Unit> units = e.encoded().units();
        assertFalse(units.isEmpty(), "no units for " + in);
        for (int i = 0; i < units.size(); i++) {
          assertEquals(i, units.get(i).index(), "unit indices must be 0..n-1 in order");
        }
        for (Explanation.Row r : e.rows()) {
          assertEquals(units.size(), r.units().scores().length, "row " + r.label());
          assertEquals(units, r.units().units(), "row " + r.label());
        }
      }
    }
  }

  @Test
  public void rowsFollowTheModalitysTargetsInOrder() {
    for (ExplainSettings s : targetSettings()) {
      for (String in : inputs()) {
        rowsFollowTargets(modality(), in, s);
      }
    }
  }

  private <E extends Encoding> void rowsFollowTargets(Modality<E> m, String in, ExplainSettings s) {
    Explanation<E> e = explain(m, in, s, model());
    int expected = expectedRows(in, s);
    if (expected >= 0) {
      assertEquals(expected, e.rows().size(), "rows for " + in + " (target " + s.target() + ")");
    }
    E enc = m.encode(in, model(), s.options());
    List<ExplainTarget> targets = m.targets(enc, model(), s);
    assertEquals(targets.size(), e.rows().size(), "one row per target of the modality");
    List<List<Tensor>> samples =
        new Explainer<>(m, model())
            .baseline(s.baseline())
            .create(enc, model(), s.options(), s.config().seed());
    for (int j = 0; j < targets.size(); j++) {
      ExplainTarget t = targets.get(j);
      Explanation.Row r = e.rows().get(j);
      if (t.label() != null) {
        assertEquals(t.label(), r.label(), "row " + j);
      }
      if (t.index() >= 0) {
        assertEquals(t.index(), r.index(), "row " + j);
      }
      assertEquals(r.attribution().output(), r.score(), 0.0, "a row's score is its F(x)");
      // Row j is the attribution of target j on its own inputs: not another row's, not shuffled.
      Attribution alone =
          Methods.forName(s.method(), s.config())
              .attribute(model(), new Example(t.inputs(enc), samples), t.target());
      assertEquals(alone.output(), r.attribution().output(), 1e-6, "row " + j + " F(x)");
      double[] want = m.summarize(enc, alone).scores();
      assertArrayEquals(want, r.units().scores(), 1e-6, "row " + j + " scores");
    }
  }

  @Test
  public void sameSeedSameResult() {
    for (String in : inputs()) {
      for (Baseline<?> b : modality().baselines()) {
        ExplainSettings s = settings().withBaseline(b.name());
        assertArrayEquals(allScores(explain(in, s)), allScores(explain(in, s)), 0.0, b.name());
      }
    }
  }

  @Test
  public void unknownOptionsAreRejected() {
    String bogus = "conformance-kit-no-such-option";
    AttribException e =
        assertThrows(
            AttribException.class,
            () -> explain(inputs().get(0), settings().withOptions(Options.of(Map.of(bogus, "1")))));
    assertTrue(e.getMessage().contains(bogus), e.getMessage());
  }

  @Test
  public void everyRendererProducesOutput() {
    assertFalse(modality().renderers().isEmpty(), "a modality needs at least one renderer");
    for (ExplainSettings s : targetSettings()) {
      renderAll(modality(), inputs().get(0), s);
    }
  }

  private <E extends Encoding> void renderAll(Modality<E> m, String in, ExplainSettings s) {
    Explanation<E> e = explain(m, in, s, model());
    int shown = 0;
    for (Renderer<E> r : m.renderers()) {
      byte[] out;
      try {
        out = r.render(e, Options.NONE);
      } catch (AttribException refused) {
        // Only a picture of one target may refuse, and only several rows.
        assertTrue(
            e.rows().size() != 1,
            "renderer " + r.format() + " refused one row: " + refused.getMessage());
        continue;
      }
      assertTrue(out != null && out.length > 0, "renderer " + r.format() + " gave nothing");
      shown++;
    }
    assertTrue(shown > 0, "no renderer shows an explanation of " + e.rows().size() + " rows");
  }

  @Test
  public void namesAreUniqueAndUnknownNamesListTheKnownOnes() {
    Set<String> baselines = new HashSet<>();
    for (Baseline<?> b : modality().baselines()) {
      assertTrue(baselines.add(b.name()), "duplicate baseline " + b.name());
    }
    assertFalse(baselines.isEmpty(), "a modality needs at least one baseline");
    Set<String> formats = new HashSet<>();
    for (Renderer<?> r : modality().renderers()) {
      assertTrue(formats.add(r.format()), "duplicate format " + r.format());
    }
    AttribException e =
        assertThrows(AttribException.class, () -> modality().baseline("no-such-baseline"));
    assertTrue(e.getMessage().contains(modality().baselines().get(0).name()), e.getMessage());
    assertThrows(AttribException.class, () -> modality().renderer("no-such-format"));
  }

  @Test
  public void noNativeMemoryIsLeft() {
    explain(inputs().get(0), settings()); // warm-up: engine-level caches are not leaks
    long before = NativeMemory.liveResources();
    for (String in : inputs()) {
      for (String method : List.of("ig", "saliency", "gradient-x-input")) {
        renderQuietly(modality(), in, settings().withMethod(method));
      }
    }
    assertEquals(before, NativeMemory.liveResources(), "native resources left after the calls");
  }

  private <E extends Encoding> void renderQuietly(Modality<E> m, String in, ExplainSettings s) {
    Explanation<E> e = explain(m, in, s, model());
    for (Renderer<E> r : m.renderers()) {
      try {
        r.render(e, Options.NONE);
      } catch (AttribException refused) {
        // a picture of one target and several rows: checked in everyRendererProducesOutput
      }
    }
  }

  @Test
  public void severalThreadsGetTheSameResultsAsOne() throws Exception {
    List<double[]> sequential = new ArrayList<>();
    for (String in : inputs()) {
      sequential.add(allScores(explain(in, settings())));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<double[]>> futures = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (String in : inputs()) {
          futures.add(pool.submit(() -> allScores(explain(in, settings()))));
        }
      }
      for (int i = 0; i < futures.size(); i++) {
        assertArrayEquals(sequential.get(i % inputs().size()), futures.get(i).get(), 0.0);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
