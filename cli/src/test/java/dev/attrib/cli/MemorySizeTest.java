package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MemorySizeTest {

  @Test
  void readsBytesAndBinaryUnits() {
    assertEquals(1000L, MemorySize.parse("1000"));
    assertEquals(512L << 20, MemorySize.parse("512M"));
    assertEquals(512L << 20, MemorySize.parse("512MiB"));
    assertEquals(256L << 20, MemorySize.parse("256mb"));
    assertEquals(2L << 30, MemorySize.parse("2G"));
    assertEquals(1536L << 20, MemorySize.parse("1.5g"));
    assertEquals(64L << 10, MemorySize.parse("64k"));
  }

  @Test
  void rejectsWhatIsNotAPositiveSize() {
    for (String bad : new String[] {"", "0", "-5M", "M", "12X", "1e9", "0.1"}) {
      assertNull(MemorySize.parse(bad), bad);
    }
    assertThrows(CommandLine.TypeConversionException.class, () -> new MemorySize().convert("lots"));
  }
}
