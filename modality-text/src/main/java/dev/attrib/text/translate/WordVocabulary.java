package dev.attrib.text.translate;

import dev.attrib.spi.AttribException;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A word-level vocabulary ({@code vocab.txt}: one entry per line, the line number is the id) and
 * the tokenizer that goes with it: lower case, split at white space and punctuation.
 *
 * <pre>{@code
 * WordVocabulary v = WordVocabulary.read(dir.resolve("source-vocab.txt"));
 * v.tokenize("Good morning, Sir!");   // good, morning, ",", sir, "!"  (with offsets and ids)
 * }</pre>
 *
 * <p>Contract: the first four entries are {@code [PAD]}, {@code [UNK]}, {@code [BOS]} and {@code
 * [EOS]} (ids 0 to 3); words not in the vocabulary map to {@code [UNK]} but keep their text. A
 * piece is a maximal run of letters, digits and combining marks, or a single other non-space
 * character (punctuation, symbols, control characters); offsets are in characters of the original
 * text and lower-casing uses {@link Locale#ROOT}.
 *
 * <p>A model folder names it with {@code "tokenizer": "words"} (the default) in {@code
 * attrib.json}; {@code "huggingface"} names {@link HuggingFaceTranslationTokenizer} instead. Every
 * piece is a whole word ({@link Piece#continuation()} is false); decoded output is the words joined
 * by single spaces.
 */
public final class WordVocabulary implements TranslationTokenizer {
  public static final String PAD = "[PAD]";
  public static final String UNK = "[UNK]";
  public static final String BOS = "[BOS]";
  public static final String EOS = "[EOS]";

  /** The special entries, in id order. */
  public static final List<String> SPECIALS = List.of(PAD, UNK, BOS, EOS);

  private final List<String> tokens;
  private final Map<String, Integer> ids;

  private WordVocabulary(List<String> tokens, String where) {
    this.tokens = List.copyOf(tokens);
    this.ids = new HashMap<>();
    for (int i = 0; i < this.tokens.size(); i++) {
      String t = this.tokens.get(i);
      if (ids.put(t, i) != null) {
        throw new AttribException(where + ": entry '" + t + "' appears twice");
      }
      if (i < SPECIALS.size() && !SPECIALS.get(i).equals(t)) {
        throw new AttribException(
            where
                + ": line "
                + (i + 1)
                + " must be "
                + SPECIALS.get(i)
                + " (a vocabulary starts with "
                + String.join(", ", SPECIALS)
                + ") but is '"
                + t
                + "'");
      }
    }
    if (this.tokens.size() < SPECIALS.size()) {
      throw new AttribException(
          where + ": a vocabulary starts with " + String.join(", ", SPECIALS) + "; too short");
    }
  }

  /** The special entries followed by {@code words} in the given order (duplicates dropped). */
  public static WordVocabulary of(Collection<String> words) {
    List<String> all = new ArrayList<>(SPECIALS);
    for (String w : words) {
      if (!all.contains(w)) {
        all.add(w);
      }
    }
    return new WordVocabulary(all, "vocabulary");
  }

  /** Reads a {@code vocab.txt} (UTF-8, one entry per line). */
  public static WordVocabulary read(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
        lines.remove(lines.size() - 1);
      }
      return new WordVocabulary(lines, file.toString());
    } catch (NoSuchFileException e) {
      throw new AttribException(file + ": missing vocabulary file");
    } catch (MalformedInputException e) {
      throw new AttribException(file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new AttribException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Writes one entry per line (UTF-8). */
  public void write(Path file) throws IOException {
    Files.writeString(file, String.join("\n", tokens) + "\n", StandardCharsets.UTF_8);
  }

  @Override
  public String kind() {
    return "words";
  }

  @Override
  public int size() {
    return tokens.size();
  }

  @Override
  public int pad() {
    return 0;
  }

  @Override
  public int unk() {
    return 1;
  }

  @Override
  public int bos() {
    return 2;
  }

  @Override
  public int eos() {
    return 3;
  }

  /** The id of {@code token}, or {@link #unk()}. */
  public int id(String token) {
    return ids.getOrDefault(token, unk());
  }

  public boolean contains(String token) {
    return ids.containsKey(token);
  }

  /** The entry with id {@code id}. */
  @Override
  public String token(int id) {
    if (id < 0 || id >= tokens.size()) {
      throw new AttribException(
          "id " + id + " is outside the vocabulary (0.." + (size() - 1) + ")");
    }
    return tokens.get(id);
  }

  /** All entries in id order. */
  @Override
  public List<String> tokens() {
    return tokens;
  }

  /** The pieces of {@code text} in order, indexed from {@code firstIndex}, without markers. */
  @Override
  public List<Piece> tokenize(String text, int firstIndex) {
    return tokenize(text, firstIndex, Set.of());
  }

  /**
   * As {@link #tokenize(String, int, Set)} from 0, taking a literal {@code [UNK]} as that entry.
   */
  @Override
  public List<Piece> tokenizeTarget(String text) {
    return tokenize(text, 0, Set.of(UNK));
  }

  /** The words joined by single spaces. */
  @Override
  public String decode(int[] ids) {
    List<String> words = new ArrayList<>(ids.length);
    for (int id : ids) {
      words.add(token(id));
    }
    return String.join(" ", words);
  }

  @Override
  public List<Piece> decodePieces(int[] ids) {
    List<Piece> out = new ArrayList<>(ids.length);
    int at = 0;
    for (int j = 0; j < ids.length; j++) {
      String token = token(ids[j]);
      out.add(new Piece(j, token, token, ids[j], at, at + token.length()));
      at += token.length() + 1;
    }
    return out;
  }

  /**
   * As {@link #tokenize(String, int)}, taking the entries in {@code literals} (e.g. {@code [UNK]})
   * as one piece each where they occur verbatim, so a decoded output that contains them can be
   * given back for forced decoding.
   */
  public List<Piece> tokenize(String text, int firstIndex, Set<String> literals) {
    List<Piece> out = new ArrayList<>();
    int i = 0;
    int n = text.length();
    scan:
    while (i < n) {
      int cp = text.codePointAt(i);
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      for (String lit : literals) {
        if (text.startsWith(lit, i) && ids.containsKey(lit)) {
          out.add(new Piece(firstIndex + out.size(), lit, lit, ids.get(lit), i, i + lit.length()));
          i += lit.length();
          continue scan;
        }
      }
      int start = i;
      if (wordChar(cp)) {
        while (i < n && wordChar(text.codePointAt(i))) {
          i += Character.charCount(text.codePointAt(i));
        }
      } else {
        i += Character.charCount(cp);
      }
      String surface = text.substring(start, i);
      String token = surface.toLowerCase(Locale.ROOT);
      int id = id(token);
      out.add(new Piece(firstIndex + out.size(), surface, tokens.get(id), id, start, i));
    }
    return out;
  }

  /** A marker piece ({@code [BOS]} or {@code [EOS]}) at {@code index}. */
  @Override
  public Piece marker(int id, int index) {
    return new Piece(index, tokens.get(id), tokens.get(id), id, -1, -1);
  }

  private static boolean wordChar(int cp) {
    int type = Character.getType(cp);
    return Character.isLetterOrDigit(cp)
        || type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }
}
