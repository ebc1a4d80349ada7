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
 */
public record Attribution(
    List<String> names,
    List<Tensor> scores,
    String target,
    int targetIndex,
    double output,
    Completeness completeness,
    MethodSettings settings) {

  public Attribution {
    names = List.copyOf(names);
    scores = List.copyOf(scores);
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
