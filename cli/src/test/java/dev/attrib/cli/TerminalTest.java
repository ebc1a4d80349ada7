package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class TerminalTest {

  @Test
  void escapeSequenceAndBellBecomeVisibleText() {
    assertEquals("\\x1b[31mred\\x07", Terminal.sanitize("\u001b[31mred\u0007"));
  }

  @Test
  void everyC0ControlAndDelIsEscaped() {
    assertEquals("a\\x00b\\x09c\\x0ad\\x0de\\x7f", Terminal.sanitize("a\0b\tc\nd\re\u007f"));
    for (char c = 0; c < 0x20; c++) {
      String s = Terminal.sanitize(String.valueOf(c));
      assertEquals(String.format("\\x%02x", (int) c), s);
    }
  }

  @Test
  void c1ControlsAndBidiOverridesAreEscaped() {
    // U+009B is the one-byte CSI: as dangerous as ESC [ on terminals that honour C1.
    assertEquals("\\u{009b}2J", Terminal.sanitize("\u009b2J"));
    assertEquals("\\u{0085}", Terminal.sanitize("\u0085"));
    assertEquals("abc\\u{202e}fed", Terminal.sanitize("abc\u202efed"));
    assertEquals("\\u{2066}x\\u{2069}", Terminal.sanitize("\u2066x\u2069"));
    for (int cp = 0x80; cp < 0xa0; cp++) {
      assertFalse(Terminal.sanitize(Character.toString(cp)).contains(Character.toString(cp)));
    }
  }

  @Test
  void printableTextIsUnchangedAndBackslashesAreDoubled() {
    String s = "caf\u00e9 \u2013 \u5206\u5b50 \ud83d\ude00 C1=CC=CC=C1";
    assertEquals(s, Terminal.sanitize(s));
    // A literal backslash-x1b must not look like an escaped ESC.
    assertEquals("\\\\x1b", Terminal.sanitize("\\x1b"));
    assertEquals("null", Terminal.sanitize(null));
  }

  @Test
  void oneLineJoinsLinesThenSanitizes() {
    assertEquals("first second \\x1b[0m", Terminal.oneLine("  first\n   second\r\n\u001b[0m "));
    assertEquals("(no message)", Terminal.oneLine(null));
  }
}
