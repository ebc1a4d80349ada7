package dev.attrib.cli;

import static dev.attrib.cli.ColorChoice.Mode.ALWAYS;
import static dev.attrib.cli.ColorChoice.Mode.AUTO;
import static dev.attrib.cli.ColorChoice.Mode.NEVER;
import static dev.attrib.render.ColorDepth.ANSI16;
import static dev.attrib.render.ColorDepth.ANSI256;
import static dev.attrib.render.ColorDepth.NONE;
import static dev.attrib.render.ColorDepth.TRUECOLOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The colour rules of {@link ColorChoice}, one by one, as a pure function. */
class ColorChoiceTest {
  static final Tty TERMINAL_256 = new Tty(true, ANSI256, false);
  static final Tty PIPE = new Tty(false, ANSI256, false);

  @Test
  void autoColoursATerminalAtItsOwnDepthAndNothingElse() {
    assertEquals(ANSI256, ColorChoice.decide(AUTO, Map.of(), TERMINAL_256));
    assertEquals(TRUECOLOR, ColorChoice.decide(AUTO, Map.of(), new Tty(true, TRUECOLOR, false)));
    assertEquals(ANSI16, ColorChoice.decide(AUTO, Map.of(), new Tty(true, ANSI16, false)));
    assertEquals(NONE, ColorChoice.decide(AUTO, Map.of(), PIPE), "a redirected stdout");
  }

  @Test
  void noColorMeansNoneUnlessEmptyOrOverriddenByTheFlag() {
    assertEquals(NONE, ColorChoice.decide(AUTO, Map.of("NO_COLOR", "1"), TERMINAL_256));
    assertEquals(NONE, ColorChoice.decide(AUTO, Map.of("NO_COLOR", "anything"), TERMINAL_256));
    assertEquals(ANSI256, ColorChoice.decide(AUTO, Map.of("NO_COLOR", ""), TERMINAL_256));
    assertEquals(ANSI256, ColorChoice.decide(ALWAYS, Map.of("NO_COLOR", "1"), TERMINAL_256));
    // NO_COLOR beats FORCE_COLOR: asking for no colour is the safer reading of both.
    assertEquals(NONE, ColorChoice.decide(AUTO, Map.of("NO_COLOR", "1", "FORCE_COLOR", "3"), PIPE));
  }

  @Test
  void forceColorAndClicolorForceColourARedirectedStdout() {
    assertEquals(ANSI256, ColorChoice.decide(AUTO, Map.of("FORCE_COLOR", ""), PIPE));
    assertEquals(ANSI256, ColorChoice.decide(AUTO, Map.of("FORCE_COLOR", "true"), PIPE));
    assertEquals(ANSI16, ColorChoice.decide(AUTO, Map.of("FORCE_COLOR", "1"), PIPE));
    assertEquals(ANSI256, ColorChoice.decide(AUTO, Map.of("FORCE_COLOR", "2"), PIPE));
    assertEquals(TRUECOLOR, ColorChoice.decide(AUTO, Map.of("FORCE_COLOR", "3"), PIPE));
    assertEquals(NONE, ColorChoice.decide(AUTO, Map.of("FORCE_COLOR", "0"), TERMINAL_256));
    assertEquals(NONE, ColorChoice.decide(AUTO, Map.of("FORCE_COLOR", "false"), TERMINAL_256));
    assertEquals(ANSI256, ColorChoice.decide(AUTO, Map.of("CLICOLOR_FORCE", "1"), PIPE));
    assertEquals(NONE, ColorChoice.decide(AUTO, Map.of("CLICOLOR_FORCE", "0"), PIPE));
    assertEquals(NONE, ColorChoice.decide(AUTO, Map.of("CLICOLOR_FORCE", ""), PIPE));
    // Forcing beats a dumb terminal: Emacs buffers set TERM=dumb and FORCE_COLOR to get colour.
    assertEquals(
        ANSI16, ColorChoice.decide(AUTO, Map.of("TERM", "dumb", "FORCE_COLOR", "1"), TERMINAL_256));
  }

  @Test
  void aDumbTerminalOrClicolorZeroGetsNoColour() {
    assertEquals(NONE, ColorChoice.decide(AUTO, Map.of("TERM", "dumb"), TERMINAL_256));
    assertEquals(NONE, ColorChoice.decide(AUTO, Map.of("CLICOLOR", "0"), TERMINAL_256));
    assertEquals(ANSI256, ColorChoice.decide(AUTO, Map.of("TERM", "xterm"), TERMINAL_256));
  }

  @Test
  void alwaysAndNeverAreTheUsersLastWord() {
    assertEquals(ANSI256, ColorChoice.decide(ALWAYS, Map.of(), PIPE), "the terminal's depth");
    assertEquals(ANSI256, ColorChoice.decide(ALWAYS, Map.of("TERM", "dumb"), PIPE));
    assertEquals(TRUECOLOR, ColorChoice.decide(ALWAYS, Map.of("FORCE_COLOR", "3"), PIPE));
    assertEquals(NONE, ColorChoice.decide(NEVER, Map.of("FORCE_COLOR", "3"), TERMINAL_256));
    assertEquals(NONE, ColorChoice.decide(NEVER, Map.of(), TERMINAL_256));
  }

  @Test
  void aWindowsConsoleIsNeverGivenMoreColoursThanItTakes() {
    // Behind Jansi's console stream deeper codes would be down-sampled and lose their sign.
    Tty console = new Tty(true, ANSI16, true);
    assertEquals(ANSI16, ColorChoice.decide(AUTO, Map.of("FORCE_COLOR", "3"), console));
    assertEquals(ANSI16, ColorChoice.decide(ALWAYS, Map.of(), console));
    assertEquals(ANSI16, ColorChoice.decide(AUTO, Map.of(), console));
  }

  @Test
  void modeNames() {
    assertEquals(ALWAYS, ColorChoice.Mode.forName("Always"));
    assertEquals(NEVER, ColorChoice.Mode.forName(" never "));
    assertNull(ColorChoice.Mode.forName("yes"));
  }
}
