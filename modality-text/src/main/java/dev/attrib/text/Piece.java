package dev.attrib.text;

/**
 * One token as a tokenizer produced it: a word-piece or a special token.
 *
 * @param id the vocabulary id (row of the embedding matrix)
 * @param token the vocabulary string, e.g. {@code ##ships} or {@code [CLS]}
 * @param start start offset in the raw input, in UTF-16 chars ({@link String#substring}), or -1 for
 *     a special token the tokenizer added
 * @param end end offset (exclusive), or -1
 * @param special whether it is a special token ({@code [CLS]}, {@code [SEP]}, ...)
 */
public record Piece(long id, String token, int start, int end, boolean special) {}
