package dev.attrib.cli;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The {@code --version} text: attrib's version, then DJL's and the PyTorch engine's.
 *
 * <pre>
 * attrib 0.1.0-SNAPSHOT
 * DJL 0.35.1, PyTorch engine 2.7.1
 * Java 17.0.15 (Debian), Linux amd64
 * </pre>
 *
 * <p>Asking the engine for its version loads the native library, so {@code --version} also shows
 * whether the engine works on this machine; when it does not, the line says why instead of failing,
 * because a version report is most wanted exactly when something is broken.
 */
final class VersionProvider implements IVersionProvider {

  /** attrib's version, from a resource Maven fills in at build time. */
  static String attribVersion() {
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null && !v.startsWith("$")) {
          return v;
        }
      }
    } catch (IOException e) {
      // fall through: an unknown version is not worth failing --version for
    }
    return "unknown";
  }

  @Override
  public String[] getVersion() {
    String engine;
    try {
      engine = "PyTorch engine " + Engine.getEngine("PyTorch").getVersion();
    } catch (RuntimeException | LinkageError e) {
      engine = "PyTorch engine not available: " + Terminal.oneLine(String.valueOf(e.getMessage()));
    }
    return new String[] {
      "attrib " + attribVersion(),
      "DJL " + Engine.getDjlVersion() + ", " + engine,
      "Java "
          + System.getProperty("java.version")
          + " ("
          + System.getProperty("java.vendor")
          + "), "
          + System.getProperty("os.name")
          + " "
          + System.getProperty("os.arch")
    };
  }
}
