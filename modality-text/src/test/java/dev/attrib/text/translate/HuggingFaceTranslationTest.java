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
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Translation model folders with HuggingFace {@code tokenizer.json} files, end to end on tiny
 * models through the one pipeline: SentencePiece/Unigram on both sides, WordPiece and byte-level
 * BPE; the word view ({@code words=true}).
 */
class HuggingFaceTranslationTest {
  @TempDir Path dir;

  private static final TranslationModality TR = new TranslationModality();

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

  /** Explains {@code source} at the modality's defaults, forced to {@code target} unless null. */
  private static Explanation<TranslationEncoding> explain(
      LoadedModel model, String source, String target, boolean words) {
    Map<String, String> o = new LinkedHashMap<>();
    if (target != null) {
      o.put(TranslationModality.TARGET_TEXT, target);
    }
    if (words) {
      o.put(TranslationModality.WORDS, "true");
    }
    ExplainSettings s = ExplainSettings.defaults(TR).withOptions(Options.of(o));
    return new Explainer<>(TR, model).explain(source, s);
  }

  private static Explanation<TranslationEncoding> explain(LoadedModel model, String source) {
    return explain(model, source, null, false);
  }

  private static double[][] matrix(Explanation<?> e) {
    return e.rows().stream().map(r -> r.units().scores()).toArray(double[][]::new);
  }

  private static List<Piece> outputs(TranslationEncoding enc) {
    return enc.outputUnits().stream().map(OutputPiece::piece).toList();
  }

  private static void completeWithinOnePercent(Explanation<TranslationEncoding> e) {
    assertFalse(e.rows().isEmpty());
    for (Explanation.Row r : e.rows()) {
      assertTrue(
          r.attribution().completeness().relativeDelta() <= 0.01,
          r.label()
              + ": "
              + r.attribution().completeness()
              + ", steps "
              + r.attribution().settings().steps());
    }
  }

  @Test
  void sentencePieceOnBothSidesWorksEndToEnd() throws IOException {
    try (LoadedModel model = unigramModel(dir)) {
      TranslationDecoder decoder = new TranslationDecoder(model);
      Explanation<TranslationEncoding> e = explain(model, "Good morning world");
      TranslationEncoding t = e.encoded();
      assertEquals(
          List.of("<s>", "\u2581good", "\u2581morn", "ing", "\u2581world", "</s>"),
          texts(t.source()));
      Piece morn = t.source().get(2);
      assertEquals("morn", "Good morning world".substring(morn.start(), morn.end()));
      completeWithinOnePercent(e);
      assertEquals(t.outputs().size(), e.rows().size(), "one row per output piece");
      for (int j = 0; j < e.rows().size(); j++) {
        OutputPiece o = t.outputs().get(j);
        assertEquals(0.0, e.rows().get(j).units().score(0), 0.0, "nmt keeps the start marker");
        assertEquals(decoder.folder().targetVocabulary().token(o.piece().id()), o.piece().text());
        assertEquals(o.piece().token(), e.rows().get(j).label());
        assertTrue(o.piece().end() <= t.output().length());
      }
      // The output is the target decoder's text: no ▁, words separated by spaces; the decoder
      // and the explanation (its header, its prediction) say the same.
      int[] ids = t.outputs().stream().mapToInt(o -> o.piece().id()).toArray();
      assertEquals(decoder.folder().targetVocabulary().decode(ids), t.output());
      assertEquals(decoder.translate("Good morning world"), t.output());
      assertEquals(t.output(), e.prediction().label());
      assertFalse(t.output().contains("\u2581"), t.output());

      Explanation<TranslationEncoding> forced =
          explain(model, "Good morning world", t.output(), false);
      assertEquals(e.rows().size(), forced.rows().size());
      for (int j = 0; j < e.rows().size(); j++) {
        assertArrayEquals(matrix(e)[j], matrix(forced)[j], 1e-9);
      }
      AttribException unknown =
          assertThrows(AttribException.class, () -> explain(model, "good", "gute morgen!", false));
      assertTrue(unknown.getMessage().contains("'!'"), unknown.getMessage());
      String plain =
          new String(TranslationRenderers.plain(e, Options.NONE), StandardCharsets.UTF_8);
      assertTrue(plain.startsWith(t.output() + "\n"), plain);
      assertTrue(plain.contains("\u2581morn"), plain);
    }
  }

