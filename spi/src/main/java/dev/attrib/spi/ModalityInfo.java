package dev.attrib.spi;

import java.util.Objects;

/**
 * One registered modality and where it came from, as listed by {@code attrib modalities}.
 *
 * <pre>{@code
 * for (ModalityInfo info : ModalityRegistry.builtIn().available()) {
 *   System.out.println(info.name() + "  " + info.source() + "  " + info.version());
 * }
 * }</pre>
 *
 * @param modality the provider instance (the one {@link ModalityRegistry#forName} returns)
 * @param source {@code "built-in"}, or the file name of the plugin jar that provides it
 * @param version the jar manifest's {@code Implementation-Version}, or {@code "-"} when there is
 *     none
 */
public record ModalityInfo(Modality<?> modality, String source, String version) {
  public ModalityInfo {
    Objects.requireNonNull(modality, "modality");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(version, "version");
  }

  /** The registry name, {@link Modality#name()}. */
  public String name() {
    return modality.name();
  }
}
