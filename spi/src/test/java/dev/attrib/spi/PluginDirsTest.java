package dev.attrib.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginDirsTest {
  private static final Path HOME = Path.of("/home/ada");
  private static final Path INSTALL = Path.of("/opt/attrib");

  private static String joined(String... entries) {
    return String.join(File.pathSeparator, entries);
  }

  @Test
  void cliThenEnvThenUserThenInstall() {
    List<Path> dirs =
        PluginDirs.resolve(
            List.of(Path.of("/cli/one"), Path.of("/cli/two")),
            Map.of("ATTRIB_PLUGINS", joined("/env/one", "/env/two")),
            HOME,
            INSTALL);

    assertEquals(
        List.of(
            Path.of("/cli/one"),
            Path.of("/cli/two"),
            Path.of("/env/one"),
            Path.of("/env/two"),
            Path.of("/home/ada/.attrib/plugins"),
            Path.of("/opt/attrib/plugins")),
        dirs);
  }

  @Test
  void blankEnvEntriesAreIgnored() {
    List<Path> dirs =
        PluginDirs.resolve(
            List.of(), Map.of("ATTRIB_PLUGINS", joined("", "  ", "/env/one", "")), HOME, null);

    assertEquals(List.of(Path.of("/env/one"), Path.of("/home/ada/.attrib/plugins")), dirs);
  }

  @Test
  void duplicatesAfterNormalizeAreRemovedKeepingFirst() {
    List<Path> dirs =
        PluginDirs.resolve(
            List.of(Path.of("/a/./plugins"), Path.of("/home/ada/.attrib/plugins/")),
            Map.of("ATTRIB_PLUGINS", joined("/b", "/a/x/../plugins", "/b/.")),
            HOME,
            Path.of("/a"));

    assertEquals(
        List.of(Path.of("/a/plugins"), Path.of("/home/ada/.attrib/plugins"), Path.of("/b")), dirs);
  }

  @Test
  void relativeAndAbsoluteSpellingsOfOneFolderCountOnce() {
    Path relative = Path.of("plugins");

    List<Path> dirs =
        PluginDirs.resolve(List.of(relative, relative.toAbsolutePath()), Map.of(), null, null);

    assertEquals(List.of(relative), dirs);
  }

  @Test
  void nothingGivenMeansNothing() {
    assertEquals(List.of(), PluginDirs.resolve(null, null, null, null));
    assertEquals(List.of(), PluginDirs.resolve(List.of(), Map.of("OTHER", "/x"), null, null));
  }

  @Test
  void resultIsUnmodifiable() {
    List<Path> dirs = PluginDirs.resolve(List.of(Path.of("/x")), Map.of(), HOME, INSTALL);

    assertThrows(UnsupportedOperationException.class, () -> dirs.add(Path.of("/y")));
  }
}
