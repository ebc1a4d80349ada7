package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs one command line in-process, as a user would, with an empty environment and an empty
 * standard input unless one is given.
 */
final class CliRun {
  private CliRun() {}

  /** Runs {@code args}, checks the exit code, and returns {stdout, stderr}. */
  static String[] run(Path home, int expected, String... args) {
    return runWithStdin(home, new byte[0], expected, args);
  }

  /** As {@link #run}, with {@code stdin} as standard input (for {@code --input -}). */
  static String[] runWithStdin(Path home, byte[] stdin, int expected, String... args) {
    Result r = bytes(home, stdin, expected, false, args);
    return new String[] {new String(r.stdout(), StandardCharsets.UTF_8), r.stderr()};
  }

  /** What a run printed: standard output as bytes (it may be a PNG), standard error as text. */
  record Result(byte[] stdout, String stderr) {}

  /**
   * Runs {@code args} with standard output a byte stream, an interactive terminal or not, and
   * checks the exit code.
   */
  static Result bytes(Path home, int expected, boolean terminal, String... args) {
    return bytes(home, new byte[0], expected, terminal, args);
  }

  private static Result bytes(
      Path home, byte[] stdin, int expected, boolean terminal, String... args) {
    return withTerminal(home, Map.of(), Tty.of(terminal), stdin, expected, args);
  }

  /**
   * Runs {@code args} with the environment {@code env} and standard output as {@code tty} says (a
   * terminal of some colours, or redirected), and checks the exit code.
   */
  static Result withTerminal(
      Path home, Map<String, String> env, Tty tty, byte[] stdin, int expected, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    int code =
        new Main(new ByteArrayInputStream(stdin), out, new PrintWriter(err), env, home)
            .stdoutTty(tty)
            .run(args);
    assertEquals(expected, code, err.toString());
    return new Result(out.toByteArray(), err.toString());
  }
}
