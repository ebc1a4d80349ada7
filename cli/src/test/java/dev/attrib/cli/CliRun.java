package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs one command line in-process, as a user would, with an empty environment. */
final class CliRun {
  private CliRun() {}

  /** Runs {@code args}, checks the exit code, and returns {stdout, stderr}. */
  static String[] run(Path home, int expected, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new Main(new PrintWriter(out), new PrintWriter(err), Map.of(), home).run(args);
    assertEquals(expected, code, err.toString());
    return new String[] {out.toString(), err.toString()};
  }
}
