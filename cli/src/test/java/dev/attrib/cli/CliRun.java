package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Runs one command line in-process, as a user would, with an empty environment. */
final class CliRun {
  private CliRun() {}

  /** Runs {@code args}, checks the exit code, and returns {stdout, stderr}. */
  static String[] run(Path home, int expected, String... args) {
    Result r = bytes(home, expected, false, args);
    return new String[] {new String(r.stdout(), StandardCharsets.UTF_8), r.stderr()};
  }

  /** What a run printed: standard output as bytes (it may be a PNG), standard error as text. */
  record Result(byte[] stdout, String stderr) {}

  /**
   * Runs {@code args} with standard output a byte stream, an interactive terminal or not, and
   * checks the exit code.
   */
  static Result bytes(Path home, int expected, boolean terminal, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    int code =
        new Main(out, new PrintWriter(err), Map.of(), home).stdoutTerminal(terminal).run(args);
    assertEquals(expected, code, err.toString());
    return new Result(out.toByteArray(), err.toString());
  }
}
