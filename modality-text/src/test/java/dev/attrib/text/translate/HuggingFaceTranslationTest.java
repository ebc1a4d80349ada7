package dev.attrib.text.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelLoader;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Translation model folders with HuggingFace {@code tokenizer.json} files, end to end on tiny
 * models: SentencePiece/Unigram on both sides, WordPiece and byte-level BPE.
 */
class HuggingFaceTranslationTest {
  @TempDir Path dir;

  static final List<String> TARGET_PIECES =
      List.of("\u2581hallo", "\u2581welt", "\u2581gute", "n", "\u2581morgen");

  private LoadedModel unigramModel(Path d) throws IOException {
    return TinyModel.loadHuggingFace(
        d,
        TokenizerFiles.unigram(HuggingFaceTranslationTokenizerTest.unigramPieces()),
        TokenizerFiles.unigram(TARGET_PIECES),
        "");
  }

  private static List<String> texts(List<Piece> pieces) {
    return pieces.stream().map(Piece::text).toList();
  }

  private static void completeWithinOnePercent(Translation t) {
    assertFalse(t.outputs().isEmpty());
    for (OutputPiece o : t.outputs()) {
      assertTrue(
          o.completeness().relativeDelta() <= 0.01,
          o.piece().text() + ": " + o.completeness() + ", steps " + o.steps());
    }
  }

  @Test
  void sentencePieceOnBothSidesWorksEndToEnd() throws IOException {
    try (LoadedModel model = unigramModel(dir)) {
      TranslationExplainer ex = new TranslationExplainer(model);
      ExplainSettings s = TranslationExplainer.defaultSettings();
      Translation t = ex.explain("Good morning world", s);
      assertEquals(
          List.of("<s>", "\u2581good", "\u2581morn", "ing", "\u2581world", "</s>"),
          texts(t.source()));
      Piece morn = t.source().get(2);
      assertEquals("morn", "Good morning world".substring(morn.start(), morn.end()));
      completeWithinOnePercent(t);
      for (OutputPiece o : t.outputs()) {
        assertEquals(0.0, o.score(0), 0.0, "the nmt baseline keeps the start marker");
        assertEquals(ex.folder().targetVocabulary().token(o.piece().id()), o.piece().text());
        assertTrue(o.piece().end() <= t.output().length());
      }
      // The output is the target decoder's text: no ▁, words separated by spaces.
      int[] ids = t.outputs().stream().mapToInt(o -> o.piece().id()).toArray();
      assertEquals(ex.folder().targetVocabulary().decode(ids), t.output());
      assertEquals(ex.translate("Good morning world"), t.output());
      assertFalse(t.output().contains("\u2581"), t.output());

      Translation forced = ex.explain("Good morning world", t.output(), s);
      assertEquals(t.outputs().size(), forced.outputs().size());
      for (int j = 0; j < t.outputs().size(); j++) {
        assertArrayEquals(t.matrix()[j], forced.matrix()[j], 1e-9);
      }
      AttribException unknown =
          assertThrows(AttribException.class, () -> ex.explain("good", "gute morgen!", s));
      assertTrue(unknown.getMessage().contains("'!'"), unknown.getMessage());
      String plain =
          new String(TranslationRenderers.plain(t, Options.NONE), StandardCharsets.UTF_8);
      assertTrue(plain.contains("\u2581morn"), plain);
    }
  }

  @Test
  void wordsMergePiecesKeepingTheSourceSumsAndTheFirstPiecesRows() throws IOException {
    try (LoadedModel model = unigramModel(dir)) {
      TranslationExplainer ex = new TranslationExplainer(model);
      Translation pieces =
          ex.explain("Good morning world", "gute morgen", TranslationExplainer.defaultSettings());
      Translation w = TranslationWords.merge(pieces);
      assertEquals(List.of("<s>", "Good", "morning", "world", "</s>"), texts(w.source()));
      assertEquals("\u2581morn ing", w.source().get(2).token());
      assertEquals(
          List.of("gute", "morgen"), texts(w.outputs().stream().map(OutputPiece::piece).toList()));
      for (int j = 0; j < w.outputs().size(); j++) {
        double[] piece = pieces.matrix()[j];
        double[] word = w.matrix()[j];
        assertEquals(piece[2] + piece[3], word[2], 1e-12, "morning = ▁morn + ing");
        assertEquals(piece[4], word[3], 1e-12);
        assertEquals(sum(piece), sum(word), 1e-9, "a row keeps its sum");
      }
      assertEquals(pieces.sequenceProbability(), w.sequenceProbability(), 1e-12);
    }
  }

