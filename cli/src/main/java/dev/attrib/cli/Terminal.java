package dev.attrib.cli;

import dev.attrib.spi.Escape;

/**
 * Makes untrusted text safe to print on a terminal.
 *
 * <pre>
 * Terminal.sanitize(ESC + "[31mred" + BEL);   // the visible text &#92;x1b[31mred&#92;x07
 * Terminal.sanitize("café");                  // "café", unchanged
 * </pre>
 *
 * <p>Contract: the result contains no character a terminal acts on. C0 controls (including tab and
 * newline) and DEL become <code>&#92;xNN</code>; C1 controls and the Unicode bidirectional marks,
 * overrides and isolates (the "Trojan Source" characters) become <code>&#92;u{NNNN}</code>;
 * backslashes are doubled, so the escapes are unambiguous. Printable text, including non-ASCII, is
 * kept. This is {@link Escape#terminal}, the same escaping the renderers use, so the CLI and the
 * renderers show a hostile name the same way.
 *
 * <p>Names, descriptions and messages that come from plugins, model folders or the command line go
 * through here before they are printed: an escape sequence in a plugin's description or a file name
 * could otherwise recolour, retitle or rewrite the user's terminal.
 */
public final class Terminal {
  private Terminal() {}

  /** {@code text} with every control character escaped as visible text; "null" for null. */
  public static String sanitize(String text) {
    return text == null ? "null" : Escape.terminal(text);
  }

  /**
   * {@code text} on one line: line breaks (with the blanks around them) become one space, then
   * {@link #sanitize} applies. For error messages that may carry a native library's multi-line
   * text.
   */
  public static String oneLine(String text) {
    if (text == null) {
      return "(no message)";
    }
    return sanitize(text.strip().replaceAll("\\s*(\\R)\\s*", " "));
  }
}
