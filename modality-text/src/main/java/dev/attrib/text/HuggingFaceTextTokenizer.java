package dev.attrib.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.attrib.spi.AttribException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A HuggingFace {@code tokenizer.json} (WordPiece, BPE, Unigram, WordLevel) run by DJL's native
 * tokenizers library, which ships inside the {@code ai.djl.huggingface:tokenizers} jar and needs no
 * network. Special tokens are added as the file's post-processor says; truncation and padding are
 * switched off here (the modality truncates itself).
 *
 * <p>The vocabulary (for the pad, mask and unknown tokens' ids) is read from the same file with
 * Gson, since DJL has no token-to-id lookup.
 */
final class HuggingFaceTextTokenizer implements TextTokenizer {
  private final HuggingFaceTokenizer tokenizer;
  private final Vocabulary vocabulary;
  private final int ownMaxLength;
  private final java.util.Set<Long> specialIds;

  HuggingFaceTextTokenizer(Path file) {
    JsonObject json = TokenizerFiles.read(file);
    this.vocabulary = vocabulary(json, file);
    this.ownMaxLength = truncation(json);
    this.specialIds = specialIds(json);
    try {
      this.tokenizer =
          HuggingFaceTokenizer.newInstance(
              file,
              Map.of(
                  "addSpecialTokens", "true",
                  "truncation", "false",
                  "padding", "false"));
    } catch (IOException | RuntimeException e) {
      throw new AttribException(
          file
              + ": not a usable HuggingFace tokenizer file: "
              + TokenizerFiles.firstLine(e.getMessage()),
          e);
    }
  }

  @Override
  public String kind() {
    return "huggingface";
  }

  @Override
  public Vocabulary vocabulary() {
    return vocabulary;
  }

  @Override
  public int ownMaxLength() {
    return ownMaxLength;
  }

  @Override
  public List<Piece> tokenize(String text) {
    Encoding e = tokenizer.encode(text, true, false);
    long[] ids = e.getIds();
    String[] tokens = e.getTokens();
    long[] special = e.getSpecialTokenMask();
    CharSpan[] spans = e.getCharTokenSpans();
    int[] utf16 = TokenizerFiles.utf16Offsets(text);
    int codePoints = utf16.length - 1;
    List<Piece> out = new ArrayList<>(ids.length);
    for (int i = 0; i < ids.length; i++) {
      CharSpan s = spans[i];
      // Template-added special tokens have no span; the native library counts code points.
      int start = s == null ? -1 : s.getStart();
      int end = s == null ? -1 : s.getEnd();
      if (start < 0 || end < start || end > codePoints) {
        start = -1;
        end = -1;
      } else {
        start = utf16[start];
        end = utf16[end];
      }
      // A special token typed in the input (e.g. "[SEP]") is matched as that token: it is as
      // special as the ones the template adds, and baselines must keep it too. An unknown word
      // mapped to [UNK] is not: its text is the word, not the token.
      boolean sp =
          special[i] != 0
              || (specialIds.contains(ids[i])
                  && start >= 0
                  && text.substring(start, end).equals(tokens[i]));
      out.add(new Piece(ids[i], tokens[i], start, end, sp));
    }
    return out;
  }

  /** model.vocab (an object for WordPiece/BPE/WordLevel, [piece, score] pairs for Unigram). */
  private static Vocabulary vocabulary(JsonObject json, Path file) {
    Map<String, Long> ids = new HashMap<>();
    try {
      JsonObject model = json.getAsJsonObject("model");
      JsonElement vocab = model == null ? null : model.get("vocab");
      if (vocab != null && vocab.isJsonObject()) {
        for (Map.Entry<String, JsonElement> en : vocab.getAsJsonObject().entrySet()) {
          ids.put(en.getKey(), en.getValue().getAsLong());
        }
      } else if (vocab != null && vocab.isJsonArray()) {
        long i = 0;
        for (JsonElement pair : vocab.getAsJsonArray()) {
          ids.putIfAbsent(pair.getAsJsonArray().get(0).getAsString(), i++);
        }
      }
      JsonElement added = json.get("added_tokens");
      if (added != null && added.isJsonArray()) {
        for (JsonElement t : added.getAsJsonArray()) {
          JsonObject o = t.getAsJsonObject();
          ids.put(o.get("content").getAsString(), o.get("id").getAsLong());
        }
      }
    } catch (RuntimeException e) {
      throw new AttribException(
          file + ": cannot read the vocabulary ('model.vocab', 'added_tokens'): " + e, e);
    }
    if (ids.isEmpty()) {
      throw new AttribException(file + ": the tokenizer file has no vocabulary ('model.vocab')");
    }
    return new Vocabulary(ids);
  }

  /** Ids of the added tokens marked special ([CLS], [SEP], [PAD], ...). */
  private static java.util.Set<Long> specialIds(JsonObject json) {
    java.util.Set<Long> out = new java.util.HashSet<>();
    JsonElement added = json.get("added_tokens");
    if (added != null && added.isJsonArray()) {
      for (JsonElement t : added.getAsJsonArray()) {
        JsonObject o = t.getAsJsonObject();
        if (o.has("special") && o.get("special").getAsBoolean()) {
          out.add(o.get("id").getAsLong());
        }
      }
    }
    return java.util.Set.copyOf(out);
  }

  private static int truncation(JsonObject json) {
    JsonElement t = json.get("truncation");
    if (t != null && t.isJsonObject() && t.getAsJsonObject().has("max_length")) {
      return t.getAsJsonObject().get("max_length").getAsInt();
    }
    return 0;
  }
}
