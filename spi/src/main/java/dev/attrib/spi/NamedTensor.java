package dev.attrib.spi;

import java.util.Objects;

/**
 * One model input for one example (no batch dimension): its name in the forward signature, its
 * value, and whether attributions are taken with respect to it.
 *
 * <p>Attributable inputs must be float32; fixed inputs (masks, token ids of a decoded prefix) are
 * passed to the model unchanged at every interpolation point.
 */
public record NamedTensor(String name, Tensor value, boolean attributable) {
  public NamedTensor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (attributable && !value.isFloat()) {
      throw new IllegalArgumentException("attributable input '" + name + "' must be float32");
    }
  }

  public static NamedTensor attributable(String name, Tensor value) {
    return new NamedTensor(name, value, true);
  }

  public static NamedTensor fixed(String name, Tensor value) {
    return new NamedTensor(name, value, false);
  }
}
