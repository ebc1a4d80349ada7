package dev.attrib.ig;

import dev.attrib.spi.AttribException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The output activation a model folder declares; the core applies it over the last axis of the
 * output ({@code dev.attrib.internal.Activations}).
 */
public enum Activation {
  NONE("none"),
  SOFTMAX("softmax"),
  SIGMOID("sigmoid");

  private final String id;

  Activation(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Activation forName(String name) {
    for (Activation a : values()) {
      if (a.id.equals(name.toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw new AttribException(
        "unknown activation '"
            + name
            + "'; available: "
            + String.join(", ", Arrays.stream(values()).map(Activation::id).toList()));
  }
}
