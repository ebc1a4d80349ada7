package dev.attrib.spi;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where plugin jars are looked for, in priority order.
 *
 * <pre>{@code
 * List<Path> dirs = PluginDirs.resolve(
 *     List.of(Path.of("my-plugins")), System.getenv(),
 *     Path.of(System.getProperty("user.home")), null);
 * ModalityRegistry registry = ModalityRegistry.discover(dirs);
 * }</pre>
 *
 * <p>Order matters because the first jar to claim a modality name wins (later claimants are
 * reported as {@link PluginProblem}s), so what the user asked for on the command line comes first
 * and the installation's own folder last.
 */
public final class PluginDirs {
  private static final String ENV = "ATTRIB_PLUGINS";

  private PluginDirs() {}

  /**
   * The plugin folders, in this order: {@code cliDirs} (the CLI's {@code --plugins}), each entry of
   * the environment variable {@code ATTRIB_PLUGINS} (split on {@link File#pathSeparator}, blank
   * entries ignored), {@code userHome/.attrib/plugins}, and {@code installDir/plugins} when {@code
   * installDir} is not null.
   *
   * <p>Each path is returned {@link Path#normalize() normalized}; a folder that occurs again (the
   * same absolute normalized path) is dropped, keeping the first occurrence. Folders are not
   * checked for existence: {@link ModalityRegistry#discover} skips the missing ones.
   *
   * @param cliDirs folders given on the command line; null means none
   * @param env the environment, usually {@link System#getenv()}; null means empty
   * @param userHome the user's home folder; null means no per-user folder
   * @param installDir attrib's installation folder; null when unknown (e.g. run from an IDE)
   * @return an unmodifiable list
   * @throws AttribException if an {@code ATTRIB_PLUGINS} entry is not a valid path
   */
  public static List<Path> resolve(
      List<Path> cliDirs, Map<String, String> env, Path userHome, Path installDir) {
    List<Path> candidates = new ArrayList<>();
    if (cliDirs != null) {
      candidates.addAll(cliDirs);
    }
    String fromEnv = env == null ? null : env.get(ENV);
    if (fromEnv != null) {
      for (String entry : fromEnv.split(java.util.regex.Pattern.quote(File.pathSeparator))) {
        String trimmed = entry.strip();
        if (trimmed.isEmpty()) {
          continue;
        }
        try {
          candidates.add(Path.of(trimmed));
        } catch (InvalidPathException e) {
          throw new AttribException(
              ENV + " entry '" + trimmed + "' is not a valid path: " + e.getReason(), e);
        }
      }
    }
    if (userHome != null) {
      candidates.add(userHome.resolve(".attrib").resolve("plugins"));
    }
    if (installDir != null) {
      candidates.add(installDir.resolve("plugins"));
    }

    List<Path> result = new ArrayList<>();
    // Compared as absolute paths so "plugins" and "/cwd/plugins" count as one folder; the
    // returned paths stay as the user wrote them, which reads better in messages.
    Set<Path> seen = new HashSet<>();
    for (Path dir : candidates) {
      if (dir == null) {
        continue;
      }
      Path normalized = dir.normalize();
      if (seen.add(normalized.toAbsolutePath().normalize())) {
        result.add(normalized);
      }
    }
    return List.copyOf(result);
  }
}
