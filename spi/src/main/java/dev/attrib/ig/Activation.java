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
    // The engine's own sigmoid, not 1 / (1 + exp(-x)) with pow(-1): DJL 0.35.1's PyTorch
    // NDArray.pow/mul/div/maximum/minimum(Number) wrap the number in a tensor over a Java direct
    // buffer and close it at once, while autograd keeps that tensor for the backward pass; once
    // the GC frees the buffer the gradient is computed from whatever memory is there.
    return ai.djl.nn.Activation.sigmoid(x);
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
