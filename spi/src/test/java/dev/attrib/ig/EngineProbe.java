package dev.attrib.ig;

import ai.djl.Device;
import dev.attrib.internal.TinyNets;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Tensor;

/**
 * Run in a JVM of its own by {@link EngineLocationTest}: one attribution, then its completeness on
 * stdout, or attrib's one-line error on stderr (exit 2).
 */
public final class EngineProbe {
  private EngineProbe() {}

  public static void main(String[] args) {
    try {
      Attribution a =
          IntegratedGradients.builder()
              .steps(16)
              .build()
              .attribute(
                  TinyNets.mlp(Device.cpu(), 6, 16, 3, true, true, 11),
                  Example.of(Tensor.of(SelfCheck.uniformInput(6, 1), 6)),
                  Target.index(1));
      System.out.println("relative delta " + a.completeness().relativeDelta());
    } catch (AttribException e) {
      System.err.println("attrib: " + e.getMessage());
      System.exit(2);
    }
  }
}
