package dev.attrib.text;

import java.util.List;

/**
 * Turns text into {@link Piece}s, special tokens included, never truncated (the modality truncates,
 * so that it can say how much was cut). Implementations are immutable and thread-safe.
 */
interface TextTokenizer {

  /** {@code huggingface} or {@code lucene}, for reports. */
  String kind();

  /** All pieces of {@code text}, in order. */
  List<Piece> tokenize(String text);

  /** The vocabulary. */
  Vocabulary vocabulary();

  /** The tokenizer's own length limit (e.g. a tokenizer file's truncation), or 0 for none. */
  default int ownMaxLength() {
    return 0;
  }
}
