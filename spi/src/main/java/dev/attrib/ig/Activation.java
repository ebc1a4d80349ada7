package dev.attrib.ig;

import dev.attrib.spi.AttribException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The output activation a model folder declares; the core applies it over the last axis of the
 * output ({@code dev.attrib.internal.Activations}).
 */
public enum Activation {
  NONE("none"),
  SOFTMAX("softmax"),
  SIGMOID("sigmoid");

  private final String id;

  Activation(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /**
   * This activation over raw outputs (one row, {@code [C]}), in double precision: what the engine
   * gives in float32, to its round-off. Softmax subtracts the largest output first, so large logits
   * do not overflow.
   */
  public double[] apply(float[] raw) {
    double[] out = new double[raw.length];
    switch (this) {
      case NONE -> {
        for (int i = 0; i < raw.length; i++) {
          out[i] = raw[i];
        }
      }
      case SIGMOID -> {
        for (int i = 0; i < raw.length; i++) {
          out[i] = 1 / (1 + Math.exp(-(double) raw[i]));
        }
      }
      case SOFTMAX -> {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : raw) {
          max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < raw.length; i++) {
          out[i] = Math.exp(raw[i] - max);
          sum += out[i];
        }
        for (int i = 0; i < raw.length; i++) {
          out[i] /= sum;
        }
      }
    }
    return out;
  }

  public static Activation forName(String name) {
    for (Activation a : values()) {
      if (a.id.equals(name.toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw new AttribException(
        "unknown activation '"
            + name
            + "'; available: "
            + String.join(", ", Arrays.stream(values()).map(Activation::id).toList()));
  }
}
