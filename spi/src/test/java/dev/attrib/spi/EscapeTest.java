package dev.attrib.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.StringReader;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

class EscapeTest {
  @Test
  void terminalNeutralisesEscapesAndControls() {
    String evil = "\u001b[31mred\u0007\r\nnext\u009b2J\u202eevil\\";
    String safe = Escape.terminal(evil);
    for (char c : safe.toCharArray()) {
      assertFalse(
          c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x202e, "char " + (int) c);
    }
    assertEquals("\\x1b[31mred\\x07\\x0d\\x0anext\\u{009b}2J\\u{202e}evil\\\\", safe);
    assertEquals("häßlich 日本", Escape.terminal("häßlich 日本"));
    // Line separators and lone surrogates would break a one-line field or the terminal's decoder.
    assertEquals("a\\u{2028}b\\u{d800}", Escape.terminal("a\u2028b\ud800"));
  }

  @Test
  void htmlEscapesMarkup() {
    assertEquals(
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;",
        Escape.html("<script>alert('x')</script> & \""));
  }

  @Test
  void xmlStaysWellFormedWhateverTheInput() throws Exception {
    String evil = "<svg onload=\"x\"> & \u0000\u0001\ud800 ]]> \u001b[0m";
    String doc = "<a t=\"" + Escape.xml(evil) + "\">" + Escape.xml(evil) + "</a>";
    var parsed =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new InputSource(new StringReader(doc)));
    assertEquals("a", parsed.getDocumentElement().getTagName());
    assertEquals(
        parsed.getDocumentElement().getAttribute("t"),
        parsed.getDocumentElement().getTextContent());
  }
}
