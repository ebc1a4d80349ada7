package dev.attrib.text.translate;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.Manifest;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * What a translation model folder provides besides the network, read from its {@code attrib.json}:
 * the source and target tokenizers, the source-embedding matrix, the length limits.
 *
 * <pre>{@code
 * {
 *   "modality": "translation",
 *   "format": "djl", "block": "...", "inputs": ["src_embeds", "src_mask", "tgt_ids"],
 *   "activation": "softmax",
 *   "embedding": "srcEmbedding",          // the source-embedding parameter, [source ids, D]
 *   "tokenizer": "huggingface",           // or "words" (the default)
 *   "sourceTokenizer": "source-tokenizer.json",   // huggingface: default
 *   "targetTokenizer": "target-tokenizer.json",   // huggingface: default
 *   "specialTokens": {"pad": "<pad>", "unk": "<unk>", "bos": "<s>", "eos": "</s>"},  // optional
 *   "maxLength": 64,                      // source pieces, markers included (default 64)
 *   "maxOutputLength": 32                 // greedy decoding stops here (default 64)
 * }
 * }</pre>
 *
 * <p>With {@code "tokenizer": "words"} the folder has word lists instead, {@code "sourceVocab":
 * "source-vocab.txt"} and {@code "targetVocab": "target-vocab.txt"} (the defaults; see {@link
 * WordVocabulary}). A key of the other tokenizer is an error naming it. HuggingFace files, their
 * special tokens and how pieces make words: {@link HuggingFaceTranslationTokenizer}. Source and
 * target tokenizers may be the same file.
 *
 * <p>Plain data (no native memory), read once per loaded model and shared; safe to use from several
 * threads.
 */
public final class TranslationFolder {

  /** The manifest keys of the translation modality, beyond the common ones. */
  public static final Set<String> KEYS =
      Set.of(
          "embedding",
          "tokenizer",
          "sourceVocab",
          "targetVocab",
          "sourceTokenizer",
          "targetTokenizer",
          "specialTokens",
          "maxLength",
          "maxOutputLength");

  /** The tokenizers a translation folder may name. */
  public static final List<String> TOKENIZERS = List.of("words", "huggingface");

  /** The keys that belong to one tokenizer only. */
  private static final Map<String, List<String>> TOKENIZER_KEYS =
      Map.of(
          "words",
          List.of("sourceVocab", "targetVocab"),
          "huggingface",
          List.of("sourceTokenizer", "targetTokenizer", "specialTokens"));

  // Keyed weakly by the loaded model; the value never refers back to it.
  private static final Map<LoadedModel, TranslationFolder> CACHE =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final String name;
  private final String embeddingName;
  private final TranslationTokenizer source;
  private final TranslationTokenizer target;
  private final float[] embedding;
  private final int dim;
  private final int maxLength;
  private final int maxOutputLength;

  private TranslationFolder(
      String name,
      String embeddingName,
      TranslationTokenizer source,
      TranslationTokenizer target,
      float[] embedding,
      int dim,
      int maxLength,
      int maxOutputLength) {
    this.name = name;
    this.embeddingName = embeddingName;
    this.source = source;
    this.target = target;
    this.embedding = embedding;
    this.dim = dim;
    this.maxLength = maxLength;
    this.maxOutputLength = maxOutputLength;
  }

  /** The folder facts of {@code model}, read on first use and cached for the model's life. */
  public static TranslationFolder of(LoadedModel model) {
    TranslationFolder f = CACHE.get(model);
    if (f == null) {
      f = read(model);
      CACHE.put(model, f);
    }
    return f;
  }

