package dev.attrib.text;

import dev.attrib.spi.AttribException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Word-level tokenization for models with a word vocabulary ({@code vocab.txt}: one token per line,
 * the id is the line number): Lucene's {@link StandardTokenizer} (Unicode word boundaries,
 * punctuation dropped), lower-casing, and optionally a stop-word filter. Words not in the
 * vocabulary become the unknown token. No special tokens are added; stop words are removed before
 * the model sees the text, so they are not units either.
 */
final class LuceneTextTokenizer implements TextTokenizer {
  private final Analyzer analyzer;
  private final Vocabulary vocabulary;
  private final List<String> tokens;
  private final OptionalLong unk;
  private final Path vocabFile;

  LuceneTextTokenizer(Path vocabFile, CharArraySet stopwords, String unkToken) {
    this.vocabFile = vocabFile;
    try {
      this.tokens =
          Files.readAllLines(vocabFile, StandardCharsets.UTF_8).stream()
              .map(String::strip)
              .toList();
    } catch (IOException e) {
      throw new AttribException(vocabFile + ": cannot read: " + e.getMessage(), e);
    }
    if (tokens.isEmpty()) {
      throw new AttribException(vocabFile + ": the vocabulary is empty");
    }
    this.vocabulary = Vocabulary.of(tokens);
    this.unk =
        unkToken != null ? vocabulary.id(unkToken) : vocabulary.first(List.of("[UNK]", "<unk>"));
    this.analyzer =
        new Analyzer() {
          @Override
          protected TokenStreamComponents createComponents(String field) {
            StandardTokenizer source = new StandardTokenizer();
            TokenStream ts = new LowerCaseFilter(source);
            if (stopwords != null) {
              ts = new StopFilter(ts, stopwords);
            }
            return new TokenStreamComponents(source, ts);
          }
        };
  }

  /** Lucene's English stop words, or the words of a file (one per line, # for comments). */
  static CharArraySet stopwords(String spec, Path dir) {
    if (spec == null) {
      return null;
    }
    if (spec.equals("english")) {
      return EnglishAnalyzer.ENGLISH_STOP_WORDS_SET;
    }
    Path file = dir.resolve(spec);
    try {
      List<String> words =
          Files.readAllLines(file, StandardCharsets.UTF_8).stream()
              .map(String::strip)
              .filter(w -> !w.isEmpty() && !w.startsWith("#"))
              .toList();
      return CharArraySet.unmodifiableSet(new CharArraySet(words, true));
    } catch (IOException e) {
      throw new AttribException(file + ": cannot read stop words: " + e.getMessage(), e);
    }
  }

  @Override
  public String kind() {
    return "lucene";
  }

  @Override
  public Vocabulary vocabulary() {
    return vocabulary;
  }

  @Override
  public List<Piece> tokenize(String text) {
    List<Piece> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream("text", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      OffsetAttribute off = ts.addAttribute(OffsetAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        String word = term.toString();
        OptionalLong id = vocabulary.id(word);
        if (id.isEmpty()) {
          if (unk.isEmpty()) {
            throw new AttribException(
                "word '"
                    + dev.attrib.spi.Escape.terminal(word)
                    + "' is not in "
                    + vocabFile
                    + ", which has no unknown token ([UNK] or <unk>; or name it with 'unkToken')");
          }
          id = unk;
        }
        long i = id.getAsLong();
        out.add(new Piece(i, tokens.get((int) i), off.startOffset(), off.endOffset(), false));
      }
      ts.end();
    } catch (IOException e) {
      // Reading a String never fails; a failure here is a bug in the analyzer chain.
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
