package dev.attrib.text.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.spi.AttribException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordVocabularyTest {
  private final WordVocabulary v = WordVocabulary.of(List.of("good", "morning", "straße", "don"));

  @Test
  void specialsComeFirst() {
    assertEquals(List.of("[PAD]", "[UNK]", "[BOS]", "[EOS]"), v.tokens().subList(0, 4));
    assertEquals(0, v.pad());
    assertEquals(1, v.unk());
    assertEquals(2, v.bos());
    assertEquals(3, v.eos());
    assertEquals(4, v.id("good"));
    assertEquals(1, v.id("nope"));
  }

  @Test
  void lowerCasesAndSplitsAtSpacesAndPunctuationKeepingOffsets() {
    String text = "  Good MORNING,Straße! don't\tx\u0301y";
    List<Piece> p = v.tokenize(text, 1);
    assertEquals(
        List.of("Good", "MORNING", ",", "Straße", "!", "don", "'", "t", "x\u0301y"),
        p.stream().map(Piece::text).toList());
    assertEquals(
        List.of("good", "morning", "[UNK]", "straße", "[UNK]", "don", "[UNK]", "[UNK]", "[UNK]"),
        p.stream().map(Piece::token).toList());
    for (Piece x : p) {
      assertEquals(x.text(), text.substring(x.start(), x.end()));
      assertTrue(!x.special());
    }
    assertEquals(1, p.get(0).index());
    assertEquals(9, p.get(8).index());
    assertTrue(v.tokenize(" \n\t ", 0).isEmpty());
  }

  @Test
  void controlCharactersArePiecesOfTheirOwn() {
    List<Piece> p = v.tokenize("good\u001b[31mmorning", 0);
    assertEquals(
        List.of("good", "\u001b", "[", "31mmorning"), p.stream().map(Piece::text).toList());
  }

  @Test
  void readsWhatItWritesAndRejectsBadFiles(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("vocab.txt");
    v.write(f);
    assertEquals(v.tokens(), WordVocabulary.read(f).tokens());

    Files.writeString(f, "[PAD]\n[UNK]\n[EOS]\n[BOS]\nx\n");
    AttribException order = assertThrows(AttribException.class, () -> WordVocabulary.read(f));
    assertTrue(order.getMessage().contains("line 3 must be [BOS]"), order.getMessage());
    Files.writeString(f, "[PAD]\n[UNK]\n[BOS]\n[EOS]\nx\nx\n");
    AttribException twice = assertThrows(AttribException.class, () -> WordVocabulary.read(f));
    assertTrue(twice.getMessage().contains("'x' appears twice"), twice.getMessage());
    AttribException missing =
        assertThrows(AttribException.class, () -> WordVocabulary.read(dir.resolve("no.txt")));
    assertTrue(missing.getMessage().contains("missing vocabulary file"), missing.getMessage());
  }

  @Test
  void batchLinesSplitAtATab() {
    assertEquals(TranslationRequest.of("a b"), TranslationRequest.parseLine("a b"));
    assertEquals(TranslationRequest.of("a b", "c d"), TranslationRequest.parseLine("a b\tc d"));
    assertEquals(TranslationRequest.of("a b"), TranslationRequest.parseLine("a b\t  "));
  }
}
