package dev.attrib.ig;

import ai.djl.ndarray.NDArray;
import dev.attrib.spi.AttribException;
import java.util.Arrays;
import java.util.Locale;

/** The output activation a model folder declares; applied over the last axis of the output. */
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

  public NDArray apply(NDArray logits) {
    return switch (this) {
      case NONE -> logits;
      case SOFTMAX -> logits.softmax(-1);
      case SIGMOID -> sigmoid(logits);
    };
  }

  private static NDArray sigmoid(NDArray x) {
    // 1 / (1 + exp(-x)), written out so it stays differentiable on every engine.
    return x.neg().exp().add(1).pow(-1);
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
