package dev.attrib.ig;

import dev.attrib.internal.PositionalTargets;
import dev.attrib.spi.AttribException;
import java.util.List;

/**
 * Which scalar of the model output is explained: one score per batch row of the output {@code [B,
 * ...]}.
 *
 * <pre>{@code
 * Target.index(2);                                  // logit of class 2
 * Target.index(2).on(Activation.SOFTMAX);           // its softmax probability
 * Target.label("NUMERIC", labels, Activation.SOFTMAX);
 * Target.predicted(Activation.SOFTMAX);             // argmax at the input, then its probability
 * Target.at(3, 17, Activation.SOFTMAX);             // position 3 of a [B, T, V] output, class 17
 * Target.predictedAt(3, Activation.SOFTMAX);        // the argmax class at position 3
 * }</pre>
 *
 * <p>A target that depends on the output at the input ("the predicted class", {@link
 * #resolvesOnInput()}) is resolved once per example on that output, so it stays the same class
 * along the whole IG path; the attribution reports the resolved target. Positional targets are for
 * models with one output per position ({@code [B, T, C]}: a translation's output pieces, a sequence
 * labeller's tags): the activation is taken over the classes of that position alone.
 *
 * <p>How a target picks its scores from an output array is engine-facing and internal ({@code
 * dev.attrib.internal.Targets}); so are targets that are any function of the output ({@code
 * Targets.of(description, f)}), for plugin and test code that runs analytic models. The targets the
 * core runs are those made here and those; it rejects other implementations of this interface.
 */
public interface Target {

  /** Human-readable description, e.g. {@code "class 2 (softmax)"}. */
  String describe();

  /** The class index this target explains, or -1 when it is not a single class. */
  default int index() {
    return -1;
  }

  /**
   * True when the target depends on the output at the input (the predicted class): the core then
   * runs that forward first and explains the target it resolves to.
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

  /**
   * A class of a {@code [B, C]} output (of a {@code [B, ...]} output flattened per row) after an
   * activation over the last axis.
   */
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
    public String describe() {
      return "class " + index + (activation == Activation.NONE ? "" : " (" + activation.id() + ")");
    }
  }

  /** Resolves to the argmax class at the input: a {@link ClassTarget} with the same activation. */
  record PredictedTarget(Activation activation) implements Target {
    @Override
    public String describe() {
      return "predicted class"
          + (activation == Activation.NONE ? "" : " (" + activation.id() + ")");
    }

    @Override
    public boolean resolvesOnInput() {
      return true;
    }
  }
}
