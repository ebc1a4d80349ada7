package dev.attrib.text;

import ai.djl.Device;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The tiny TorchScript text classifier of {@code src/test/resources/tiny} (made by {@code
 * src/test/python/make_tiny_text_model.py}) in a model folder with a given manifest.
 */
final class TinyModels {
  private TinyModels() {}

  static final Path RESOURCES = Path.of("src/test/resources/tiny");

  /** The HuggingFace-tokenizer manifest; {@code extra} is added inside the JSON object. */
  static String hfManifest(String extra) {
    return "{\"modality\": \"text\", \"format\": \"torchscript\", \"name\": \"tiny\","
        + " \"labels\": [\"POSITIVE\", \"NEGATIVE\"], \"activation\": \"softmax\","
        + " \"embedding\": \"embedding.weight\""
        + extra
        + "}";
  }

  static Path folder(Path dir, String manifest) {
    try {
      Files.createDirectories(dir);
      for (String f : new String[] {"model.pt", "tokenizer.json", "vocab.txt"}) {
        Files.copy(RESOURCES.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
      }
      Files.writeString(dir.resolve("attrib.json"), manifest);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads a folder, encodes one input, and closes the model again. */
  static TextEncoding encodeOnce(Path dir, String manifest, String input) {
    try (LoadedModel m = load(dir, manifest)) {
      return new TextModality().encode(input, m, dev.attrib.spi.Options.NONE);
    }
  }

  static LoadedModel load(Path dir, String manifest) {
    return ModelLoader.load(folder(dir, manifest), new TextModality().manifestKeys(), Device.cpu());
  }
}
