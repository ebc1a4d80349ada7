package dev.attrib.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.model.LoadedModel;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Options;
import dev.attrib.spi.Unit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both tokenizer paths, offsets, and the manifest's text keys. */
class TokenizerTest {
  private final TextModality text = new TextModality();

  private static List<String> texts(TextEncoding e) {
    return e.units().stream().map(Unit::text).toList();
  }

  @Test
  void huggingFaceAddsSpecialTokensAndKeepsOffsetsIntoTheInput(@TempDir Path dir) {
    try (LoadedModel m = TinyModels.load(dir, TinyModels.hfManifest(""))) {
      String in = "The movie was goods!";
      TextEncoding e = text.encode(in, m, Options.NONE);
      assertEquals(
          List.of("[CLS]", "the", "movie", "was", "good", "##s", "!", "[SEP]"), e.tokens());
      // Unit texts are the input's own characters ("The", not the vocabulary's "the").
      assertEquals(List.of("[CLS]", "The", "movie", "was", "good", "s", "!", "[SEP]"), texts(e));
      assertEquals(List.of(2L, 5L, 6L, 7L, 8L, 14L, 21L, 3L), e.tokenIds());
      Unit good = e.units().get(4);
      assertEquals(new Unit(4, "token", "good", 14, 18), good);
      assertEquals(new Unit(0, "special", "[CLS]", -1, -1), e.units().get(0));
      assertEquals("huggingface", e.tokenizer());
      assertEquals(List.of(), e.warnings());
    }
  }

  @Test
  void offsetsCountUtf16CharsPastAccentsAndEmoji(@TempDir Path dir) {
    try (LoadedModel m = TinyModels.load(dir, TinyModels.hfManifest(""))) {
      String in = "\uD83D\uDE00 Ünï mövie… the movie";
      TextEncoding e = text.encode(in, m, Options.NONE);
      Unit last = e.units().get(e.units().size() - 2);
      assertEquals("movie", last.text());
      assertEquals(in.length() - 5, last.start());
      for (Unit u : e.units()) {
        if (u.start() >= 0) {
          assertEquals(in.substring(u.start(), u.end()), u.text());
        }
      }
    }
  }

  @Test
  void luceneLowerCasesDropsPunctuationAndMapsUnknownWords(@TempDir Path dir) {
    String manifest =
        TinyModels.hfManifest(", \"tokenizer\": \"lucene\", \"vocab\": \"vocab.txt\"")
            .replace("\"name\": \"tiny\"", "\"name\": \"tiny-lucene\"");
    try (LoadedModel m = TinyModels.load(dir, manifest)) {
      TextEncoding e = text.encode("The MOVIE, was goods!", m, Options.NONE);
      assertEquals(List.of("the", "movie", "was", "[UNK]"), e.tokens());
      assertEquals(List.of("The", "MOVIE", "was", "goods"), texts(e));
      assertEquals(new Unit(1, "token", "MOVIE", 4, 9), e.units().get(1));
      assertTrue(e.special().stream().noneMatch(b -> b));
      assertEquals("lucene", e.tokenizer());
    }
  }

  @Test
  void luceneStopWordsFromLucenesListOrAFile(@TempDir Path dir) throws IOException {
    String english =
        TinyModels.hfManifest(", \"tokenizer\": \"lucene\", \"stopwords\": \"english\"");
    try (LoadedModel m = TinyModels.load(dir.resolve("a"), english)) {
      TextEncoding e = text.encode("The movie was not good", m, Options.NONE);
      // Lucene's English list has "the", "was" and "not".
      assertEquals(List.of("movie", "good"), texts(e));
    }
    Path b =
        TinyModels.folder(
            dir.resolve("b"),
            TinyModels.hfManifest(", \"tokenizer\": \"lucene\", \"stopwords\": \"stop.txt\""));
    Files.writeString(b.resolve("stop.txt"), "# ours\nmovie\n\nGOOD\n");
    try (LoadedModel m =
        dev.attrib.model.ModelLoader.load(b, text.manifestKeys(), ai.djl.Device.cpu())) {
      TextEncoding e = text.encode("The movie was not good", m, Options.NONE);
      assertEquals(List.of("The", "was", "not"), texts(e));
    }
  }

  @Test
  void manifestMistakesAreNamed(@TempDir Path dir) {
    AttribException noEmbedding =
        assertThrows(
            AttribException.class,
            () ->
                TinyModels.encodeOnce(
                    dir.resolve("a"),
                    TinyModels.hfManifest("").replace(", \"embedding\": \"embedding.weight\"", ""),
                    "good"));
    assertTrue(noEmbedding.getMessage().contains("'embedding'"), noEmbedding.getMessage());

    AttribException wrongParam =
        assertThrows(
            AttribException.class,
            () ->
                TinyModels.encodeOnce(
                    dir.resolve("b"),
                    TinyModels.hfManifest("").replace("embedding.weight", "embeddings.word"),
                    "good"));
    assertTrue(wrongParam.getMessage().contains("embeddings.word"), wrongParam.getMessage());
    assertTrue(wrongParam.getMessage().contains("embedding.weight"), wrongParam.getMessage());

    AttribException vocabForHf =
        assertThrows(
            AttribException.class,
            () ->
                TinyModels.encodeOnce(
                    dir.resolve("c"), TinyModels.hfManifest(", \"vocab\": \"vocab.txt\""), "good"));
    assertTrue(vocabForHf.getMessage().contains("lucene"), vocabForHf.getMessage());

    AttribException badLength =
        assertThrows(
            AttribException.class,
            () ->
                TinyModels.encodeOnce(
                    dir.resolve("d"), TinyModels.hfManifest(", \"maxLength\": 2.5"), "good"));
    assertTrue(badLength.getMessage().contains("maxLength"), badLength.getMessage());

    AttribException missingFile =
        assertThrows(
            AttribException.class,
            () ->
                TinyModels.encodeOnce(
                    dir.resolve("e"),
                    TinyModels.hfManifest(", \"tokenizer\": \"../tok.json\""),
                    "good"));
    assertTrue(missingFile.getMessage().contains("'tokenizer'"), missingFile.getMessage());

    AttribException unknownKey =
        assertThrows(
            AttribException.class,
            () ->
                TinyModels.load(dir.resolve("f"), TinyModels.hfManifest(", \"tokeniser\": \"x\"")));
    assertTrue(unknownKey.getMessage().contains("'tokeniser'"), unknownKey.getMessage());
    assertFalse(text.manifestKeys().isEmpty());
  }
}
