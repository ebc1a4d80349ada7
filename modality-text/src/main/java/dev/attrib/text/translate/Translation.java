package dev.attrib.text.translate;

import dev.attrib.ig.Completeness;
import java.util.List;

/**
 * A translation and the attribution of every output piece to the source pieces: the matrix of
 * Figure 5 of the IG paper, as plain values.
 *
 * <pre>{@code
 * Translation t = explainer.explain("good morning ladies and gentlemen", settings);
 * t.output();              // "guten morgen damen und herren"
 * t.matrix()[1][2];        // attribution of output piece 1 ("morgen") to source piece 2 ("morning")
 * t.outputs().get(1).completeness();   // F(x), F(x'), sum, delta of that row
 * t.steps();               // steps the adaptive mode used, per output piece
 * }</pre>
 *
 * <p>Contract: {@code matrix()} has one row per output piece (in output order) and one column per
 * source piece (in source order, the start and end markers included, so every row sums to its
 * completeness {@code sum}).
 *
 * @param model the model's name (manifest)
 * @param input the source text as given
 * @param output the output text: the decoded pieces as the target tokenizer writes them (words
 *     joined by single spaces; word pieces through the tokenizer's decoder, {@code ▁guten ▁morgen}
 *     → "guten morgen"), or the given target text in forced decoding (output offsets refer to it)
 * @param forced true when the output was given ({@code --target-text}), false for greedy decoding
 * @param method the method's registry name, e.g. {@code integrated-gradients}
 * @param baseline the baseline's name (null when not known, e.g. from the generic explainer)
 * @param on {@code probability} or {@code logit}
 * @param source the source pieces, {@code [BOS]} first and {@code [EOS]} last
 * @param outputs the output pieces with their rows; the end marker is not among them
 * @param endProbability the probability of the end marker after the last piece; NaN when greedy
 *     decoding stopped at the length limit instead
 */
public record Translation(
    String model,
    String input,
    String output,
    boolean forced,
    String method,
    String baseline,
    String on,
    List<Piece> source,
    List<OutputPiece> outputs,
    double endProbability) {

  public Translation {
    source = List.copyOf(source);
    outputs = List.copyOf(outputs);
  }

  /** The attributions, {@code [outputs][sources]}. */
  public double[][] matrix() {
    double[][] m = new double[outputs.size()][];
    for (int j = 0; j < m.length; j++) {
      m[j] = outputs.get(j).scores();
    }
    return m;
  }

  /** The steps used per output piece (-1 for methods without steps). */
  public int[] steps() {
    return outputs.stream().mapToInt(OutputPiece::steps).toArray();
  }

  /** Each source piece's attribution summed over the output pieces. */
  public double[] totals() {
    double[] t = new double[source.size()];
    for (OutputPiece o : outputs) {
      for (int i = 0; i < t.length; i++) {
        t[i] += o.score(i);
      }
    }
    return t;
  }

  /**
   * The rows' completeness added up: the report for the sum of the explained scores (IG is linear
   * in the explained function). Null when the method has no completeness identity or there are no
   * rows.
   */
  public Completeness completeness() {
    if (outputs.isEmpty()) {
      return null;
    }
    double fx = 0;
    double fb = 0;
    double sum = 0;
    for (OutputPiece o : outputs) {
      if (o.completeness() == null) {
        return null;
      }
      fx += o.completeness().output();
      fb += o.completeness().baselineOutput();
      sum += o.completeness().sum();
    }
    return Completeness.of(fx, fb, sum);
  }

  /** The largest relative completeness delta over the rows (0 without rows; NaN without IG). */
  public double maxRelativeDelta() {
    double max = 0;
    for (OutputPiece o : outputs) {
      if (o.completeness() == null) {
        return Double.NaN;
      }
      max = Math.max(max, o.completeness().relativeDelta());
    }
    return max;
  }

  /** True when every row met the adaptive tolerance; null when adaptive mode was off. */
  public Boolean converged() {
    Boolean all = null;
    for (OutputPiece o : outputs) {
      Boolean c = o.settings().converged();
      if (c == null) {
        return null;
      }
      all = (all == null ? Boolean.TRUE : all) && c;
    }
    return all;
  }

  /** The probability of the whole output: the pieces' and, when known, the end marker's. */
  public double sequenceProbability() {
    double p = Double.isNaN(endProbability) ? 1 : endProbability;
    for (OutputPiece o : outputs) {
      p *= o.probability();
    }
    return p;
  }
}
