package dev.attrib.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.attrib.ig.Activation;
import dev.attrib.ig.Target;
import dev.attrib.spi.AttribException;
import java.util.function.UnaryOperator;

/**
 * The engine side of {@link Target}: how a target picks one score per row from a model output, and
 * how "the predicted class" is fixed on the output at the input. Also custom targets that are any
 * function of the output ({@link #of}).
 *
 * <pre>{@code
 * Target sum = Targets.of("sum of outputs", out -> out.sum(new int[] {1}));
 * NDArray scores = Targets.select(Target.index(2).on(Activation.SOFTMAX), output);  // [B]
 * }</pre>
 */
public final class Targets {
  private Targets() {}

  /** Any scalar function of the output; {@code f} maps {@code [B, ...]} to {@code [B]}. */
  public static Target of(String description, UnaryOperator<NDArray> f) {
    return new EngineTarget() {
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

  /**
   * One score per batch row of {@code output} ({@code [B, ...] -> [B]}).
   *
   * @throws IllegalStateException for a target that must be resolved first ({@link
   *     Target#resolvesOnInput()})
   * @throws AttribException when the target's class or position is not in the output
   */
  public static NDArray select(Target target, NDArray output) {
    if (target instanceof EngineTarget e) {
      return e.select(output);
    }
    if (target instanceof Target.ClassTarget c) {
      return classScore(c, output);
    }
    if (target instanceof Target.PredictedTarget) {
      throw new IllegalStateException("predicted target must be resolved on the input first");
    }
    throw unknown(target);
  }

  /**
   * The target fixed for one example, given the model output {@code [1, ...]} at the input: the
   * argmax class for a predicted target, the target itself for one that needs no resolving.
   */
  public static Target resolve(Target target, NDArray outputAtInput) {
    if (target instanceof EngineTarget e) {
      return e.resolve(outputAtInput);
    }
    if (target instanceof Target.PredictedTarget p) {
      NDArray flat = outputAtInput.reshape(outputAtInput.getShape().get(0), -1);
      int best = (int) flat.get(0).argMax().getLong();
      return new Target.ClassTarget(best, p.activation());
    }
    if (target instanceof Target.ClassTarget) {
      return target;
    }
    throw unknown(target);
  }

  /**
   * Row {@code r}'s score of class {@code index[r]} after {@code activation}: the scores of a batch
   * whose rows explain different classes, in one gather.
   */
  public static NDArray selectEach(
      Activation activation, long[] index, NDArray output, NDManager manager) {
    long rows = output.getShape().get(0);
    NDArray flat = output.getShape().dimension() == 2 ? output : output.reshape(rows, -1);
    long classes = flat.getShape().get(1);
    for (long i : index) {
      if (i < 0 || i >= classes) {
        throw new AttribException(
            "target index " + i + " is out of range: the model has " + classes + " outputs");
      }
    }
    NDArray at = manager.create(index, new Shape(rows, 1));
    return Activations.apply(activation, flat).gather(at, 1).reshape(rows);
  }

  private static NDArray classScore(Target.ClassTarget c, NDArray output) {
    int index = c.index();
    long classes = output.getShape().get(output.getShape().dimension() - 1);
    if (index >= classes) {
      throw new AttribException(
          "target index " + index + " is out of range: the model has " + classes + " outputs");
    }
    // A [B, C] output is already flat: no reshape, one native op fewer per batch.
    NDArray flat =
        output.getShape().dimension() == 2 ? output : output.reshape(output.getShape().get(0), -1);
    // An index built, not parsed: DJL parses ":, i" with regular expressions on every call.
    return Activations.apply(c.activation(), flat).get(new NDIndex().addAllDim().addIndices(index));
  }

  private static IllegalArgumentException unknown(Target target) {
    return new IllegalArgumentException(
        "attrib cannot score the target '"
            + target.describe()
            + "' ("
            + target.getClass().getName()
            + "): make targets with Target's factories, or Targets.of for a function of the"
            + " output");
  }
}
