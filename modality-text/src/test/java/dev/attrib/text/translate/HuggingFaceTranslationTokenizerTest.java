package dev.attrib.text.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.spi.AttribException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pieces, offsets, word starts, decoding and special tokens of the three kinds of model. */
class HuggingFaceTranslationTokenizerTest {
  @TempDir Path dir;

  static final List<String> LETTERS =
      "abcdefghijklmnopqrstuvwxyz".chars().mapToObj(Character::toString).toList();

  /** The SentencePiece-style source of the tests: words, a suffix, the bare ▁, every letter. */
  static List<String> unigramPieces() {
    List<String> p =
        new ArrayList<>(List.of("\u2581hello", "\u2581world", "\u2581good", "\u2581morn", "ing"));
    p.add("\u2581");
    p.add(",");
    p.addAll(LETTERS);
    return p;
  }

  static List<String> wordPieces() {
    List<String> p = new ArrayList<>(List.of("hello", "world", "good", "morn", "##ing", ","));
    p.addAll(LETTERS);
    LETTERS.forEach(l -> p.add("##" + l));
    return p;
  }

  /** Words after a space first: BPE applies earlier merges first, and Ġworld must beat w+o. */
  static final List<String> BPE_WORDS =
      List.of(
          "\u0120good",
          "\u0120hello",
          "\u0120world",
          "\u0120morn",
          "good",
          "hello",
          "world",
          "ing");

  private HuggingFaceTranslationTokenizer read(String json, Map<String, String> specials)
      throws IOException {
    Path f = dir.resolve("t" + System.nanoTime() + ".json");
    Files.writeString(f, json, StandardCharsets.UTF_8);
    return HuggingFaceTranslationTokenizer.read(f, specials);
  }

  private static List<String> texts(List<Piece> pieces) {
    return pieces.stream().map(Piece::text).toList();
  }

  private static List<Boolean> continuations(List<Piece> pieces) {
    return pieces.stream().map(Piece::continuation).toList();
  }

  private static String span(String text, Piece p) {
    return text.substring(p.start(), p.end());
  }

  @Test
  void unigramPiecesAreShownAsWrittenWithOffsetsIntoTheInputAndWordStartsAtTheMark()
      throws IOException {
    HuggingFaceTranslationTokenizer t = read(TokenizerFiles.unigram(unigramPieces()), Map.of());
    assertEquals("huggingface", t.kind());
    assertEquals(List.of(0, 1, 2, 3), List.of(t.pad(), t.unk(), t.bos(), t.eos()));
    String text = "Good  morning, world!";
    List<Piece> p = t.tokenize(text, 1);
    assertEquals(
        List.of("\u2581good", "\u2581", "\u2581morn", "ing", ",", "\u2581world", "!"), texts(p));
    assertEquals(1, p.get(0).index());
    assertEquals("Good", span(text, p.get(0)), "offsets leave out the space ▁ stands for");
    assertEquals("morn", span(text, p.get(2)));
    assertEquals("ing", span(text, p.get(3)));
    assertEquals("world", span(text, p.get(5)));
    // A bare ▁ starts the word its next piece continues; "," and "!" continue white-space words.
    assertEquals(List.of(false, false, true, true, true, false, true), continuations(p));
    Piece unknown = p.get(6);
    assertEquals("<unk>", unknown.token(), "an unknown piece maps to <unk> but shows its text");
    assertEquals(t.unk(), unknown.id());
    assertEquals("!", unknown.text());
  }

  @Test
  void unigramDecodesAsItsDecoderDoesWithOffsetsIntoTheOutput() throws IOException {
    HuggingFaceTranslationTokenizer t = read(TokenizerFiles.unigram(unigramPieces()), Map.of());
    List<Piece> in = t.tokenize("good morning", 0);
    int[] ids = in.stream().mapToInt(Piece::id).toArray();
    assertEquals("good morning", t.decode(ids));
    List<Piece> out = t.decodePieces(ids);
    assertEquals(List.of("\u2581good", "\u2581morn", "ing"), texts(out));
    assertEquals(
        List.of("good", "morn", "ing"), out.stream().map(o -> span("good morning", o)).toList());
    assertEquals(List.of(false, false, true), continuations(out));
  }

