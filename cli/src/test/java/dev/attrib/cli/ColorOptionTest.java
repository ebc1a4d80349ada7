package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.render.ColorDepth;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --color}, {@code --no-color} and the environment, end to end on {@code attrib text}: what
 * reaches stdout for a terminal, a redirected stdout, and each override.
 */
class ColorOptionTest {
  static final String QUESTION = "how many rivers are there ?";
  static final Tty TERMINAL_256 = new Tty(true, ColorDepth.ANSI256, false);

  @TempDir Path home;

  private String stdout(Map<String, String> env, Tty tty, int code, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "text";
    all[1] = QUESTION;
    System.arraycopy(args, 0, all, 2, args.length);
    return new String(
        CliRun.withTerminal(home, env, tty, new byte[0], code, all).stdout(),
        StandardCharsets.UTF_8);
  }

  @Test
  void aColourTerminalGetsCellsOfItsDepth() {
    String out = stdout(Map.of(), TERMINAL_256, 0);
    assertTrue(out.contains("\u001b[48;5;"), out);
    assertFalse(out.contains("\u001b[48;2;"), out);
    String truecolor = stdout(Map.of(), new Tty(true, ColorDepth.TRUECOLOR, false), 0);
    assertTrue(truecolor.contains("\u001b[48;2;"), truecolor);
  }

  @Test
  void aRedirectedStdoutAndEveryOptOutGetPlainText() {
    for (String out :
        new String[] {
          stdout(Map.of(), Tty.REDIRECTED, 0),
          stdout(Map.of("NO_COLOR", "1"), TERMINAL_256, 0),
          stdout(Map.of("TERM", "dumb"), TERMINAL_256, 0),
          stdout(Map.of(), TERMINAL_256, 0, "--color=never"),
          stdout(Map.of(), TERMINAL_256, 0, "--no-color"),
        }) {
      assertFalse(out.contains("\u001b"), out);
      assertTrue(out.contains("how(+"), "the plain format's signed scores: " + out);
    }
  }

  @Test
  void alwaysAndForceColorColourAPipe() {
    String always = stdout(Map.of(), Tty.REDIRECTED, 0, "--color", "always");
    assertTrue(always.contains("\u001b[41;97"), always);
    String forced = stdout(Map.of("FORCE_COLOR", "3"), Tty.REDIRECTED, 0);
    assertTrue(forced.contains("\u001b[48;2;"), forced);
    // The option is inherited: before the command name too.
    String before =
        new String(
            CliRun.withTerminal(
                    home,
                    Map.of(),
                    Tty.REDIRECTED,
                    new byte[0],
                    0,
                    "--color=always",
                    "text",
                    QUESTION)
                .stdout(),
            StandardCharsets.UTF_8);
    assertTrue(before.contains("\u001b["), before);
  }

  @Test
  void contradictionsAndBadValuesAreBadUsage() {
    String err =
        CliRun.withTerminal(
                home, Map.of(), TERMINAL_256, new byte[0], 2, "text", QUESTION, "--color=sometimes")
            .stderr();
    assertTrue(err.contains("'sometimes' is not one of auto, always, never"), err);
    err =
        CliRun.withTerminal(
                home,
                Map.of(),
                TERMINAL_256,
                new byte[0],
                2,
                "text",
                QUESTION,
                "--format",
                "ansi",
                "--color=never")
            .stderr();
    assertTrue(err.contains("--format ansi writes colour codes"), err);
    err =
        CliRun.withTerminal(
                home,
                Map.of(),
                TERMINAL_256,
                new byte[0],
                2,
                "text",
                QUESTION,
                "--no-color",
                "--color=always")
            .stderr();
    assertEquals(2, err.lines().count(), err);
  }

  @Test
  void anExplicitAnsiFormatIntoAPipeUsesTheTerminalsDepthAndAnOptionOverridesIt() {
    String out = stdout(Map.of(), Tty.REDIRECTED, 0, "--format", "ansi");
    assertTrue(out.contains("\u001b[41;97"), "16: " + out);
    String chosen = stdout(Map.of(), TERMINAL_256, 0, "-o", "color=truecolor");
    assertTrue(chosen.contains("\u001b[48;2;"), chosen);
  }
}
