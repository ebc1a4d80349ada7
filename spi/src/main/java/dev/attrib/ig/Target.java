package dev.attrib.ig;

import ai.djl.ndarray.NDArray;
import dev.attrib.spi.AttribException;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Which scalar of the model output is explained: maps the output {@code [B, ...]} to one score per
 * row {@code [B]}.
 *
 * <pre>{@code
 * Target.index(2);                                  // logit of class 2
 * Target.index(2).on(Activation.SOFTMAX);           // its softmax probability
 * Target.label("NUMERIC", labels, Activation.SOFTMAX);
 * Target.predicted(Activation.SOFTMAX);             // argmax at the input, then its probability
 * Target.at(3, 17, Activation.SOFTMAX);             // position 3 of a [B, T, V] output, class 17
 * Target.predictedAt(3, Activation.SOFTMAX);        // the argmax class at position 3
 * Target.of("sum of outputs", out -> out.sum(new int[] {1}));
 * }</pre>
 *
 * <p>A target is resolved once per example on the output at the actual input ({@link #resolve}), so
 * "the predicted class" stays the same class along the whole IG path. Positional targets are for
 * models with one output per position ({@code [B, T, C]}: a translation's output pieces, a sequence
 * labeller's tags): the activation is taken over the classes of that position alone.
 */
public interface Target {

  /** One score per batch row: {@code [B, ...] -> [B]}. */
  NDArray select(NDArray output);

  /** Human-readable description, e.g. {@code "class 2 (softmax)"}. */
  String describe();

  /** The class index this target explains, or -1 when it is not a single class. */
  default int index() {
    return -1;
  }

  /** The target fixed for one example, given the model output {@code [1, ...]} at the input. */
  default Target resolve(NDArray outputAtInput) {
    return this;
  }

  /**
   * True when {@link #resolve} needs the output at the input (the predicted class): the core then
   * runs that forward first. A target that overrides {@code resolve} must return true here.
   */
  default boolean resolvesOnInput() {
    return false;
  }

  /** Class {@code index} of a {@code [B, C]} output, raw (no activation). */
  static ClassTarget index(int index) {
    return new ClassTarget(index, Activation.NONE);
  }

  /** Class {@code label}, looked up in {@code labels}; unknown labels list the known ones. */
  static Target label(String label, List<String> labels, Activation activation) {
    int i = labels.indexOf(label);
    if (i < 0) {
      throw new AttribException(
          "unknown target label '" + label + "'; available: " + String.join(", ", labels));
    }
    return new ClassTarget(i, activation);
  }

  /** The class with the highest output at the input, explained after {@code activation}. */
  static Target predicted(Activation activation) {
    return new PredictedTarget(activation);
  }

  /**
   * Class {@code index} at position {@code position} of a {@code [B, T, C]} output, after {@code
   * activation} over that position's {@code C} classes (e.g. the probability of output piece {@code
   * y_j} of a translation, a softmax over the target vocabulary).
   */
  static Target at(int position, int index, Activation activation) {
    return new PositionalTargets.At(position, index, activation);
  }

  /** The class with the highest output at {@code position} of a {@code [B, T, C]} output. */
  static Target predictedAt(int position, Activation activation) {
    return new PositionalTargets.PredictedAt(position, activation);
  }

  /** Any scalar function of the output; {@code f} maps {@code [B, ...]} to {@code [B]}. */
  static Target of(String description, UnaryOperator<NDArray> f) {
    return new Target() {
      @Override
      public NDArray select(NDArray output) {
        return f.apply(output);
      }

      @Override
      public String describe() {
        return description;
      }
    };
  }

  /** A class of a {@code [B, C]} output after an activation over the last axis. */
  record ClassTarget(int index, Activation activation) implements Target {
    public ClassTarget {
      if (index < 0) {
        throw new AttribException("target index must be >= 0 but is " + index);
      }
    }

    /** The same class on another activation (probability vs logit). */
    public ClassTarget on(Activation other) {
      return new ClassTarget(index, other);
    }

    @Override
    public NDArray select(NDArray output) {
      long classes = output.getShape().get(output.getShape().dimension() - 1);
      if (index >= classes) {
        throw new AttribException(
            "target index " + index + " is out of range: the model has " + classes + " outputs");
      }
      // A [B, C] output is already flat: no reshape, one native op fewer per batch.
      NDArray flat =
          output.getShape().dimension() == 2
              ? output
              : output.reshape(output.getShape().get(0), -1);
      return activation.apply(flat).get(":, " + index);
    }

    @Override
    public String describe() {
      return "class " + index + (activation == Activation.NONE ? "" : " (" + activation.id() + ")");
    }
  }

  /** Resolves to the argmax class at the input. */
  record PredictedTarget(Activation activation) implements Target {
    @Override
    public NDArray select(NDArray output) {
      throw new IllegalStateException("predicted target must be resolved on the input first");
    }

    @Override
    public String describe() {
      return "predicted class"
          + (activation == Activation.NONE ? "" : " (" + activation.id() + ")");
    }

    @Override
    public boolean resolvesOnInput() {
      return true;
    }

    @Override
    public Target resolve(NDArray outputAtInput) {
      NDArray flat = outputAtInput.reshape(outputAtInput.getShape().get(0), -1);
      int best = (int) flat.get(0).argMax().getLong();
      return new ClassTarget(best, activation);
    }
  }
}
