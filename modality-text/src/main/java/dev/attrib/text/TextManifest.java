package dev.attrib.text;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.attrib.model.Manifest;
import dev.attrib.spi.AttribException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The text keys of a model folder's {@code attrib.json}, checked.
 *
 * <pre>{@code
 * {
 *   "modality": "text", "format": "torchscript", "file": "model.pt",
 *   "labels": ["NEGATIVE", "POSITIVE"], "activation": "softmax",
 *   "embedding": "embeddings.word_embeddings.weight",   // required: the [V, D] parameter
 *   "tokenizer": "tokenizer.json",                      // a HuggingFace tokenizer file (default),
 *                                                       // or "lucene" (+ "vocab", "stopwords")
 *   "maxLength": 512,                                   // tokens, special tokens included
 *   "padToken": "[PAD]", "maskToken": "[MASK]", "unkToken": "[UNK]"
 * }
 * }</pre>
 *
 * <p>Defaults: {@code tokenizer} is {@code tokenizer.json}; {@code vocab} is {@code vocab.txt}
 * (Lucene only); {@code stopwords} is none ({@code "english"} for Lucene's English list, or a file
 * with one word per line); {@code maxLength} is the tokenizer file's own truncation length, else
 * unlimited; the pad, mask and unknown tokens are looked up as {@code [PAD]}/{@code <pad>}, {@code
 * [MASK]}/{@code <mask>}, {@code [UNK]}/{@code <unk>} when not named.
 *
 * @param dir the model folder
 * @param tokenizer {@code lucene}, or the HuggingFace tokenizer file's name in the folder
 * @param vocab the Lucene vocabulary file (one token per line, id = line number), or null
 * @param stopwords null, {@code english}, or a file name in the folder
 * @param maxLength the most tokens the model takes (special tokens included), or 0 for no limit
 * @param embedding the name of the token-embedding parameter
 * @param padToken the pad token's text, or null to look it up
 * @param maskToken the mask token's text, or null to look it up
 * @param unkToken the unknown token's text, or null to look it up
 */
public record TextManifest(
    Path dir,
    String tokenizer,
    String vocab,
    String stopwords,
    int maxLength,
    String embedding,
    String padToken,
    String maskToken,
    String unkToken) {

  /** The manifest keys the text modality reads, beyond {@link Manifest#COMMON_KEYS}. */
  public static final Set<String> KEYS =
      Set.of(
          "tokenizer",
          "vocab",
          "stopwords",
          "maxLength",
          "embedding",
          "padToken",
          "maskToken",
          "unkToken");

  /** The value of {@code "tokenizer"} that selects the Lucene analyzer chain. */
  public static final String LUCENE = "lucene";

  /** Reads and checks the text keys of {@code m}. */
  public static TextManifest of(Manifest m) {
    JsonObject o = m.json();
    Path file = m.file();
    String embedding = string(o, "embedding", file);
    if (embedding == null) {
      throw new AttribException(
          file
              + ": missing required key 'embedding' (the name of the token-embedding parameter,"
              + " e.g. \"embedding.weight\")");
    }
    String tokenizer = string(o, "tokenizer", file);
    if (tokenizer == null) {
      tokenizer = "tokenizer.json";
    }
    String vocab = string(o, "vocab", file);
    String stopwords = string(o, "stopwords", file);
    if (!tokenizer.equals(LUCENE)) {
      if (vocab != null || stopwords != null) {
        throw new AttribException(
            file
                + ": '"
                + (vocab != null ? "vocab" : "stopwords")
                + "' applies to \"tokenizer\": \"lucene\" only; a HuggingFace tokenizer file"
                + " carries its own vocabulary");
      }
      requireFile(m.dir(), tokenizer, file, "tokenizer");
    } else {
      vocab = vocab == null ? "vocab.txt" : vocab;
      requireFile(m.dir(), vocab, file, "vocab");
      if (stopwords != null && !stopwords.equals("english")) {
        requireFile(m.dir(), stopwords, file, "stopwords");
      }
    }
    int maxLength = 0;
    JsonElement ml = o.get("maxLength");
    if (ml != null && !ml.isJsonNull()) {
      if (!ml.isJsonPrimitive()
          || !ml.getAsJsonPrimitive().isNumber()
          || ml.getAsDouble() != Math.rint(ml.getAsDouble())
          || ml.getAsDouble() < 1
          || ml.getAsDouble() > Integer.MAX_VALUE) {
        throw new AttribException(
            file + ": 'maxLength' must be a positive whole number, not " + ml);
      }
      maxLength = ml.getAsInt();
    }
    return new TextManifest(
        m.dir(),
        tokenizer,
        vocab,
        stopwords,
        maxLength,
        embedding,
        string(o, "padToken", file),
        string(o, "maskToken", file),
        string(o, "unkToken", file));
  }

  /** True when the Lucene analyzer chain is selected. */
  public boolean lucene() {
    return tokenizer.equals(LUCENE);
  }

  private static void requireFile(Path dir, String name, Path manifest, String key) {
    Path p = dir.resolve(name).normalize();
    // A manifest names files inside its own folder; anything else is a mistake or a trick.
    if (!p.startsWith(dir.normalize()) || !Files.isRegularFile(p)) {
      throw new AttribException(p + ": missing file (named by '" + key + "' in " + manifest + ")");
    }
  }

  private static String string(JsonObject o, String key, Path file) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString() || e.getAsString().isEmpty()) {
      throw new AttribException(file + ": '" + key + "' must be a non-empty string");
    }
    return e.getAsString();
  }
}
