package dev.attrib.ig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.spi.AttribException;
import org.junit.jupiter.api.Test;

/**
 * Step and sample counts are bounded where the core takes them (the builders and {@link
 * Methods.Config}), so a typo such as a million steps is an error before any work, not a run of
 * hours; the bounds themselves are still accepted.
 */
class BoundsTest {

  @Test
  void igStepsAndTheAdaptiveCeilingAreBounded() {
    AttribException steps =
        assertThrows(AttribException.class, () -> IntegratedGradients.builder().steps(1_000_000));
    assertEquals(
        "steps must be from 1 to 100000, not 1000000 (more would run for hours without changing"
            + " the result)",
        steps.getMessage());
    AttribException max =
        assertThrows(AttribException.class, () -> IntegratedGradients.builder().maxSteps(100_001));
    assertTrue(max.getMessage().startsWith("max steps must be from 1 to 100000, not 100001"));
    assertEquals(
        IntegratedGradients.MAX_STEPS,
        IntegratedGradients.builder().steps(100_000).maxSteps(100_000).build().steps());
    AttribException zero =
        assertThrows(AttribException.class, () -> IntegratedGradients.builder().steps(0));
    assertEquals("steps must be from 1 to 100000, not 0", zero.getMessage());
  }

  @Test
  void noiseSamplesAreBounded() {
    AttribException e =
        assertThrows(
            AttribException.class,
            () -> NoiseTunnel.builder(new Saliency()).samples(NoiseTunnel.MAX_SAMPLES + 1));
    assertTrue(e.getMessage().startsWith("noise samples must be from 1 to 10000, not 10001"));
    NoiseTunnel.builder(new Saliency()).samples(NoiseTunnel.MAX_SAMPLES).build();
  }

  @Test
  void theSettingsRecordChecksEverythingWhenMade() {
    // The CLI builds these before loading a model: each bad value must fail here already.
    assertThrows(AttribException.class, () -> Methods.config().steps(1_000_000).build());
    assertThrows(AttribException.class, () -> Methods.config().maxSteps(1_000_000).build());
    assertThrows(AttribException.class, () -> Methods.config().noiseSamples(1_000_000).build());
    assertThrows(AttribException.class, () -> Methods.config().noiseSamples(0).build());
    assertThrows(AttribException.class, () -> Methods.config().tolerance(0.0).build());
    assertThrows(AttribException.class, () -> Methods.config().tolerance(Double.NaN).build());
    assertThrows(AttribException.class, () -> Methods.config().batchSize(0).build());
    assertThrows(AttribException.class, () -> Methods.config().noiseStdev(-1).build());
    assertThrows(
        AttribException.class, () -> Methods.config().noiseStdev(Double.POSITIVE_INFINITY).build());
    Methods.Config ok =
        Methods.config().steps(100_000).maxSteps(100_000).noiseSamples(10_000).build();
    assertEquals(100_000, ok.steps());
  }
}
