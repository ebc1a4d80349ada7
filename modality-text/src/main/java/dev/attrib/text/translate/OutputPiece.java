package dev.attrib.text.translate;

import dev.attrib.ig.Completeness;
import dev.attrib.ig.MethodSettings;

/**
 * One output piece {@code y_j} and its attribution to the source pieces: one row of the matrix.
 *
 * @param piece the piece: its index j in the output, text, vocabulary id, offsets in {@link
 *     Translation#output()}
 * @param probability {@code p(y_j | y_<j, source)}, the model's softmax probability of this piece
 * @param best the model's own choice at this position given the same prefix (argmax; equal to
 *     {@code piece} in free decoding, possibly not in forced decoding)
 * @param bestProbability its probability
 * @param score the explained score at the input, F(x): the probability or the logit ({@link
 *     Translation#on()})
 * @param scores one attribution per source piece, in source order (markers included)
 * @param completeness F(x), F(x'), the sum and the delta of this row; null for methods without the
 *     identity (saliency, gradient×input)
 * @param settings the method settings of this row: {@code steps()} is the number of steps the
 *     adaptive mode used for it, {@code converged()} whether the tolerance was met
 */
public record OutputPiece(
    Piece piece,
    double probability,
    Piece best,
    double bestProbability,
    double score,
    double[] scores,
    Completeness completeness,
    MethodSettings settings) {

  public OutputPiece {
    scores = scores.clone();
  }

  @Override
  public double[] scores() {
    return scores.clone();
  }

  /** Score of source piece {@code i}. */
  public double score(int i) {
    return scores[i];
  }

  /** The quadrature steps used for this row, or -1 for methods without steps. */
  public int steps() {
    return settings.steps() == null ? -1 : settings.steps();
  }

  /** The source piece with the largest attribution (ties: the first). */
  public int argMax() {
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    return best;
  }
}
