package dev.attrib.internal;

import ai.djl.ndarray.NDArray;
import dev.attrib.ig.Activation;
import dev.attrib.ig.Target;
import dev.attrib.spi.AttribException;

/**
 * The positional targets behind {@link Target#at} and {@link Target#predictedAt}: kept out of the
 * public API, which needs only {@link Target}.
 */
public final class PositionalTargets {
  private PositionalTargets() {}

  /** A class at one position of a {@code [B, T, C]} output, after an activation over {@code C}. */
  public record At(int position, int index, Activation activation) implements EngineTarget {
    public At {
      if (position < 0) {
        throw new AttribException("target position must be >= 0 but is " + position);
      }
      if (index < 0) {
        throw new AttribException("target index must be >= 0 but is " + index);
      }
    }

    @Override
    public NDArray select(NDArray output) {
      requirePosition(output, position);
      long classes = output.getShape().get(2);
      if (index >= classes) {
        throw new AttribException(
            "target index "
                + index
                + " is out of range: the model has "
                + classes
                + " outputs per position");
      }
      return Activations.apply(activation, output.get(":, " + position + ", :")).get(":, " + index);
    }

    @Override
    public String describe() {
      return "class "
          + index
          + " at position "
          + position
          + (activation == Activation.NONE ? "" : " (" + activation.id() + ")");
    }
  }

  /** Resolves to the argmax class at one position of a {@code [B, T, C]} output. */
  public record PredictedAt(int position, Activation activation) implements EngineTarget {
    @Override
    public NDArray select(NDArray output) {
      throw new IllegalStateException("predicted target must be resolved on the input first");
    }

    @Override
    public String describe() {
      return "predicted class at position "
          + position
          + (activation == Activation.NONE ? "" : " (" + activation.id() + ")");
    }

    @Override
    public boolean resolvesOnInput() {
      return true;
    }

    @Override
    public Target resolve(NDArray outputAtInput) {
      requirePosition(outputAtInput, position);
      int best = (int) outputAtInput.get("0, " + position + ", :").argMax().getLong();
      return new At(position, best, activation);
    }
  }

  private static void requirePosition(NDArray output, int position) {
    if (output.getShape().dimension() != 3) {
      throw new AttribException(
          "a positional target needs an output [B, T, C], not " + output.getShape());
    }
    long positions = output.getShape().get(1);
    if (position >= positions) {
      throw new AttribException(
          "target position "
              + position
              + " is out of range: the output has "
              + positions
              + " positions");
    }
  }
}
