package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs one command line in-process, as a user would, with an empty environment. */
final class CliRun {
  private CliRun() {}

  /** Runs {@code args}, checks the exit code, and returns {stdout, stderr}. */
  static String[] run(Path home, int expected, String... args) {
    return runWithStdin(home, new byte[0], expected, args);
  }

  /** As {@link #run}, with {@code stdin} as standard input (for {@code --input -}). */
  static String[] runWithStdin(Path home, byte[] stdin, int expected, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new Main(
                new ByteArrayInputStream(stdin),
                new PrintWriter(out),
                new PrintWriter(err),
                Map.of(),
                home)
            .run(args);
    assertEquals(expected, code, err.toString());
    return new String[] {out.toString(), err.toString()};
  }
}
