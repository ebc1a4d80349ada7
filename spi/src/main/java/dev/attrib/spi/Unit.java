package dev.attrib.spi;

/**
 * One thing a person reads an attribution on: a word-piece, a word, an atom, a bond, a pixel.
 *
 * @param index position in the modality's documented unit order
 * @param kind what it is, e.g. {@code token}, {@code atom}, {@code bond}, {@code pixel}
 * @param text how it is shown (token text, element symbol); untrusted: renderers escape it
 * @param start start offset in the raw input (characters), or -1
 * @param end end offset (exclusive), or -1
 */
public record Unit(int index, String kind, String text, int start, int end) {
  public static Unit of(int index, String kind, String text) {
    return new Unit(index, kind, text, -1, -1);
  }
}