  @Test
  void anOutputWordOfSeveralPiecesHasItsFirstPiecesRowAndItsProbability() throws IOException {
    try (LoadedModel model = unigramModel(dir)) {
      TranslationExplainer ex = new TranslationExplainer(model);
      Translation t =
          ex.explain("good morning", "guten morgen", TranslationExplainer.defaultSettings());
      assertEquals(
          List.of("\u2581gute", "n", "\u2581morgen"),
          texts(t.outputs().stream().map(OutputPiece::piece).toList()));
      assertEquals(
          List.of(false, true, false),
          t.outputs().stream().map(o -> o.piece().continuation()).toList());
      Translation w = TranslationWords.merge(t);
      assertEquals(2, w.outputs().size());
      OutputPiece guten = w.outputs().get(0);
      assertEquals("guten", guten.piece().text());
      assertEquals(0, guten.piece().start());
      assertEquals(5, guten.piece().end());
      assertEquals("\u2581gute n", guten.piece().token());
      assertEquals(-1, guten.piece().id());
      OutputPiece gute = t.outputs().get(0);
      assertEquals(gute.completeness(), guten.completeness());
      assertEquals(gute.score(), guten.score(), 0.0);
      assertEquals(
          gute.probability() * t.outputs().get(1).probability(), guten.probability(), 1e-12);
      OutputPiece n = t.outputs().get(1);
      OutputPiece differs =
          gute.best().id() != gute.piece().id() ? gute : n.best().id() != n.piece().id() ? n : null;
      assertEquals(
          differs == null ? guten.piece().id() : differs.best().id(),
          guten.best().id(),
          "where the model would choose otherwise, the word shows its first other choice");
      double[] first = gute.scores();
      assertArrayEquals(
          new double[] {first[0], first[1], first[2] + first[3], first[4]}, guten.scores(), 1e-12);
    }
  }

  @Test
  void wordPieceSourceAndByteLevelBpeTarget() throws IOException {
    try (LoadedModel model =
        TinyModel.loadHuggingFace(
            dir,
            TokenizerFiles.wordPiece(HuggingFaceTranslationTokenizerTest.wordPieces()),
            TokenizerFiles.byteLevelBpe(HuggingFaceTranslationTokenizerTest.BPE_WORDS),
            "")) {
      TranslationExplainer ex = new TranslationExplainer(model);
      Translation t = ex.explain("good morning", TranslationExplainer.defaultSettings());
      assertEquals(List.of("[BOS]", "good", "morn", "##ing", "[EOS]"), texts(t.source()));
      completeWithinOnePercent(t);
      assertEquals(-1, ex.folder().targetVocabulary().unk());
      assertEquals(
          List.of("[BOS]", "good", "morning", "[EOS]"), texts(TranslationWords.merge(t).source()));
      Translation forced =
          ex.explain("good morning", "hello good world", TranslationExplainer.defaultSettings());
      assertEquals(
          List.of("hello", "\u0120good", "\u0120world"),
          texts(forced.outputs().stream().map(OutputPiece::piece).toList()));
      completeWithinOnePercent(forced);
    }
  }

  @Test
  void byteLevelBpeSourceAndWordPieceTarget() throws IOException {
    try (LoadedModel model =
        TinyModel.loadHuggingFace(
            dir,
            TokenizerFiles.byteLevelBpe(HuggingFaceTranslationTokenizerTest.BPE_WORDS),
            TokenizerFiles.wordPiece(HuggingFaceTranslationTokenizerTest.wordPieces()),
            "")) {
      TranslationExplainer ex = new TranslationExplainer(model);
      Translation t = ex.explain("good morning world", TranslationExplainer.defaultSettings());
      assertEquals(
          List.of("<s>", "good", "\u0120morn", "ing", "\u0120world", "</s>"), texts(t.source()));
      completeWithinOnePercent(t);
    }
  }

  // --- manifest errors -------------------------------------------------------------------------

  /** Loads a copy of a working folder whose manifest {@code edit} changed; returns the error. */
  private AttribException folderError(UnaryOperator<String> edit) throws IOException {
    Path ok = Files.createDirectories(dir.resolve("ok"));
    if (!Files.exists(ok.resolve("attrib.json"))) {
      unigramModel(ok).close();
    }
    Path bad = Files.createDirectories(dir.resolve("bad" + System.nanoTime()));
    try (Stream<Path> files = Files.list(ok)) {
      for (Path f : files.toList()) {
        Files.copy(f, bad.resolve(f.getFileName()));
      }
    }
    Path manifest = bad.resolve("attrib.json");
    Files.writeString(manifest, edit.apply(Files.readString(manifest)));
    try (LoadedModel m = ModelLoader.load(bad, TranslationFolder.KEYS, Device.cpu())) {
      return assertThrows(AttribException.class, () -> new TranslationExplainer(m));
    }
  }

  @Test
  void manifestMistakesAreOneLineNamingTheFileAndKey() throws IOException {
    String key = "\"tokenizer\": \"huggingface\"";
    AttribException other = folderError(s -> s.replace(key, key + ", \"sourceVocab\": \"v.txt\""));
    assertTrue(
        other
            .getMessage()
            .endsWith("'sourceVocab' goes with \"tokenizer\": \"words\", not \"huggingface\""),
        other.getMessage());
    AttribException unknown = folderError(s -> s.replace(key, "\"tokenizer\": \"sentencepiece\""));
    assertTrue(
        unknown
            .getMessage()
            .endsWith(
                "unknown tokenizer 'sentencepiece' for translation; available: words, huggingface"),
        unknown.getMessage());
    AttribException role =
        folderError(s -> s.replace(key, key + ", \"specialTokens\": {\"start\": \"<s>\"}"));
    assertTrue(
        role.getMessage().endsWith("unknown key 'specialTokens.start'; known: pad, unk, bos, eos"),
        role.getMessage());
    AttribException file =
        folderError(s -> s.replace(key, key + ", \"sourceTokenizer\": \"nope.json\""));
    assertTrue(file.getMessage().endsWith("nope.json: missing tokenizer file"), file.getMessage());
    AttribException size =
        folderError(s -> s.replace(key, key + ", \"sourceTokenizer\": \"target-tokenizer.json\""));
    assertTrue(size.getMessage().contains("but the source tokenizer has 9 ids"), size.getMessage());
  }

  private static double sum(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s;
  }
}
