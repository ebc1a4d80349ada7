package dev.attrib.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextLinesTest {

  private static List<String> shown(byte[] bytes) {
    return TextLines.of(bytes).stream()
        .map(l -> l.number() + (l.ok() ? " " + l.text() : " ! " + l.error()))
        .toList();
  }

  @Test
  void aBadByteCostsItsLineOnlyAndIsNamed() {
    byte[] latin1 = "café\nok\n".getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(
        List.of("1 ! not UTF-8 text (byte 0xe9 at byte 4 of the line)", "2 ok"), shown(latin1));
  }

  @Test
  void lineBreaksOfEveryKindAndTheByteOrderMark() {
    byte[] b = "\uFEFFa\r\nb\rc\n\nd".getBytes(StandardCharsets.UTF_8);
    assertEquals(List.of("1 a", "2 b", "3 c", "4 ", "5 d"), shown(b));
    assertEquals(List.of(), shown(new byte[0]));
    assertEquals(List.of("1 é"), shown("é\n".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void truncatedAndOverlongSequencesAreNotUtf8() {
    byte[] truncated = {'a', (byte) 0xe2, (byte) 0x82};
    assertEquals(List.of("1 ! not UTF-8 text (byte 0xe2 at byte 2 of the line)"), shown(truncated));
    byte[] overlong = {(byte) 0xc0, (byte) 0xaf};
    assertEquals(List.of("1 ! not UTF-8 text (byte 0xc0 at byte 1 of the line)"), shown(overlong));
  }
}
