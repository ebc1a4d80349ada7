package dev.attrib.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.attrib.ig.Activation;
import dev.attrib.spi.AttribException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A model folder's {@code attrib.json}: the common keys every modality shares, plus the raw JSON
 * for the modality's own keys.
 *
 * <pre>{@code
 * {
 *   "modality": "text",
 *   "format": "torchscript",          // or "djl"
 *   "file": "model.pt",               // torchscript: the module file
 *   "labels": ["NUMERIC", "STRING"],
 *   "activation": "softmax",          // softmax | sigmoid | none
 *   "inputs": ["inputs_embeds", "attention_mask"]
 * }
 * }</pre>
 *
 * <p>For {@code "format": "djl"}: {@code "block"} names a {@code ai.djl.nn.Block} class with a
 * public constructor taking a {@code com.google.gson.JsonObject} (the manifest's {@code "config"}
 * object) or none, and {@code "params"} names the parameter file's prefix (DJL's {@code
 * NAME-0000.params}). Unknown keys are rejected, naming the key and the file, so a misspelt key
 * never silently falls back to a default.
 */
public record Manifest(
    Path file,
    String modality,
    String format,
    String modelFile,
    String block,
    String params,
    String name,
    List<String> labels,
    Activation activation,
    List<String> inputs,
    JsonObject config,
    JsonObject json) {

  /** The keys every manifest may have, whatever the modality. */
  public static final Set<String> COMMON_KEYS =
      Set.of(
          "modality",
          "format",
          "file",
          "block",
          "params",
          "name",
          "description",
          "version",
          "labels",
          "activation",
          "inputs",
          "config");

  public static final String FILE_NAME = "attrib.json";

  /** Reads only the modality name, before the modality (and so its keys) is known. */
  public static String peekModality(Path dir) {
    JsonObject o = parse(dir.resolve(FILE_NAME));
    return string(o, "modality", dir.resolve(FILE_NAME), true);
  }

  /**
   * Reads and checks {@code dir/attrib.json}; {@code modalityKeys} are the extra keys the modality
   * reads.
   */
  public static Manifest read(Path dir, Set<String> modalityKeys) {
    Path file = dir.resolve(FILE_NAME);
    JsonObject o = parse(file);
    for (String key : new TreeSet<>(o.keySet())) {
      if (!COMMON_KEYS.contains(key) && !modalityKeys.contains(key)) {
        Set<String> known = new TreeSet<>(COMMON_KEYS);
        known.addAll(modalityKeys);
        throw new AttribException(
            file + ": unknown key '" + key + "'; known keys: " + String.join(", ", known));
      }
    }
    String modality = string(o, "modality", file, true);
    String format = string(o, "format", file, true);
    String modelFile = null;
    String block = null;
    String params = null;
    switch (format) {
      case "torchscript" -> modelFile = orDefault(string(o, "file", file, false), "model.pt");
      case "djl" -> {
        block = string(o, "block", file, true);
        params = orDefault(string(o, "params", file, false), "model");
      }
      default ->
          throw new AttribException(
              file + ": unknown format '" + format + "'; available: torchscript, djl");
    }
    String activation = orDefault(string(o, "activation", file, false), "none");
    Activation act;
    try {
      act = Activation.forName(activation);
    } catch (AttribException e) {
      throw new AttribException(file + ": " + e.getMessage());
    }
    JsonObject config = new JsonObject();
    if (o.has("config")) {
      if (!o.get("config").isJsonObject()) {
        throw new AttribException(file + ": 'config' must be a JSON object");
      }
      config = o.getAsJsonObject("config");
    }
    return new Manifest(
        file,
        modality,
        format,
        modelFile,
        block,
        params,
        orDefault(string(o, "name", file, false), dir.getFileName().toString()),
        strings(o, "labels", file),
        act,
        strings(o, "inputs", file),
        config,
        o);
  }

  static JsonObject parse(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new AttribException(
          file + ": no model manifest here (a model folder needs " + FILE_NAME + ")");
    } catch (IOException e) {
      throw new AttribException(file + ": cannot read: " + e.getMessage(), e);
    }
    try {
      JsonElement e = JsonParser.parseString(text);
      if (!e.isJsonObject()) {
        throw new AttribException(file + ": must hold a JSON object");
      }
      return e.getAsJsonObject();
    } catch (JsonParseException e) {
      Throwable c = e.getCause() != null ? e.getCause() : e;
      throw new AttribException(file + ": not valid JSON: " + c.getMessage(), e);
    }
  }

  private static String string(JsonObject o, String key, Path file, boolean required) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      if (required) {
        throw new AttribException(file + ": missing required key '" + key + "'");
      }
      return null;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new AttribException(file + ": '" + key + "' must be a string");
    }
    return e.getAsString();
  }

  private static List<String> strings(JsonObject o, String key, Path file) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      return List.of();
    }
    if (!e.isJsonArray()) {
      throw new AttribException(file + ": '" + key + "' must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonElement x : e.getAsJsonArray()) {
      if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isString()) {
        throw new AttribException(file + ": '" + key + "' must be a list of strings");
      }
      out.add(x.getAsString());
    }
    return List.copyOf(out);
  }

  private static String orDefault(String v, String d) {
    return v == null ? d : v;
  }

  /** The folder holding the manifest. */
  public Path dir() {
    return file.getParent();
  }
}
