package dev.attrib.text;

import dev.attrib.ig.Activation;
import dev.attrib.spi.Encoding;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Unit;
import java.util.List;
import java.util.Objects;

/**
 * A text as the {@code text} modality encodes it: the model inputs, the units, and what the
 * baselines, the faithfulness metrics and the renderers read later, as typed fields.
 *
 * <pre>{@code
 * TextEncoding e = new TextModality().encode("how many townships ?", model, Options.NONE);
 * e.tokens();       // [[CLS], how, many, town, ##ships, ?, [SEP]]: what the model saw
 * e.pieceUnit();    // the unit of each token (tokens of one word share it with words=true)
 * e.outputs();      // the model's output per label at the input, after the activation
 * }</pre>
 *
 * <p>Contract: {@link #pieces()} are the tokens the model saw, in order, special tokens included
 * (after truncation: {@link #droppedTokens()} were cut); {@link #pieceUnit()} has one unit index
 * per piece; {@link #outputs()} one number per output of the model, {@link #labels()} naming them
 * where the manifest does.
 *
 * @param input the text as given
 * @param tensors {@code inputs_embeds [L, D]} (attributable), {@code attention_mask int64 [L]}
 * @param units one per token (or per word with {@code words=true}), in text order
 * @param pieces the tokens the model saw: vocabulary id, token, offsets, whether special
 * @param pieceUnit the unit index of each piece
 * @param warnings what the reader should know about the input (e.g. that it was cut)
 * @param labels the manifest's labels (may be empty)
 * @param outputs the model's outputs at the input after {@code activation}, one per class; empty in
 *     an encoding from {@link TextModality#encodeForAttribution} until {@link
 *     TextModality#complete} fills them in (an {@link dev.attrib.spi.Explanation}'s always has
 *     them)
 * @param activation the manifest's output activation
 * @param words whether word-pieces were merged into words
 * @param tokenizer the tokenizer's kind: {@code huggingface} or {@code lucene}
 * @param maxLength the model's length limit in tokens, 0 for none
 * @param droppedTokens how many tokens the length limit cut off
 */
public record TextEncoding(
    String input,
    List<NamedTensor> tensors,
    List<Unit> units,
    List<Piece> pieces,
    List<Integer> pieceUnit,
    List<String> warnings,
    List<String> labels,
    List<Double> outputs,
    Activation activation,
    boolean words,
    String tokenizer,
    int maxLength,
    int droppedTokens)
    implements Encoding {

  public TextEncoding {
    Objects.requireNonNull(input, "input");
    tensors = List.copyOf(tensors);
    units = List.copyOf(units);
    pieces = List.copyOf(pieces);
    pieceUnit = List.copyOf(pieceUnit);
    warnings = List.copyOf(warnings);
    labels = List.copyOf(labels);
    outputs = List.copyOf(outputs);
    Objects.requireNonNull(activation, "activation");
    if (pieceUnit.size() != pieces.size()) {
      throw new IllegalArgumentException(
          pieces.size() + " pieces but " + pieceUnit.size() + " unit indices: need one per piece");
    }
  }

  /** This encoding with {@code outputs} (the model's outputs at the input, after activation). */
  public TextEncoding withOutputs(List<Double> outputs) {
    return new TextEncoding(
        input,
        tensors,
        units,
        pieces,
        pieceUnit,
        warnings,
        labels,
        outputs,
        activation,
        words,
        tokenizer,
        maxLength,
        droppedTokens);
  }

  /** The pieces' vocabulary ids, in order. */
  public List<Long> tokenIds() {
    return pieces.stream().map(Piece::id).toList();
  }

  /** The pieces' vocabulary strings, in order. */
  public List<String> tokens() {
    return pieces.stream().map(Piece::token).toList();
  }

  /** Whether each piece is a special token. */
  public List<Boolean> special() {
    return pieces.stream().map(Piece::special).toList();
  }

  /** True when {@link #outputs()} are probabilities (the manifest has an activation). */
  public boolean probabilities() {
    return activation != Activation.NONE;
  }
}