  static TranslationFolder read(LoadedModel model) {
    Manifest mf = model.manifest();
    JsonObject json = mf.json();
    Path file = mf.file();
    String embeddingName = string(json, "embedding", null, file);
    if (embeddingName == null) {
      throw new AttribException(
          file
              + ": missing required key 'embedding' (the source-embedding parameter; the model has: "
              + String.join(", ", model.parameterNames())
              + ")");
    }
    String tokenizer = string(json, "tokenizer", "words", file);
    if (!TOKENIZERS.contains(tokenizer)) {
      throw new AttribException(
          file
              + ": unknown tokenizer '"
              + tokenizer
              + "' for translation; available: "
              + String.join(", ", TOKENIZERS));
    }
    TOKENIZER_KEYS.forEach(
        (kind, keys) -> {
          for (String key : keys) {
            if (!kind.equals(tokenizer) && json.has(key)) {
              throw new AttribException(
                  file
                      + ": '"
                      + key
                      + "' goes with \"tokenizer\": \""
                      + kind
                      + "\", not \""
                      + tokenizer
                      + "\"");
            }
          }
        });
    Path dir = mf.dir();
    TranslationTokenizer src;
    TranslationTokenizer tgt;
    if (tokenizer.equals("words")) {
      src = WordVocabulary.read(dir.resolve(string(json, "sourceVocab", "source-vocab.txt", file)));
      tgt = WordVocabulary.read(dir.resolve(string(json, "targetVocab", "target-vocab.txt", file)));
    } else {
      Map<String, String> specials = specials(json, file);
      src =
          HuggingFaceTranslationTokenizer.read(
              dir.resolve(string(json, "sourceTokenizer", "source-tokenizer.json", file)),
              specials);
      tgt =
          HuggingFaceTranslationTokenizer.read(
              dir.resolve(string(json, "targetTokenizer", "target-tokenizer.json", file)),
              specials);
    }
    Tensor e = model.parameter(embeddingName);
    long[] shape = e.shape();
    if (shape.length != 2 || shape[0] != src.size()) {
      throw new AttribException(
          file
              + ": the embedding '"
              + embeddingName
              + "' has shape "
              + java.util.Arrays.toString(shape)
              + " but the source "
              + (tokenizer.equals("words") ? "vocabulary has " : "tokenizer has ")
              + src.size()
              + (tokenizer.equals("words") ? " entries" : " ids")
              + "; expected ["
              + src.size()
              + ", D]");
    }
    return new TranslationFolder(
        mf.name(),
        embeddingName,
        src,
        tgt,
        e.floats(),
        (int) shape[1],
        integer(json, "maxLength", 64, file),
        integer(json, "maxOutputLength", 64, file));
  }

