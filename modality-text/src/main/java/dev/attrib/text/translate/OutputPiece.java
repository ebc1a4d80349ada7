package dev.attrib.text.translate;

/**
 * One piece {@code y_j} of the translation being explained, as decoding found it: what the model
 * said about position j before any attribution (the attribution of it is row j of the explanation).
 *
 * <pre>{@code
 * OutputPiece o = encoding.outputs().get(1);
 * o.piece().text();      // "morgen"
 * o.probability();       // p(morgen | [BOS] guten, source)
 * o.best().text();       // what the model itself would choose there (= o.piece() in greedy decoding)
 * }</pre>
 *
 * @param piece the piece: its index j in the output, text, vocabulary id, offsets in {@link
 *     TranslationEncoding#output()}
 * @param probability {@code p(y_j | y_<j, source)}, the model's softmax probability of this piece
 * @param best the model's own choice at this position given the same prefix (argmax; equal to
 *     {@code piece} in greedy decoding, possibly not in forced decoding)
 * @param bestProbability its probability
 */
public record OutputPiece(Piece piece, double probability, Piece best, double bestProbability) {}
