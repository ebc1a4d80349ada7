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
 * <p>Contract: {@link #outputUnits()} are in output order and row j of an explanation is output
 * unit j: output piece j, or with {@code words=true} output word j, explained at its first piece
 * ({@link #position}); {@code tgt_ids} holds {@code [BOS]} and every output piece, and the row of
 * piece p sees its first {@code p + 1} entries ({@link #prefix}). The end marker is not an output
 * piece. The model's input is always in pieces ({@link #source()}, one per row of {@code
 * src_embeds}); {@link #units()} are pieces, or words.
 *
 * @param input the source text as given (without a target text)
 * @param tensors {@code src_embeds [S, D]} (attributable), {@code src_mask int64 [S]}, {@code
 *     tgt_ids int64 [T + 1]}
 * @param units the source as attributions are read on it: {@code [BOS]} first and {@code [EOS]}
 *     last (kind {@value TranslationModality#MARKER}), in between the pieces (kind {@value
 *     TranslationModality#TOKEN}) or, with {@code words=true}, the words (kind {@value
 *     TranslationModality#WORD})
 * @param source the source pieces with their vocabulary entries, one per row of {@code src_embeds},
 *     markers included
 * @param output the output text as the target tokenizer decodes the output pieces (word pieces
 *     through the tokenizer's decoder, {@code ▁guten ▁morgen} → "guten morgen"; a word list's words
 *     joined by single spaces), or the given target text in forced decoding (output offsets refer
 *     to it)
 * @param forced true when the output was given (a target text), false for greedy decoding
 * @param outputs the output pieces with what decoding said of each; the end marker is not among
 *     them
 * @param endProbability the probability of the end marker after the last piece; NaN when greedy
 *     decoding stopped at the length limit instead
 * @param words the word view ({@code words=true}): source and output words and which pieces make
 *     them; null when the units and rows are pieces
 */
public record TranslationEncoding(
    String input,
    List<NamedTensor> tensors,
    List<Unit> units,
    List<Piece> source,
    String output,
    boolean forced,
    List<OutputPiece> outputs,
    double endProbability,
    TranslationWords words)
    implements Encoding {

  public TranslationEncoding {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    tensors = List.copyOf(tensors);
    units = List.copyOf(units);
    source = List.copyOf(source);
    outputs = List.copyOf(outputs);
  }

  /** True when the units and rows are words ({@code words=true}), not pieces. */
  public boolean inWords() {
    return words != null;
  }

  /** The source as the units show it: the source pieces, or the source words. */
  public List<Piece> sourceUnits() {
    return words == null ? source : words.source();
  }

  /** The outputs the rows explain, one per row in order: the output pieces, or the output words. */
  public List<OutputPiece> outputUnits() {
    return words == null ? outputs : words.outputs();
  }

  /** The output piece row {@code row} explains: {@code row} itself, or its word's first piece. */
  public int position(int row) {
    return words == null ? row : words.firstPiece().get(row);
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
