package dev.attrib.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A plugin jar that could not be used, collected by {@link ModalityRegistry#problems()} instead of
 * being thrown, so one broken jar never hides the working ones.
 *
 * <pre>{@code
 * ModalityRegistry registry = ModalityRegistry.discover(List.of(Path.of("plugins")));
 * registry.problems().forEach(p -> System.err.println("warning: " + p.message()));
 * }</pre>
 *
 * @param jar the plugin jar (or the plugin folder, when the folder itself could not be read)
 * @param message one line naming the jar and the problem, ready to print
 * @param cause the underlying error, or null when there is none (e.g. a name already taken)
 */
public record PluginProblem(Path jar, String message, Throwable cause) {
  public PluginProblem {
    Objects.requireNonNull(jar, "jar");
    Objects.requireNonNull(message, "message");
  }
}
