package dev.attrib.internal;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.attrib.ig.Example;
import dev.attrib.ig.IntegratedGradients;
import dev.attrib.ig.Model;
import dev.attrib.ig.Target;
import dev.attrib.spi.Tensor;
import org.junit.jupiter.api.Test;

/** How the public types reach their engine side, and what happens to types that have none. */
class HandOffTest {
  private static final Example X = Example.of(Tensor.of(new float[] {1f, 2f}, 2));

  @Test
  void aModelFunctionIsItsOwnFunction() {
    ModelFunction f = in -> in.head();
    assertSame(f, ModelFunction.of(f));
  }

  @Test
  void aModelWithNoEngineSideIsAProgrammingErrorNamingItsClass() {
    Model stranger = Device::cpu;
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> IntegratedGradients.builder().build().attribute(stranger, X, Target.index(0)));
    assertTrue(e.getMessage().contains(stranger.getClass().getName()), e.getMessage());
    assertTrue(e.getMessage().contains("LoadedModel"), e.getMessage());
  }

  @Test
  void aTargetTheCoreCannotScoreIsAProgrammingErrorNamingIt() {
    ModelFunction identity = in -> in.head();
    Target stranger = () -> "my own target";
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> IntegratedGradients.builder().build().attribute(identity, X, stranger));
    assertTrue(e.getMessage().contains("my own target"), e.getMessage());
    assertTrue(e.getMessage().contains("Targets.of"), e.getMessage());
  }
}
