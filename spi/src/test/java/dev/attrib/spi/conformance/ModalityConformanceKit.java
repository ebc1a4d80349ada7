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
import dev.attrib.ig.Target;
import dev.attrib.model.LoadedModel;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Baseline;
import dev.attrib.spi.Encoded;
import dev.attrib.spi.ExplainSettings;
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
 *   protected Modality modality() { return new TimeSeriesModality(); }
 *   protected LoadedModel model() { return model; }
 *   protected List<String> inputs() { return List.of("1,2,3,4", "0,0,1,0"); }
 * }
 * }</pre>
 *
 * <p>What it checks, on every input: completeness of IG within {@link #completenessTolerance()};
 * zero attribution when the input equals a baseline (for every baseline); one score per unit in
 * unit order (indices 0..n-1); the same result twice under the same seed; unknown options rejected
 * with a message naming the option; every renderer gives non-empty output; no native memory left
 * after the calls; the same results from several threads at once as from one; baseline and renderer
 * names unique, and unknown names rejected listing the available ones.
 */
public abstract class ModalityConformanceKit {

  /** The modality under test. */
  protected abstract Modality modality();

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

  private Explanation explain(String input, ExplainSettings s) {
    return new Explainer(modality(), model()).explain(input, s);
  }

  @Test
  public void nameIsAValidRegistryName() {
    assertTrue(modality().name().matches("[a-z0-9-]+"), modality().name());
  }

  @Test
  public void completenessHoldsWithinTolerance() {
    for (String in : inputs()) {
      for (Baseline b : modality().baselines()) {
        Explanation e = explain(in, settings().withBaseline(b.name()));
        assertTrue(
            e.attribution().completeness().holds(completenessTolerance()),
            () -> "baseline " + b.name() + ", input " + in + ": " + e.attribution().completeness());
      }
    }
  }

  @Test
  public void inputEqualToTheBaselineGetsZeroAttribution() {
    IntegratedGradients ig = IntegratedGradients.builder().steps(8).build();
    for (String in : inputs()) {
      Encoded enc = modality().encode(in, model(), settings().options());
      for (Baseline b : modality().baselines()) {
        List<Tensor> sample = b.create(enc, model(), settings().options(), 7).get(0);
        List<NamedTensor> atBaseline = new ArrayList<>();
        int k = 0;
        for (NamedTensor t : enc.tensors()) {
          atBaseline.add(t.attributable() ? new NamedTensor(t.name(), sample.get(k++), true) : t);
        }
        Attribution a =
            ig.attribute(model(), new Example(atBaseline, List.of(sample)), Target.index(0));
        for (Tensor s : a.scores()) {
          for (int j = 0; j < s.size(); j++) {
            assertEquals(0.0, s.get(j), 0.0, "baseline " + b.name() + " input " + in);
          }
        }
      }
    }
  }

  @Test
  public void oneScorePerUnitInUnitOrder() {
    for (String in : inputs()) {
      Explanation e = explain(in, settings());
      List<Unit> units = e.encoded().units();
      assertFalse(units.isEmpty(), "no units for " + in);
      assertEquals(units.size(), e.units().scores().length);
      assertEquals(units, e.units().units());
      for (int i = 0; i < units.size(); i++) {
        assertEquals(i, units.get(i).index(), "unit indices must be 0..n-1 in order");
      }
    }
  }

  @Test
  public void sameSeedSameResult() {
    for (String in : inputs()) {
      for (Baseline b : modality().baselines()) {
        ExplainSettings s = settings().withBaseline(b.name());
        assertArrayEquals(
            explain(in, s).units().scores(), explain(in, s).units().scores(), 0.0, b.name());
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
    Explanation e = explain(inputs().get(0), settings());
    assertFalse(modality().renderers().isEmpty(), "a modality needs at least one renderer");
    for (Renderer r : modality().renderers()) {
      byte[] out = r.render(e, Options.NONE);
      assertTrue(out != null && out.length > 0, "renderer " + r.format() + " gave nothing");
    }
  }

  @Test
  public void namesAreUniqueAndUnknownNamesListTheKnownOnes() {
    Set<String> baselines = new HashSet<>();
    for (Baseline b : modality().baselines()) {
      assertTrue(baselines.add(b.name()), "duplicate baseline " + b.name());
    }
    assertFalse(baselines.isEmpty(), "a modality needs at least one baseline");
    Set<String> formats = new HashSet<>();
    for (Renderer r : modality().renderers()) {
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
        Explanation e = explain(in, settings().withMethod(method));
        for (Renderer r : modality().renderers()) {
          r.render(e, Options.NONE);
        }
      }
    }
    assertEquals(before, NativeMemory.liveResources(), "native resources left after the calls");
  }

  @Test
  public void severalThreadsGetTheSameResultsAsOne() throws Exception {
    List<double[]> sequential = new ArrayList<>();
    for (String in : inputs()) {
      sequential.add(explain(in, settings()).units().scores());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<double[]>> futures = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (String in : inputs()) {
          futures.add(pool.submit(() -> explain(in, settings()).units().scores()));
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
