package dev.attrib.ig;

import dev.attrib.spi.Tensor;
import java.util.List;

/**
 * The result of one attribution: one score tensor per attributable input (same shape, same order as
 * in the {@link Example}), the completeness report where the method has one, and the settings used.
 * Plain values: nothing here refers to native memory.
 *
 * @param names the attributable inputs' names, in order
 * @param scores one tensor per attributable input, shaped like it
 * @param target what was explained, e.g. {@code "class 2 (softmax)"}
 * @param targetIndex the explained class, or -1 when the target is not a single class
 * @param output the target score at the input, F(x)
 * @param completeness the completeness report (IG family), or null (saliency, gradient×input,
 *     squared or variance noise tunnels, for which no such identity holds)
 * @param settings what was computed, and how
 * @param outputsAtInput the model's raw outputs at the input (its output row, for a {@code [B, C]}
 *     output one per class, before any activation) where the method computed them anyway (its row
 *     for F(x): IG, saliency, gradient×input, fast IG), so the pipeline's prediction needs no
 *     forward pass of its own; null otherwise
 */
public record Attribution(
    List<String> names,
    List<Tensor> scores,
    String target,
    int targetIndex,
    double output,
    Completeness completeness,
    MethodSettings settings,
    float[] outputsAtInput) {

  public Attribution {
    names = List.copyOf(names);
    scores = List.copyOf(scores);
    outputsAtInput = outputsAtInput == null ? null : outputsAtInput.clone();
  }

  /** An attribution without the outputs at the input. */
  public Attribution(
      List<String> names,
      List<Tensor> scores,
      String target,
      int targetIndex,
      double output,
      Completeness completeness,
      MethodSettings settings) {
    this(names, scores, target, targetIndex, output, completeness, settings, null);
  }

  /** A copy of {@link #outputsAtInput}, or null. */
  @Override
  public float[] outputsAtInput() {
    return outputsAtInput == null ? null : outputsAtInput.clone();
  }

  /** The scores of the attributable input called {@code name}. */
  public Tensor scores(String name) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no attributable input '" + name + "'; have " + names);
    }
    return scores.get(i);
  }

  /** Sum of all scores over all inputs, in double precision. */
  public double total() {
    return scores.stream().mapToDouble(Tensor::sum).sum();
  }
}
