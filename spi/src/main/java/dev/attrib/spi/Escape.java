package dev.attrib.spi;

/**
 * Escaping for untrusted text (inputs, token texts, names from plugins) before it reaches a
 * terminal, an HTML page or an SVG file. Every renderer uses these; none writes input raw.
 *
 * <pre>{@code
 * Escape.terminal("\033[31mred")   // backslash x1b[31mred: the escape is shown, not obeyed
 * Escape.html("<b>&")                // "&lt;b&gt;&amp;"
 * }</pre>
 */
public final class Escape {
  private Escape() {}

  /**
   * Makes text safe to print on a terminal: all C0 controls (newlines and tabs too, since a token
   * or a one-line field must stay on its line), DEL, C1 controls and the Unicode bidirectional
   * overrides are shown as a backslash, x and two hex digits (or u{NNNN}); backslashes are doubled
   * so the output is unambiguous.
   */
  public static String terminal(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\\') {
        b.append("\\\\");
      } else if (cp < 0x20 || cp == 0x7f) {
        b.append(String.format("\\x%02x", cp));
      } else if ((cp >= 0x80 && cp < 0xa0)
          || (cp >= 0x202a && cp <= 0x202e)
          || (cp >= 0x2066 && cp <= 0x2069)
          || cp == 0x200e
          || cp == 0x200f
          || cp == 0x061c
          || cp == 0x2028
          || cp == 0x2029
          || (cp >= 0xd800 && cp <= 0xdfff)) {
        b.append(String.format("\\u{%04x}", cp));
      } else {
        b.appendCodePoint(cp);
      }
    }
    return b.toString();
  }

  /** Escapes markup for HTML text and attribute values; controls become visible escapes. */
  public static String html(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      switch (cp) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if ((cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7f && cp < 0xa0)) {
            b.append(String.format("\\x%02x", cp));
          } else {
            b.appendCodePoint(cp);
          }
        }
      }
    }
    return b.toString();
  }

  /**
   * Escapes for XML (SVG) text and attributes: as {@link #html}, and characters XML 1.0 forbids
   * (most C0 controls, unpaired surrogates) become visible escapes, so the file stays well-formed.
   */
  public static String xml(String s) {
    String safe = xmlChars(s);
    StringBuilder b = new StringBuilder(safe.length() + 16);
    for (int i = 0; i < safe.length(); i++) {
      char c = safe.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * Only the characters XML 1.0 forbids (and C1 controls) become visible escapes; markup is left as
   * it is. For text handed to a DOM serializer, which escapes markup itself.
   */
  public static String xmlChars(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      boolean allowed =
          cp == 0x9
              || cp == 0xa
              || cp == 0xd
              || (cp >= 0x20 && cp <= 0xd7ff && !(cp >= 0x7f && cp < 0xa0))
              || (cp >= 0xe000 && cp <= 0xfffd)
              || (cp >= 0x10000 && cp <= 0x10ffff);
      if (allowed) {
        b.appendCodePoint(cp);
      } else {
        b.append(String.format("\\x%02x", cp));
      }
    }
    return b.toString();
  }
}
