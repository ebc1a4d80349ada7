package dev.attrib.spi;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lines of a batch file, decoded as UTF-8 one line at a time.
 *
 * <pre>{@code
 * for (TextLines.Line l : TextLines.of(Files.readAllBytes(file))) {
 *   if (l.error() != null) {
 *     problems.add(file + ":" + l.number() + ": " + l.error());   // e.g. not UTF-8 text (byte 0xe9 at column 4)
 *   } else {
 *     inputs.add(l.text());
 *   }
 * }
 * }</pre>
 *
 * <p>Why per line: a batch goes on past a bad input, so one stray Latin-1 byte should cost its own
 * line, named by number, not the whole file (as decoding the file at once does) and not silently
 * become a replacement character. Lines end at {@code \n}, {@code \r\n} or {@code \r}; a UTF-8 byte
 * order mark before the first line is dropped; a final line break does not start another line.
 */
public final class TextLines {
  private TextLines() {}

  /**
   * One line.
   *
   * @param number 1-based line number
   * @param text the line without its line break; empty when {@code error} is set
   * @param error why the line could not be decoded, or null
   */
  public record Line(int number, String text, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  /** The lines of {@code bytes}. */
  public static List<Line> of(byte[] bytes) {
    List<Line> out = new ArrayList<>();
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    int start =
        bytes.length >= 3
                && (bytes[0] & 0xff) == 0xef
                && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf
            ? 3
            : 0;
    int number = 1;
    int i = start;
    while (start < bytes.length) {
      while (i < bytes.length && bytes[i] != '\n' && bytes[i] != '\r') {
        i++;
      }
      out.add(decode(decoder, bytes, start, i, number++));
      if (i < bytes.length && bytes[i] == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
        i++;
      }
      start = ++i;
    }
    return out;
  }

  private static Line decode(CharsetDecoder d, byte[] bytes, int from, int to, int number) {
    ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
    CharBuffer out = CharBuffer.allocate(to - from);
    CoderResult r = d.reset().decode(in, out, true);
    if (!r.isError()) {
      r = d.flush(out);
    }
    if (r.isError()) {
      // The decoder stops at the malformed sequence: its position is the offending byte.
      int at = in.position();
      return new Line(
          number,
          "",
          String.format(
              Locale.ROOT,
              "not UTF-8 text (byte 0x%02x at byte %d of the line)",
              bytes[at] & 0xff,
              at - from + 1));
    }
    return new Line(number, out.flip().toString(), null);
  }
}
