package dev.attrib.text.translate;

/**
 * One piece of a source or output sentence: a word of the word-level vocabulary, or a start/end
 * marker.
 *
 * @param index position in its sentence (markers included on the source side)
 * @param text how it is shown: the text as written in the input (so an unknown word still shows
 *     itself), or the marker's name; untrusted, renderers escape it
 * @param token the vocabulary entry it was mapped to ({@code [UNK]} for an unknown word)
 * @param id the vocabulary id
 * @param start start offset in the sentence it came from (characters), or -1 for a marker
 * @param end end offset (exclusive), or -1
 */
public record Piece(int index, String text, String token, int id, int start, int end) {

  /** True for the start and end markers, which are not in the input text. */
  public boolean special() {
    return start < 0;
  }

  Piece at(int newIndex) {
    return new Piece(newIndex, text, token, id, start, end);
  }
}