  /** {@code specialTokens}: role → token name, for the roles it names. */
  private static Map<String, String> specials(JsonObject o, Path file) {
    JsonElement e = o.get("specialTokens");
    if (e == null || e.isJsonNull()) {
      return Map.of();
    }
    if (!e.isJsonObject()) {
      throw new AttribException(
          file
              + ": 'specialTokens' must be an object such as {\"bos\": \"<s>\", \"eos\":"
              + " \"</s>\"}");
    }
    Map<String, String> out = new java.util.HashMap<>();
    for (Map.Entry<String, JsonElement> en : e.getAsJsonObject().entrySet()) {
      if (!HuggingFaceTranslationTokenizer.ROLES.contains(en.getKey())) {
        throw new AttribException(
            file
                + ": unknown key 'specialTokens."
                + en.getKey()
                + "'; known: "
                + String.join(", ", HuggingFaceTranslationTokenizer.ROLES));
      }
      JsonElement v = en.getValue();
      if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
        throw new AttribException(
            file + ": 'specialTokens." + en.getKey() + "' must be a string, the token's name");
      }
      out.put(en.getKey(), v.getAsString());
    }
    return out;
  }

  private static String string(JsonObject o, String key, String fallback, Path file) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      return fallback;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new AttribException(file + ": '" + key + "' must be a string");
    }
    return e.getAsString();
  }

  private static int integer(JsonObject o, String key, int fallback, Path file) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      return fallback;
    }
    try {
      int v = e.getAsInt();
      if (v >= 3 && e.getAsDouble() == v) {
        return v;
      }
    } catch (RuntimeException ignored) {
      // reported below
    }
    throw new AttribException(file + ": '" + key + "' must be an integer of at least 3, not " + e);
  }

  /** The model's name (manifest). */
  public String name() {
    return name;
  }

  /** The source-embedding parameter's name. */
  public String embeddingName() {
    return embeddingName;
  }

  /** The source side's tokenizer and vocabulary (its ids are the embedding's rows). */
  public TranslationTokenizer sourceVocabulary() {
    return source;
  }

  /** The target side's tokenizer and vocabulary (its ids are the logits' last axis). */
  public TranslationTokenizer targetVocabulary() {
    return target;
  }

  /** The embedding width D. */
  public int dim() {
    return dim;
  }

  public int maxLength() {
    return maxLength;
  }

  public int maxOutputLength() {
    return maxOutputLength;
  }

  /**
   * The source pieces with the start and end markers: {@code [BOS] pieces... [EOS]}. Empty input
   * and input longer than {@code maxLength} are errors naming the input.
   */
  public List<Piece> source(String text) {
    // A blank line has no words, but a metaspace tokenizer gives it a piece ("▁"), which the model
    // would translate into something.
    List<Piece> words = text.isBlank() ? List.of() : source.tokenize(text, 1);
    if (words.isEmpty()) {
      throw new AttribException("nothing to translate: the input '" + shorten(text) + "' is empty");
    }
    if (words.size() + 2 > maxLength) {
      throw new AttribException(
          "the input '"
              + shorten(text)
              + "' has "
              + words.size()
              + " pieces; the model takes at most "
              + (maxLength - 2)
              + " (maxLength "
              + maxLength
              + " includes the start and end markers)");
    }
    List<Piece> out = new ArrayList<>(words.size() + 2);
    out.add(source.marker(source.bos(), 0));
    out.addAll(words);
    out.add(source.marker(source.eos(), words.size() + 1));
    return List.copyOf(out);
  }

  /**
   * The pieces of a given target sentence, for forced decoding. Every piece must be in the target
   * vocabulary (a literal {@code [UNK]}, as greedy decoding may write it, is taken as that entry):
   * the model cannot be asked how likely a word is that it cannot produce.
   */
  public List<Piece> target(String text) {
    List<Piece> pieces = target.tokenizeTarget(text);
    if (pieces.isEmpty()) {
      throw new AttribException("the target text '" + shorten(text) + "' is empty");
    }
    List<String> unknown = new ArrayList<>();
    for (Piece p : pieces) {
      if (target.unk() >= 0 && p.id() == target.unk() && !p.text().equals(target.token(p.id()))) {
        unknown.add("'" + p.text() + "'");
      }
    }
    if (!unknown.isEmpty()) {
      throw new AttribException(
          "the target text '"
              + shorten(text)
              + "' has words the model's target vocabulary lacks: "
              + String.join(", ", unknown));
    }
    if (pieces.size() + 1 > maxLength) {
      throw new AttribException(
          "the target text '"
              + shorten(text)
              + "' has "
              + pieces.size()
              + " pieces; the model takes at most "
              + (maxLength - 1));
    }
    return pieces;
  }

  /** The text of output piece ids, as the target tokenizer decodes them. */
  public String decode(int[] ids) {
    return target.decode(ids);
  }

  /**
   * The output pieces of {@code ids} with their offsets in {@link #decode decode(ids)} and their
   * word starts.
   */
  public List<Piece> outputPieces(int[] ids) {
    return target.decodePieces(ids);
  }

  /** The embedding rows of {@code pieces}, row-major {@code [pieces, D]}. */
  public float[] embed(List<Piece> pieces) {
    float[] out = new float[pieces.size() * dim];
    for (int i = 0; i < pieces.size(); i++) {
      System.arraycopy(embedding, pieces.get(i).id() * dim, out, i * dim, dim);
    }
    return out;
  }

  /** One embedding row (a copy). */
  public float[] row(int id) {
    float[] out = new float[dim];
    System.arraycopy(embedding, id * dim, out, 0, dim);
    return out;
  }

  static String shorten(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
