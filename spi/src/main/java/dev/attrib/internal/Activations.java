package dev.attrib.internal;

import ai.djl.ndarray.NDArray;
import dev.attrib.ig.Activation;

/** A manifest's {@link Activation} on an output array, over its last axis. */
public final class Activations {
  private Activations() {}

  /**
   * {@code activation} over the last axis of {@code logits}; {@code NONE} returns them as given.
   */
  public static NDArray apply(Activation activation, NDArray logits) {
    return switch (activation) {
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
}
