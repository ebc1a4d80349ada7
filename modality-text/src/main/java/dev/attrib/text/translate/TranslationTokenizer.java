package dev.attrib.text.translate;

import java.util.List;

/**
 * One side (source or target) of a translation model's tokenization: the vocabulary, how text
 * becomes pieces, and how output piece ids become text again.
 *
 * <pre>{@code
 * TranslationTokenizer src = TranslationFolder.of(model).sourceVocabulary();
 * src.tokenize("good morning ladies", 1);   // ▁good ▁morning ▁ladies (with offsets, ids, word starts)
 * TranslationTokenizer tgt = TranslationFolder.of(model).targetVocabulary();
 * tgt.decode(new int[] {12, 40});           // "guten morgen"
 * }</pre>
 *
 * <p>Two kinds, named by the manifest's {@code tokenizer} key: {@code words} ({@link
 * WordVocabulary}, a word list) and {@code huggingface} ({@link HuggingFaceTranslationTokenizer}, a
 * {@code tokenizer.json}: Unigram/SentencePiece, BPE, WordPiece). The start and end markers are not
 * part of {@link #tokenize}: the modality puts {@code [BOS]} and {@code [EOS]} around the source
 * itself, whatever the tokenizer's own template would add.
 *
 * <p>Implementations are immutable and safe to use from several threads.
 */
public interface TranslationTokenizer {

  /** The manifest's name of this kind of tokenizer: {@code words} or {@code huggingface}. */
  String kind();

  /** The number of ids: the largest id + 1 (the embedding rows on the source side). */
  int size();

  /** The vocabulary entry of {@code id}; an error for an id outside {@code 0..size()-1}. */
  String token(int id);

  /** All entries in id order (an id no entry has is an empty string). */
  List<String> tokens();

  int pad();

  /** The unknown piece's id, or -1 when the tokenizer has none (e.g. byte-level BPE). */
  int unk();

  int bos();

  int eos();

  /**
   * The pieces of {@code text} in order, indexed from {@code firstIndex}, without markers: {@link
   * Piece#text()} is the piece as shown (for word pieces the token as the tokenizer writes it,
   * {@code ▁guten}; for an unknown piece the input's own text), {@link Piece#token()} the
   * vocabulary entry, offsets in {@code text} (UTF-16), and {@link Piece#continuation()} true for a
   * piece that continues the word of the piece before it.
   */
  List<Piece> tokenize(String text, int firstIndex);

  /**
   * The pieces of a target text given for forced decoding, indexed from 0: as {@link #tokenize},
   * but the unknown token typed literally (e.g. {@code [UNK]}, as a greedy output may contain it)
   * is taken as that token, so a decoded output can be given back.
   */
  List<Piece> tokenizeTarget(String text);

  /** The marker piece ({@code [BOS]} or {@code [EOS]}, or the tokenizer's own) at {@code index}. */
  default Piece marker(int id, int index) {
    return new Piece(index, token(id), token(id), id, -1, -1);
  }

  /** The text of decoded output pieces, as the tokenizer's decoder writes it. */
  String decode(int[] ids);

  /**
   * The output pieces of {@code ids}, indexed from 0, with their offsets in {@link #decode
   * decode(ids)} and their word starts: {@link Piece#text()} is the token.
   */
  List<Piece> decodePieces(int[] ids);
}
