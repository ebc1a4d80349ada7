package dev.attrib.text.translate;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Small HuggingFace {@code tokenizer.json} files of the three model kinds, written by hand as the
 * {@code tokenizers} library writes them, for the translation modality's tests.
 */
final class TokenizerFiles {
  private TokenizerFiles() {}

  /**
   * SentencePiece style: NFKC + lower case, Metaspace ({@code ▁}), Unigram with {@code <pad> <unk>
   * <s> </s>} (ids 0..3, also added tokens), then {@code pieces} (multi-character pieces scored -2,
   * single characters -5, so whole pieces win), the Metaspace decoder.
   */
  static String unigram(List<String> pieces) {
    List<String> specials = List.of("<pad>", "<unk>", "<s>", "</s>");
    JsonObject o = head(specials);
    JsonObject norm = new JsonObject();
    norm.addProperty("type", "Sequence");
    JsonArray ns = new JsonArray();
    ns.add(type("NFKC"));
    ns.add(type("Lowercase"));
    norm.add("normalizers", ns);
    o.add("normalizer", norm);
    o.add("pre_tokenizer", metaspace());
    o.add("post_processor", JsonNull.INSTANCE);
    o.add("decoder", metaspace());
    JsonObject model = type("Unigram");
    model.addProperty("unk_id", 1);
    JsonArray vocab = new JsonArray();
    for (String s : specials) {
      vocab.add(pair(s, 0.0));
    }
    for (String p : pieces) {
      vocab.add(pair(p, p.codePointCount(0, p.length()) > 1 ? -2.0 : -5.0));
    }
    model.add("vocab", vocab);
    model.addProperty("byte_fallback", false);
    o.add("model", model);
    return json(o);
  }

  /**
   * BERT style: lower case, {@code BertPreTokenizer}, WordPiece ({@code ##} continuations) with
   * {@code [PAD] [UNK] [BOS] [EOS]} (ids 0..3), then {@code pieces}, the WordPiece decoder.
   */
  static String wordPiece(List<String> pieces) {
    List<String> specials = List.of("[PAD]", "[UNK]", "[BOS]", "[EOS]");
    JsonObject o = head(specials);
    JsonObject norm = type("BertNormalizer");
    norm.addProperty("clean_text", true);
    norm.addProperty("handle_chinese_chars", true);
    norm.add("strip_accents", JsonNull.INSTANCE);
    norm.addProperty("lowercase", true);
    o.add("normalizer", norm);
    o.add("pre_tokenizer", type("BertPreTokenizer"));
    o.add("post_processor", JsonNull.INSTANCE);
    JsonObject dec = type("WordPiece");
    dec.addProperty("prefix", "##");
    dec.addProperty("cleanup", true);
    o.add("decoder", dec);
    JsonObject model = type("WordPiece");
    model.addProperty("unk_token", "[UNK]");
    model.addProperty("continuing_subword_prefix", "##");
    model.addProperty("max_input_chars_per_word", 100);
    JsonObject vocab = new JsonObject();
    List<String> all = new ArrayList<>(specials);
    all.addAll(pieces);
    for (int i = 0; i < all.size(); i++) {
      vocab.addProperty(all.get(i), i);
    }
    model.add("vocab", vocab);
    o.add("model", model);
    return json(o);
  }

  /**
   * GPT-2 style: byte-level pre-tokenizer and decoder ({@code Ġ} for a space), BPE without an
   * unknown token, specials {@code <pad> <s> </s>} (ids 0..2), then every single character and
   * prefix of {@code words} (each built left to right by its own merges, so {@code words} come out
   * whole).
   */
  static String byteLevelBpe(List<String> words) {
    List<String> specials = List.of("<pad>", "<s>", "</s>");
    JsonObject o = head(specials);
    o.add("normalizer", JsonNull.INSTANCE);
    JsonObject pre = type("ByteLevel");
    pre.addProperty("add_prefix_space", false);
    pre.addProperty("trim_offsets", true);
    pre.addProperty("use_regex", true);
    o.add("pre_tokenizer", pre);
    o.add("post_processor", JsonNull.INSTANCE);
    JsonObject dec = type("ByteLevel");
    dec.addProperty("add_prefix_space", true);
    dec.addProperty("trim_offsets", true);
    dec.addProperty("use_regex", true);
    o.add("decoder", dec);
    Set<String> vocab = new LinkedHashSet<>(specials);
    List<String> merges = new ArrayList<>();
    for (String w : words) {
      for (int i = 0; i < w.length(); i++) {
        vocab.add(w.substring(i, i + 1));
      }
    }
    for (String w : words) {
      for (int i = 2; i <= w.length(); i++) {
        String merge = w.substring(0, i - 1) + " " + w.charAt(i - 1);
        if (!merges.contains(merge)) {
          merges.add(merge);
        }
        vocab.add(w.substring(0, i));
      }
    }
    JsonObject model = type("BPE");
    model.add("dropout", JsonNull.INSTANCE);
    model.add("unk_token", JsonNull.INSTANCE);
    model.add("continuing_subword_prefix", JsonNull.INSTANCE);
    model.add("end_of_word_suffix", JsonNull.INSTANCE);
    model.addProperty("fuse_unk", false);
    model.addProperty("byte_fallback", false);
    JsonObject v = new JsonObject();
    int i = 0;
    for (String t : vocab) {
      v.addProperty(t, i++);
    }
    model.add("vocab", v);
    JsonArray m = new JsonArray();
    merges.forEach(m::add);
    model.add("merges", m);
    o.add("model", model);
    return json(o);
  }

  private static JsonObject head(List<String> specials) {
    JsonObject o = new JsonObject();
    o.addProperty("version", "1.0");
    o.add("truncation", JsonNull.INSTANCE);
    o.add("padding", JsonNull.INSTANCE);
    JsonArray added = new JsonArray();
    for (int i = 0; i < specials.size(); i++) {
      JsonObject t = new JsonObject();
      t.addProperty("id", i);
      t.addProperty("content", specials.get(i));
      t.addProperty("single_word", false);
      t.addProperty("lstrip", false);
      t.addProperty("rstrip", false);
      t.addProperty("normalized", false);
      t.addProperty("special", true);
      added.add(t);
    }
    o.add("added_tokens", added);
    return o;
  }

  private static JsonObject metaspace() {
    JsonObject m = type("Metaspace");
    m.addProperty("replacement", "\u2581");
    m.addProperty("prepend_scheme", "always");
    m.addProperty("split", true);
    return m;
  }

  private static JsonObject type(String t) {
    JsonObject o = new JsonObject();
    o.addProperty("type", t);
    return o;
  }

  private static JsonArray pair(String piece, double score) {
    JsonArray a = new JsonArray();
    a.add(piece);
    a.add(score);
    return a;
  }

  private static String json(JsonObject o) {
    return new GsonBuilder().disableHtmlEscaping().serializeNulls().create().toJson(o);
  }
}
