package dev.attrib.spi;

import java.util.List;

/**
 * Static access to the built-in modalities, for code that has no registry at hand.
 *
 * <pre>{@code
 * Modality<?> text = Modalities.forName("text");
 * }</pre>
 *
 * <p>Backed by one {@link ModalityRegistry#builtIn()} registry, created on first use and shared.
 * Plugin jars are not seen here: use {@link ModalityRegistry#discover} for those. Safe to use from
 * several threads.
 */
public final class Modalities {
  // Not a holder class: a failed discovery (e.g. two built-ins with the same name) must surface as
  // the AttribException on every call, not as a NoClassDefFoundError after the first one.
  private static volatile ModalityRegistry registry;

  private Modalities() {}

  /**
   * The built-in modality called {@code name}.
   *
   * @throws AttribException if there is none; the message lists the available names
   */
  public static Modality<?> forName(String name) {
    return registry().forName(name);
  }

  /** The built-in modalities, sorted by name. */
  public static List<ModalityInfo> available() {
    return registry().available();
  }

  private static ModalityRegistry registry() {
    ModalityRegistry r = registry;
    if (r == null) {
      synchronized (Modalities.class) {
        r = registry;
        if (r == null) {
          r = ModalityRegistry.builtIn();
          registry = r;
        }
      }
    }
    return r;
  }
}
