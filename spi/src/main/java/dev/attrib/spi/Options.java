package dev.attrib.spi;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Named string options passed to a modality ({@code --option key=value} on the CLI).
 *
 * <p>Modalities declare the names they understand ({@link Modality#options()}); {@link
 * #requireKnown} rejects the rest with a message naming the unknown key and listing the known ones,
 * so a typo never passes silently.
 */
public record Options(Map<String, String> values) {
  public static final Options NONE = new Options(Map.of());

  public Options {
    values = Map.copyOf(values);
  }

  public static Options of(Map<String, String> values) {
    return new Options(values);
  }

  public String get(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  public double getDouble(String key, double fallback) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new AttribException("option " + key + "=" + v + " is not a number");
    }
  }

  /** Fails on the first key (in sorted order) that {@code known} does not contain. */
  public Options requireKnown(Set<String> known, String owner) {
    for (String key : new TreeMap<>(values).keySet()) {
      if (!known.contains(key)) {
        throw new AttribException(
            "unknown option '"
                + key
                + "' for "
                + owner
                + "; known: "
                + (known.isEmpty() ? "(none)" : String.join(", ", new TreeSet<>(known))));
      }
    }
    return this;
  }
}
