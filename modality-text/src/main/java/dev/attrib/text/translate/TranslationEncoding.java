package dev.attrib.text.translate;

import dev.attrib.spi.Encoding;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Tensor;
import dev.attrib.spi.Unit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A source sentence as the {@code translation} modality encodes it: the source pieces as model
 * inputs, and the translation being explained (greedy, or forced to a given target text), decoded
 * when the input is encoded since its pieces are model inputs too ({@code tgt_ids}).
 *
 * <pre>{@code
 * TranslationEncoding e = new TranslationModality().encode("good morning", model, Options.NONE);
 * e.output();                        // "guten morgen"
 * e.outputs().get(1).probability();  // p(morgen | [BOS] guten, source)
 * e.prefix(1);                       // tgt_ids of row 1: [BOS] guten
 * }</pre>
 *
 * <p>Contract: {@link #outputs()} are in output order and row j of an explanation is output piece
 * j; {@code tgt_ids} holds {@code [BOS]} and every output piece, and row j sees its first {@code j
 * + 1} entries ({@link #prefix}). The end marker is not an output piece.
 *
 * @param input the source text as given (without a target text)
 * @param tensors {@code src_embeds [S, D]} (attributable), {@code src_mask int64 [S]}, {@code
 *     tgt_ids int64 [T + 1]}
 * @param units the source pieces, {@code [BOS]} first and {@code [EOS]} last (kind {@value
 *     TranslationModality#MARKER}), the pieces in between kind {@value TranslationModality#TOKEN}
 * @param source the source pieces with their vocabulary entries, in unit order
 * @param output the output text: the decoded pieces joined by single spaces, or the given target
 *     text in forced decoding (output offsets refer to it)
 * @param forced true when the output was given (a target text), false for greedy decoding
 * @param outputs the output pieces with what decoding said of each; the end marker is not among
 *     them
 * @param endProbability the probability of the end marker after the last piece; NaN when greedy
 *     decoding stopped at the length limit instead
 */
public record TranslationEncoding(
    String input,
    List<NamedTensor> tensors,
    List<Unit> units,
    List<Piece> source,
    String output,
    boolean forced,
    List<OutputPiece> outputs,
    double endProbability)
    implements Encoding {

  public TranslationEncoding {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    tensors = List.copyOf(tensors);
    units = List.copyOf(units);
    source = List.copyOf(source);
    outputs = List.copyOf(outputs);
  }

  /**
   * The decoder input of output piece {@code j}: {@code [BOS] y_1 .. y_j}, {@code int64 [j + 1]}.
   */
  public Tensor prefix(int j) {
    long[] all = tensor(TranslationModality.TGT_IDS).value().longs();
    return Tensor.ofLongs(Arrays.copyOf(all, j + 1), j + 1);
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