  @Test
  void wordsMergePiecesKeepingTheSourceSumsAndTheFirstPiecesRows() throws IOException {
    try (LoadedModel model = unigramModel(dir)) {
      Explanation<TranslationEncoding> pieces =
          explain(model, "Good morning world", "gute morgen", false);
      Explanation<TranslationEncoding> w =
          explain(model, "Good morning world", "gute morgen", true);
      TranslationEncoding enc = w.encoded();
      assertTrue(enc.inWords());
      assertEquals(List.of("<s>", "Good", "morning", "world", "</s>"), texts(enc.sourceUnits()));
      assertEquals(
          List.of("marker", "word", "word", "word", "marker"),
          enc.units().stream().map(u -> u.kind()).toList());
      assertEquals("\u2581morn ing", enc.sourceUnits().get(2).token());
      assertEquals(6, enc.source().size(), "the model still reads pieces");
      assertEquals(List.of("gute", "morgen"), texts(outputs(enc)));
      assertEquals(List.of("gute", "morgen"), w.rows().stream().map(r -> r.label()).toList());
      for (int j = 0; j < w.rows().size(); j++) {
        double[] piece = matrix(pieces)[j];
        double[] word = matrix(w)[j];
        assertEquals(piece[2] + piece[3], word[2], 1e-12, "morning = ▁morn + ing");
        assertEquals(piece[4], word[3], 1e-12);
        assertEquals(sum(piece), sum(word), 1e-9, "a row keeps its sum");
        assertEquals(
            w.rows().get(j).attribution().completeness().sum(), sum(word), 1e-6, "and is complete");
      }
      assertEquals(pieces.encoded().sequenceProbability(), enc.sequenceProbability(), 1e-12);
      assertEquals(pieces.prediction(), w.prediction());
    }
  }

  @Test
  void anOutputWordOfSeveralPiecesHasItsFirstPiecesRowAndItsProbability() throws IOException {
    try (LoadedModel model = unigramModel(dir)) {
      Explanation<TranslationEncoding> p = explain(model, "good morning", "guten morgen", false);
      TranslationEncoding t = p.encoded();
      assertEquals(List.of("\u2581gute", "n", "\u2581morgen"), texts(outputs(t)));
      assertEquals(
          List.of(false, true, false),
          t.outputs().stream().map(o -> o.piece().continuation()).toList());
      Explanation<TranslationEncoding> w = explain(model, "good morning", "guten morgen", true);
      TranslationEncoding enc = w.encoded();
      assertEquals(2, w.rows().size());
      assertEquals(List.of(0, 2), enc.words().firstPiece());
      OutputPiece guten = enc.outputUnits().get(0);
      assertEquals("guten", guten.piece().text());
      assertEquals(0, guten.piece().start());
      assertEquals(5, guten.piece().end());
      assertEquals("\u2581gute n", guten.piece().token());
      assertEquals(-1, guten.piece().id());
      Explanation.Row gute = p.rows().get(0);
      Explanation.Row gutenRow = w.rows().get(0);
      assertEquals(gute.attribution().completeness(), gutenRow.attribution().completeness());
      assertEquals(gute.score(), gutenRow.score(), 0.0);
      assertEquals(gute.index(), gutenRow.index(), "the row explains the first piece's id");
      assertEquals(
          t.outputs().get(0).probability() * t.outputs().get(1).probability(),
          guten.probability(),
          1e-12);
      OutputPiece g = t.outputs().get(0);
      OutputPiece n = t.outputs().get(1);
      OutputPiece differs =
          g.best().id() != g.piece().id() ? g : n.best().id() != n.piece().id() ? n : null;
      assertEquals(
          differs == null ? guten.piece().id() : differs.best().id(),
          guten.best().id(),
          "where the model would choose otherwise, the word shows its first other choice");
      double[] first = gute.units().scores();
      assertArrayEquals(
          new double[] {first[0], first[1], first[2] + first[3], first[4]},
          gutenRow.units().scores(),
          1e-12);
      // The word view counts words: two rows, "over 2 output words".
      String plain =
          new String(TranslationRenderers.plain(w, Options.NONE), StandardCharsets.UTF_8);
      assertTrue(plain.contains("over 2 output words;"), plain);
      assertTrue(plain.lines().anyMatch(l -> l.startsWith("guten ")), plain);
      assertFalse(plain.contains("\u2581"), plain);
      String json = TranslationRenderers.jsonLine(w);
      assertTrue(json.contains("\"words\":true"), json);
      assertTrue(json.contains("\"pieces\":[{\"index\":0,\"text\":\"\u2581gute\""), json);
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
      Explanation<TranslationEncoding> e = explain(model, "good morning");
      assertEquals(List.of("[BOS]", "good", "morn", "##ing", "[EOS]"), texts(e.encoded().source()));
      completeWithinOnePercent(e);
      assertEquals(-1, TranslationFolder.of(model).targetVocabulary().unk());
      assertEquals(
          List.of("[BOS]", "good", "morning", "[EOS]"),
          texts(explain(model, "good morning", null, true).encoded().sourceUnits()));
      Explanation<TranslationEncoding> forced =
          explain(model, "good morning", "hello good world", false);
      assertEquals(List.of("hello", "\u0120good", "\u0120world"), texts(outputs(forced.encoded())));
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
      Explanation<TranslationEncoding> e = explain(model, "good morning world");
      assertEquals(
          List.of("<s>", "good", "\u0120morn", "ing", "\u0120world", "</s>"),
          texts(e.encoded().source()));
      completeWithinOnePercent(e);
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
      return assertThrows(AttribException.class, () -> TranslationFolder.of(m));
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
