package dev.attrib.text.translate;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes a tiny, seeded translation model folder and loads it. */
final class TinyModel {
  private TinyModel() {}

  static final List<String> SOURCE = List.of("hello", "world", "good", "morning", "a", "b");
  static final List<String> TARGET = List.of("hallo", "welt", "guten", "morgen", "x");

  static {
    // Tiny models on a shared two-core machine: one PyTorch thread avoids spin-waiting.
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", "1");
    }
  }

  static LoadedModel load(Path dir) throws IOException {
    WordVocabulary.of(SOURCE).write(dir.resolve("source-vocab.txt"));
    WordVocabulary.of(TARGET).write(dir.resolve("target-vocab.txt"));
    return write(dir, SOURCE.size() + 4, TARGET.size() + 4, "\"tokenizer\": \"words\"");
  }

  /**
   * A tiny model whose source and target are tokenized by the given {@code tokenizer.json} texts
   * ({@link TokenizerFiles}); {@code extra} is more manifest, e.g. {@code "specialTokens": {...}}.
   */
  static LoadedModel loadHuggingFace(Path dir, String source, String target, String extra)
      throws IOException {
    Files.writeString(dir.resolve("source-tokenizer.json"), source, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("target-tokenizer.json"), target, StandardCharsets.UTF_8);
    int s =
        HuggingFaceTranslationTokenizer.read(dir.resolve("source-tokenizer.json"), Map.of()).size();
    int t =
        HuggingFaceTranslationTokenizer.read(dir.resolve("target-tokenizer.json"), Map.of()).size();
    return write(dir, s, t, "\"tokenizer\": \"huggingface\"" + extra);
  }

  private static LoadedModel write(Path dir, int sourceVocab, int targetVocab, String tokenizer)
      throws IOException {
    JsonObject config = new JsonObject();
    config.addProperty("sourceVocab", sourceVocab);
    config.addProperty("targetVocab", targetVocab);
    config.addProperty("dim", 6);
    TinyTranslationBlock block = new TinyTranslationBlock(config);
    Engine.getInstance().setRandomSeed(42);
    try (Model m = Model.newInstance("tiny", Device.cpu(), "PyTorch")) {
      m.setBlock(block);
      block.initialize(
          m.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 6), new Shape(1, 3), new Shape(1, 2));
      m.save(dir, "model");
    }
    Files.writeString(
        dir.resolve("attrib.json"),
        "{\"modality\": \"translation\", \"format\": \"djl\", \"name\": \"tiny\",\n"
            + " \"block\": \""
            + TinyTranslationBlock.class.getName()
            + "\",\n \"config\": "
            + config
            + ",\n \"activation\": \"softmax\","
            + " \"inputs\": [\"src_embeds\", \"src_mask\", \"tgt_ids\"],\n"
            + " \"embedding\": \"srcEmbedding\", "
            + tokenizer
            + ", \"maxLength\": 8,"
            + " \"maxOutputLength\": 4}\n",
        StandardCharsets.UTF_8);
    return ModelLoader.load(dir, TranslationFolder.KEYS, Device.cpu());
  }
}
