package dev.attrib.text.translate;

/**
 * One piece of a source or output sentence: a word of a word-level vocabulary, a word piece of a
 * HuggingFace tokenizer ({@code ▁guten}, {@code ##s}), or a start/end marker.
 *
 * @param index position in its sentence (markers included on the source side)
 * @param text how it is shown: the input's own text for a word or an unknown piece (so an unknown
 *     word still shows itself), the token as the tokenizer writes it for a word piece, or the
 *     marker's name; untrusted, renderers escape it
 * @param token the vocabulary entry it was mapped to ({@code [UNK]} for an unknown word)
 * @param id the vocabulary id
 * @param start start offset in the sentence it came from (UTF-16 chars, white space a piece stands
 *     for left out), or -1 for a marker
 * @param end end offset (exclusive), or -1
 * @param continuation true when the piece continues the word of the piece before it (as {@code men}
 *     after {@code ▁gentle}, or {@code ##s}); false for a word's first piece, a whole word and a
 *     marker. {@link TranslationWords} merges pieces into words by it
 */
public record Piece(
    int index, String text, String token, int id, int start, int end, boolean continuation) {

  /** A piece that starts a word (or is a whole word, or a marker). */
  public Piece(int index, String text, String token, int id, int start, int end) {
    this(index, text, token, id, start, end, false);
  }

  /** True for the start and end markers, which are not in the input text. */
  public boolean special() {
    return start < 0;
  }

  Piece at(int newIndex) {
    return new Piece(newIndex, text, token, id, start, end, continuation);
  }
}
