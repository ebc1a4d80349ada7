package dev.attrib.examples.timeseries;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.attrib.model.Manifest;
import dev.attrib.spi.AttribException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a time-series model folder's {@code attrib.json} says about the series the network takes,
 * beyond the common keys (all optional):
 *
 * <pre>{@code
 * "channels": 2,                          // C: the series must have this many channels
 * "channelNames": ["lead1", "lead2"],     // the channels by name, in the network's order
 * "length": 32                            // T: the series must have exactly this many steps
 * }</pre>
 *
 * <p>With {@code channelNames}, a CSV file with a header row is matched by column name (other
 * columns are ignored) and {@code channels} defaults to the number of names. Without any of these
 * keys every series is accepted as it is and the network decides.
 *
 * @param file the manifest file, for messages
 * @param channels the channel count, or null when the manifest does not fix it
 * @param channelNames the channel names, or an empty list
 * @param length the exact number of steps, or null when any length goes
 */
record ModelSpec(Path file, Integer channels, List<String> channelNames, Integer length) {

  static final String CHANNELS = "channels";
  static final String CHANNEL_NAMES = "channelNames";
  static final String LENGTH = "length";

  /** The keys this class reads, for {@link TimeSeriesModality#manifestKeys()}. */
  static final Set<String> KEYS = Set.of(CHANNELS, CHANNEL_NAMES, LENGTH);

  ModelSpec {
    channelNames = List.copyOf(channelNames);
  }

  /** Reads and checks the keys; a bad value fails naming the key and the file. */
  static ModelSpec of(Manifest manifest) {
    JsonObject json = manifest.json();
    Path file = manifest.file();
    if (!manifest.inputs().isEmpty()
        && !manifest.inputs().equals(List.of(TimeSeriesModality.INPUT))) {
      throw new AttribException(
          file
              + ": 'inputs' is "
              + manifest.inputs()
              + " but a timeseries model takes one input, [\""
              + TimeSeriesModality.INPUT
              + "\"]");
    }
    Integer channels = positiveInt(json, CHANNELS, file);
    Integer length = positiveInt(json, LENGTH, file);
    List<String> names = names(json, file);
    if (!names.isEmpty()) {
      if (channels != null && channels != names.size()) {
        throw new AttribException(
            file
                + ": '"
                + CHANNELS
                + "' is "
                + channels
                + " but '"
                + CHANNEL_NAMES
                + "' names "
                + names.size()
                + " channels");
      }
      channels = names.size();
    }
    return new ModelSpec(file, channels, names, length);
  }

  private static Integer positiveInt(JsonObject json, String key, Path file) {
    JsonElement e = json.get(key);
    if (e == null || e.isJsonNull()) {
      return null;
    }
    String bad = file + ": '" + key + "' must be a positive whole number, not " + e;
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw new AttribException(bad);
    }
    BigDecimal v = e.getAsBigDecimal();
    if (v.signum() <= 0
        || v.stripTrailingZeros().scale() > 0
        || v.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
      throw new AttribException(bad);
    }
    return v.intValueExact();
  }

  private static List<String> names(JsonObject json, Path file) {
    JsonElement e = json.get(CHANNEL_NAMES);
    if (e == null || e.isJsonNull()) {
      return List.of();
    }
    String bad = file + ": '" + CHANNEL_NAMES + "' must be a list of distinct, non-empty strings";
    if (!e.isJsonArray()) {
      throw new AttribException(bad);
    }
    JsonArray arr = e.getAsJsonArray();
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (JsonElement x : arr) {
      if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isString()) {
        throw new AttribException(bad);
      }
      String name = x.getAsString().strip();
      if (name.isEmpty() || !seen.add(name)) {
        throw new AttribException(bad + " (" + x + ")");
      }
      out.add(name);
    }
    if (out.isEmpty()) {
      throw new AttribException(bad + " (it is empty)");
    }
    return out;
  }
}
