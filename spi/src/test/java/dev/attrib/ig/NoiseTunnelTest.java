package dev.attrib.ig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.attrib.internal.ModelFunction;
import dev.attrib.internal.TinyNets;
import dev.attrib.spi.AttribException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NoiseTunnelTest {
  private final ModelFunction f = TinyNets.mlp(Device.cpu(), 5, 10, 2, true, true, 4);
  private final Example ex = Example.of(CompletenessTest.input(8, 5));

  private float[] run(NoiseTunnel.Kind kind, AttributionMethod inner, int n, double sd, long seed) {
    return NoiseTunnel.builder(inner)
        .kind(kind)
        .samples(n)
        .stdev(sd)
        .seed(seed)
        .build()
        .attribute(f, ex, Target.index(0))
        .scores()
        .get(0)
        .floats();
  }

  @Test
  void sameSeedSameResultOtherSeedOtherResult() {
    float[] a = run(NoiseTunnel.Kind.SMOOTHGRAD, new Saliency(), 8, 0.2, 42);
    float[] b = run(NoiseTunnel.Kind.SMOOTHGRAD, new Saliency(), 8, 0.2, 42);
    float[] c = run(NoiseTunnel.Kind.SMOOTHGRAD, new Saliency(), 8, 0.2, 43);
    assertArrayEquals(a, b, 0f);
    assertFalse(Arrays.equals(a, c));
  }

  @Test
  void withoutNoiseTheTunnelIsTheInnerMethod() {
    float[] inner = new GradientXInput().attribute(f, ex, Target.index(0)).scores().get(0).floats();
    assertArrayEquals(
        inner, run(NoiseTunnel.Kind.SMOOTHGRAD, new GradientXInput(), 3, 0, 1), 1e-7f);
    float[] sq = run(NoiseTunnel.Kind.SMOOTHGRAD_SQ, new GradientXInput(), 3, 0, 1);
    for (int i = 0; i < sq.length; i++) {
      assertEquals(inner[i] * inner[i], sq[i], 1e-6);
    }
    for (float v : run(NoiseTunnel.Kind.VARGRAD, new GradientXInput(), 3, 0, 1)) {
      assertEquals(0f, v, 1e-9f);
    }
  }

  @Test
  void smoothgradIsTheMeanAndVargradTheVarianceOfTheSamples() {
    // Recompute the samples independently: same Random draws, inner method by hand.
    int n = 4;
    double sd = 0.1;
    float[] x = ex.inputs().get(0).value().floats();
    double range = 0;
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (float v : x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    range = hi - lo;
    java.util.Random r = new java.util.Random(5);
    double[] mean = new double[x.length];
    double[] sq = new double[x.length];
    for (int s = 0; s < n; s++) {
      float[] noisy = x.clone();
      for (int j = 0; j < noisy.length; j++) {
        noisy[j] += (float) (r.nextGaussian() * sd * range);
      }
      float[] g =
          new Saliency(false)
              .attribute(f, Example.of(dev.attrib.spi.Tensor.of(noisy, 5)), Target.index(0))
              .scores()
              .get(0)
              .floats();
      for (int j = 0; j < g.length; j++) {
        mean[j] += g[j] / (double) n;
        sq[j] += g[j] * (double) g[j] / n;
      }
    }
    float[] sg = run(NoiseTunnel.Kind.SMOOTHGRAD, new Saliency(false), n, sd, 5);
    float[] vg = run(NoiseTunnel.Kind.VARGRAD, new Saliency(false), n, sd, 5);
    for (int j = 0; j < x.length; j++) {
      assertEquals(mean[j], sg[j], 1e-6);
      assertEquals(sq[j] - mean[j] * mean[j], vg[j], 1e-6);
    }
  }

  @Test
  void smoothgradOverIgKeepsACompletenessReportTheOthersDoNot() {
    AttributionMethod ig = IntegratedGradients.builder().steps(32).build();
    Attribution sg =
        NoiseTunnel.builder(ig).samples(4).seed(3).build().attribute(f, ex, Target.index(1));
    assertTrue(sg.completeness().holds(1e-4), sg.completeness()::toString);
    assertEquals("smoothgrad(integrated-gradients)", sg.settings().method());
    assertEquals(4, sg.settings().noiseSamples());
    Attribution sq =
        NoiseTunnel.builder(ig)
            .kind(NoiseTunnel.Kind.SMOOTHGRAD_SQ)
            .samples(2)
            .build()
            .attribute(f, ex, Target.index(1));
    assertNull(sq.completeness());
  }

  @Test
  void methodsByName() {
    Methods.Config c = Methods.config().noiseSamples(2).seed(9).build();
    assertEquals("vargrad", Methods.forName("vargrad", c).name());
    assertEquals(IntegratedGradients.NAME, Methods.forName("ig", c).name());
    AttribException e = assertThrows(AttribException.class, () -> Methods.forName("lime", c));
    assertTrue(e.getMessage().contains("'lime'") && e.getMessage().contains("fast-ig"));
    assertThrows(
        AttribException.class,
        () -> Methods.forName("smoothgrad", Methods.config().noiseOver("vargrad").build()));
  }
}