  @Test
  void wordPieceContinuesWordsWithHashes() throws IOException {
    HuggingFaceTranslationTokenizer t = read(TokenizerFiles.wordPiece(wordPieces()), Map.of());
    assertEquals(List.of(0, 1, 2, 3), List.of(t.pad(), t.unk(), t.bos(), t.eos()));
    String text = "Good morning, world";
    List<Piece> p = t.tokenize(text, 1);
    assertEquals(List.of("good", "morn", "##ing", ",", "world"), texts(p));
    assertEquals(List.of(false, false, true, false, false), continuations(p));
    assertEquals("ing", span(text, p.get(2)));
    int[] ids = p.stream().mapToInt(Piece::id).toArray();
    assertEquals("good morning, world", t.decode(ids));
    List<Piece> out = t.decodePieces(ids);
    assertEquals(List.of(false, false, true, false, false), continuations(out));
    assertEquals("ing", span("good morning, world", out.get(2)));
  }

  @Test
  void byteLevelBpeStartsWordsAtTheSpaceMarkAndHasNoUnknownToken() throws IOException {
    HuggingFaceTranslationTokenizer t = read(TokenizerFiles.byteLevelBpe(BPE_WORDS), Map.of());
    assertEquals(-1, t.unk());
    assertEquals(List.of(0, 1, 2), List.of(t.pad(), t.bos(), t.eos()));
    String text = "good morning world";
    List<Piece> p = t.tokenize(text, 1);
    assertEquals(List.of("good", "\u0120morn", "ing", "\u0120world"), texts(p));
    assertEquals(List.of(false, false, true, false), continuations(p));
    assertEquals("morn", span(text, p.get(1)));
    int[] ids = p.stream().mapToInt(Piece::id).toArray();
    assertEquals(text, t.decode(ids));
    assertEquals(
        List.of("good", "morn", "ing", "world"),
        t.decodePieces(ids).stream().map(o -> span(text, o)).toList());
  }

  @Test
  void specialTokensComeFromTheManifestOrTheAddedTokens() throws IOException {
    String bpe = TokenizerFiles.byteLevelBpe(BPE_WORDS);
    HuggingFaceTranslationTokenizer named = read(bpe, Map.of("bos", "</s>", "eos", "<s>"));
    assertEquals(2, named.bos(), "the manifest wins over the usual names");
    assertEquals(1, named.eos());
    AttribException missing =
        assertThrows(AttribException.class, () -> read(bpe, Map.of("bos", "[CLS]")));
    assertTrue(
        missing.getMessage().endsWith("specialTokens.bos '[CLS]' is not in this tokenizer"),
        missing.getMessage());
    String noEnd = bpe.replace("\"</s>\"", "\"<end>\"");
    AttribException none = assertThrows(AttribException.class, () -> read(noEnd, Map.of()));
    assertTrue(
        none.getMessage().contains("no end marker token")
            && none.getMessage().endsWith("name it in attrib.json as specialTokens.eos"),
        none.getMessage());
    assertEquals(2, read(noEnd, Map.of("eos", "<end>")).eos());
  }

  @Test
  void aBrokenFileIsOneLineNamingIt() throws IOException {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"model\": ");
    AttribException e =
        assertThrows(
            AttribException.class, () -> HuggingFaceTranslationTokenizer.read(bad, Map.of()));
    assertTrue(e.getMessage().startsWith(bad + ": not valid JSON"), e.getMessage());
    Path none = dir.resolve("none.json");
    AttribException gone =
        assertThrows(
            AttribException.class, () -> HuggingFaceTranslationTokenizer.read(none, Map.of()));
    assertEquals(none + ": missing tokenizer file", gone.getMessage());
  }
}
