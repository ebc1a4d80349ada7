package dev.attrib.text.translate;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.attrib.spi.AttribException;
import dev.attrib.text.TokenizerFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One side of a translation model tokenized by a HuggingFace {@code tokenizer.json}
 * (Unigram/SentencePiece, BPE, WordPiece, WordLevel), run by DJL's native tokenizers library from
 * the model folder (never downloaded).
 *
 * <pre>{@code
 * TranslationTokenizer src = HuggingFaceTranslationTokenizer.read(dir.resolve("source-tokenizer.json"), Map.of());
 * src.tokenize("Good morning", 1);   // ▁good [0,4) ▁morning [5,12), ids from the file
 * }</pre>
 *
 * <p><b>Pieces.</b> A source piece is shown as the tokenizer writes it ({@code ▁guten}, {@code
 * ##s}, {@code Ġworld}); an unknown piece shows the input's own text. Offsets are in UTF-16 chars
 * of the input, without the white space a Metaspace or byte-level piece stands for (so {@code
 * ▁morning} covers "morning", not " morning"). The tokenizer's post-processor (its template of
 * special tokens) is not used: the modality puts the start and end markers around the source
 * itself. Normalisation (e.g. lower case) is the file's.
 *
 * <p><b>Special tokens.</b> The pad, unknown, start and end tokens are named by the manifest's
 * {@code specialTokens} ({@code {"pad": "<pad>", "unk": "<unk>", "bos": "<s>", "eos": "</s>"}}); a
 * role it does not name is looked up among the file's {@code added_tokens} under its usual names:
 * pad {@code <pad>}, {@code [PAD]}; start {@code <s>}, {@code [BOS]}, {@code <bos>}; end {@code
 * </s>}, {@code [EOS]}, {@code <eos>}; unknown: the model's own ({@code unk_id} of a Unigram model,
 * {@code unk_token} of the others), else {@code <unk>}, {@code [UNK]}. Pad, start and end are
 * required (an error names the file and the key to set); a tokenizer may have no unknown token.
 *
 * <p><b>Words.</b> Each piece knows whether it continues the word of the piece before ({@link
 * Piece#continuation()}), from how the file marks words: a Metaspace pre-tokenizer starts a word at
 * a piece beginning with its replacement character ({@code ▁}; a bare {@code ▁} piece starts the
 * word its next piece continues), byte-level BPE at a piece beginning with {@code Ġ}, a WordPiece
 * model (or BPE with a {@code continuing_subword_prefix}) continues a word with a {@code ##} piece,
 * BPE with an {@code end_of_word_suffix} ends one with a {@code </w>} piece; otherwise a piece
 * continues a word when it touches the piece before with a letter or digit on both sides. Words are
 * thus white-space words for SentencePiece and byte-level BPE ("morning," is one word) and
 * punctuation-split words for BERT-style files.
 *
 * <p><b>Decoding.</b> Output ids become text through the file's decoder ({@code ▁guten ▁morgen} →
 * "guten morgen"); each output piece's offsets are found by decoding its prefixes, so they are
 * exact wherever the decoder only appends (Metaspace, WordPiece, byte-level) and approximate where
 * it rewrites earlier text.
 */
public final class HuggingFaceTranslationTokenizer implements TranslationTokenizer {

  /** The roles of {@code specialTokens} in the manifest. */
  public static final List<String> ROLES = List.of("pad", "unk", "bos", "eos");

  private static final Map<String, List<String>> USUAL_NAMES =
      Map.of(
          "pad", List.of("<pad>", "[PAD]"),
          "unk", List.of("<unk>", "[UNK]"),
          "bos", List.of("<s>", "[BOS]", "<bos>"),
          "eos", List.of("</s>", "[EOS]", "<eos>"));

  private static final Map<String, String> ROLE_NAMES =
      Map.of("pad", "padding", "unk", "unknown", "bos", "start marker", "eos", "end marker");

  /** How the file marks words; see the class javadoc. */
  private enum WordMark {
    STARTS,
    CONTINUES,
    ENDS,
    OFFSETS
  }

  private final Path file;
  private final HuggingFaceTokenizer tokenizer;
  private final List<String> tokens;
  private final int pad;
  private final int unk;
  private final int bos;
  private final int eos;
  private final WordMark mark;
  private final String affix;

  private HuggingFaceTranslationTokenizer(
      Path file,
      HuggingFaceTokenizer tokenizer,
      List<String> tokens,
      Map<String, Integer> specials,
      WordMark mark,
      String affix) {
    this.file = file;
    this.tokenizer = tokenizer;
    this.tokens = List.copyOf(tokens);
    this.pad = specials.get("pad");
    this.unk = specials.getOrDefault("unk", -1);
    this.bos = specials.get("bos");
    this.eos = specials.get("eos");
    this.mark = mark;
    this.affix = affix;
  }

  /**
   * Reads {@code file}; {@code specials} maps roles ({@link #ROLES}) to token names given in the
   * manifest, the others are looked up in the file.
   */
  public static HuggingFaceTranslationTokenizer read(Path file, Map<String, String> specials) {
    JsonObject json = TokenizerFiles.read(file);
    Map<String, Integer> ids = new HashMap<>();
    Map<String, Integer> added = new LinkedHashMap<>();
    String modelUnk = vocabulary(json, file, ids, added);
    int size = 0;
    for (int id : ids.values()) {
      size = Math.max(size, id + 1);
    }
    String[] byId = new String[size];
    Arrays.fill(byId, "");
    // Added tokens win over a model entry with the same id, as the tokenizer itself decodes them.
    ids.forEach((t, id) -> byId[id] = byId[id].isEmpty() || added.containsKey(t) ? t : byId[id]);

    Map<String, Integer> roles = new HashMap<>();
    for (String role : ROLES) {
      String named = specials.get(role);
      if (named != null) {
        Integer id = ids.get(named);
        if (id == null) {
          throw new AttribException(
              file + ": specialTokens." + role + " '" + named + "' is not in this tokenizer");
        }
        roles.put(role, id);
        continue;
      }
      List<String> names = new ArrayList<>();
      if (role.equals("unk") && modelUnk != null) {
        names.add(modelUnk);
      }
      names.addAll(USUAL_NAMES.get(role));
      for (String n : names) {
        Integer id = role.equals("unk") && n.equals(modelUnk) ? ids.get(n) : added.get(n);
        if (id != null) {
          roles.put(role, id);
          break;
        }
      }
      if (!roles.containsKey(role) && !role.equals("unk")) {
        throw new AttribException(
            file
                + ": no "
                + ROLE_NAMES.get(role)
                + " token: the tokenizer's added tokens have none of "
                + String.join(", ", USUAL_NAMES.get(role))
                + "; name it in attrib.json as specialTokens."
                + role);
      }
    }

    WordMark mark = WordMark.OFFSETS;
    String affix = "";
    JsonObject model = object(json, "model");
    String type = model == null ? "" : string(model, "type", "");
    String metaspace = metaspace(json.get("pre_tokenizer"));
    if (type.equals("WordPiece")) {
      mark = WordMark.CONTINUES;
      affix = string(model, "continuing_subword_prefix", "##");
    } else if (metaspace != null) {
      mark = WordMark.STARTS;
      affix = metaspace;
    } else if (has(json.get("pre_tokenizer"), "ByteLevel")) {
      mark = WordMark.STARTS;
      affix = "\u0120";
    } else if (type.equals("BPE") && !string(model, "continuing_subword_prefix", "").isEmpty()) {
      mark = WordMark.CONTINUES;
      affix = string(model, "continuing_subword_prefix", "");
    } else if (type.equals("BPE") && !string(model, "end_of_word_suffix", "").isEmpty()) {
      mark = WordMark.ENDS;
      affix = string(model, "end_of_word_suffix", "");
    }

    HuggingFaceTokenizer t;
    try {
      t =
          HuggingFaceTokenizer.newInstance(
              file, Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
    } catch (IOException | RuntimeException e) {
      throw new AttribException(
          file
              + ": not a usable HuggingFace tokenizer file: "
              + TokenizerFiles.firstLine(e.getMessage()),
          e);
    }
    return new HuggingFaceTranslationTokenizer(file, t, List.of(byId), roles, mark, affix);
  }

  @Override
  public String kind() {
    return "huggingface";
  }

  /** The {@code tokenizer.json} this was read from. */
  public Path file() {
    return file;
  }

  @Override
  public int size() {
    return tokens.size();
  }

  @Override
  public String token(int id) {
    if (id < 0 || id >= tokens.size()) {
      throw new AttribException(
          "id " + id + " is outside the tokenizer " + file + " (0.." + (size() - 1) + ")");
    }
    return tokens.get(id);
  }

  @Override
  public List<String> tokens() {
    return tokens;
  }

  @Override
  public int pad() {
    return pad;
  }

  @Override
  public int unk() {
    return unk;
  }

  @Override
  public int bos() {
    return bos;
  }

  @Override
  public int eos() {
    return eos;
  }

  @Override
  public List<Piece> tokenize(String text, int firstIndex) {
    Encoding e = tokenizer.encode(text, false, false);
    long[] ids = e.getIds();
    String[] shown = e.getTokens();
    CharSpan[] spans = e.getCharTokenSpans();
    int[] utf16 = TokenizerFiles.utf16Offsets(text);
    int codePoints = utf16.length - 1;
    List<Piece> out = new ArrayList<>(ids.length);
    String previous = null;
    int prevStart = -1;
    int prevEnd = -1;
    for (int i = 0; i < ids.length; i++) {
      int id = Math.toIntExact(ids[i]);
      CharSpan s = spans[i];
      // The native library counts code points; a piece without a span gets an empty one.
      int start = s == null ? -1 : s.getStart();
      int end = s == null ? -1 : s.getEnd();
      if (start < 0 || end < start || end > codePoints) {
        start = prevEnd < 0 ? 0 : prevEnd;
        end = start;
      } else {
        start = utf16[start];
        end = utf16[end];
      }
      int rawStart = start;
      int rawEnd = end;
      // A piece that stands for a space and a word covers the space too; show the word.
      int trimmed = start;
      while (trimmed < end && Character.isWhitespace(text.charAt(trimmed))) {
        trimmed++;
      }
      if (trimmed < end) {
        start = trimmed;
      }
      String tok = shown[i];
      String display = id == unk && start < end ? text.substring(start, end) : tok;
      boolean continues =
          previous != null && continues(previous, tok, text, prevStart, prevEnd, rawStart);
      out.add(new Piece(firstIndex + i, display, token(id), id, start, end, continues));
      previous = tok;
      prevStart = rawStart;
      prevEnd = rawEnd;
    }
    return out;
  }

  @Override
  public List<Piece> tokenizeTarget(String text) {
    // Added tokens (the unknown one among them) are matched verbatim by the tokenizer itself.
    return tokenize(text, 0);
  }

  @Override
  public String decode(int[] ids) {
    return tokenizer.decode(longs(ids, ids.length), false);
  }

  @Override
  public List<Piece> decodePieces(int[] ids) {
    String full = decode(ids);
    List<Piece> out = new ArrayList<>(ids.length);
    int prev = 0;
    int prevStart = -1;
    for (int j = 0; j < ids.length; j++) {
      String d = tokenizer.decode(longs(ids, j + 1), false);
      int start = Math.min(prev, full.length());
      int end =
          full.startsWith(d) ? d.length() : Math.min(Math.max(start, d.length()), full.length());
      end = Math.max(start, end);
      int rawStart = start;
      while (start < end && Character.isWhitespace(full.charAt(start))) {
        start++;
      }
      if (start == end) {
        start = rawStart;
      }
      String tok = token(ids[j]);
      boolean continues =
          j > 0 && continues(token(ids[j - 1]), tok, full, prevStart, prev, rawStart);
      out.add(new Piece(j, tok, tok, ids[j], start, end, continues));
      prevStart = rawStart;
      prev = end;
    }
    return out;
  }

  /** Whether {@code token} continues the word of {@code previous}; see the class javadoc. */
  private boolean continues(
      String previous, String token, String text, int prevStart, int prevEnd, int start) {
    return switch (mark) {
      case STARTS -> !token.startsWith(affix) || previous.equals(affix);
      case CONTINUES -> token.startsWith(affix);
      case ENDS -> !previous.endsWith(affix);
      case OFFSETS -> TokenizerFiles.joins(text, prevStart, prevEnd, start);
    };
  }

  private static long[] longs(int[] ids, int n) {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = ids[i];
    }
    return out;
  }

  // --- reading the file ------------------------------------------------------------------------

  /**
   * Fills {@code ids} from {@code model.vocab} (an object for WordPiece/BPE/WordLevel, [piece,
   * score] pairs for Unigram) and {@code added_tokens} (also into {@code added}); returns the
   * model's own unknown token, or null.
   */
  private static String vocabulary(
      JsonObject json, Path file, Map<String, Integer> ids, Map<String, Integer> added) {
    String unk = null;
    try {
      JsonObject model = object(json, "model");
      JsonElement vocab = model == null ? null : model.get("vocab");
      if (vocab != null && vocab.isJsonObject()) {
        for (Map.Entry<String, JsonElement> en : vocab.getAsJsonObject().entrySet()) {
          ids.put(en.getKey(), en.getValue().getAsInt());
        }
        JsonElement u = model.get("unk_token");
        unk = u == null || u.isJsonNull() ? null : u.getAsString();
      } else if (vocab != null && vocab.isJsonArray()) {
        int i = 0;
        List<String> pieces = new ArrayList<>();
        for (JsonElement pair : vocab.getAsJsonArray()) {
          String piece = pair.getAsJsonArray().get(0).getAsString();
          ids.putIfAbsent(piece, i++);
          pieces.add(piece);
        }
        JsonElement u = model.get("unk_id");
        if (u != null && !u.isJsonNull() && u.getAsInt() >= 0 && u.getAsInt() < pieces.size()) {
          unk = pieces.get(u.getAsInt());
        }
      }
      JsonElement at = json.get("added_tokens");
      if (at != null && at.isJsonArray()) {
        for (JsonElement t : at.getAsJsonArray()) {
          JsonObject o = t.getAsJsonObject();
          String content = o.get("content").getAsString();
          int id = o.get("id").getAsInt();
          ids.put(content, id);
          added.put(content, id);
        }
      }
    } catch (RuntimeException e) {
      throw new AttribException(
          file + ": cannot read the vocabulary ('model.vocab', 'added_tokens'): " + e, e);
    }
    if (ids.isEmpty()) {
      throw new AttribException(file + ": the tokenizer file has no vocabulary ('model.vocab')");
    }
    for (int id : ids.values()) {
      if (id < 0) {
        throw new AttribException(file + ": negative token id " + id + " in the vocabulary");
      }
    }
    return unk;
  }

  /** The replacement character of a Metaspace pre-tokenizer (alone or in a sequence), or null. */
  private static String metaspace(JsonElement pre) {
    if (pre == null || !pre.isJsonObject()) {
      return null;
    }
    JsonObject o = pre.getAsJsonObject();
    String type = string(o, "type", "");
    if (type.equals("Metaspace")) {
      return string(o, "replacement", "\u2581");
    }
    if (type.equals("Sequence") && o.get("pretokenizers") instanceof com.google.gson.JsonArray a) {
      for (JsonElement e : a) {
        String r = metaspace(e);
        if (r != null) {
          return r;
        }
      }
    }
    return null;
  }

  private static boolean has(JsonElement pre, String wanted) {
    if (pre == null || !pre.isJsonObject()) {
      return false;
    }
    JsonObject o = pre.getAsJsonObject();
    String type = string(o, "type", "");
    if (type.equals(wanted)) {
      return true;
    }
    if (type.equals("Sequence") && o.get("pretokenizers") instanceof com.google.gson.JsonArray a) {
      for (JsonElement e : a) {
        if (has(e, wanted)) {
          return true;
        }
      }
    }
    return false;
  }

  private static JsonObject object(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
  }

  private static String string(JsonObject o, String key, String fallback) {
    JsonElement e = o.get(key);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : fallback;
  }
}
