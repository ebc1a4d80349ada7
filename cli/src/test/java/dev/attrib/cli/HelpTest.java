package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every command's {@code --help} prints no picocli warning: a {@code %} in a description that is
 * not a format specifier made picocli print "Could not format" above the help of the command and of
 * {@code attrib} itself.
 */
class HelpTest {

  @Test
  void noCommandsHelpPrintsAPicocliWarning() throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(CliProcess.command(HelpProbe.class.getName()))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
    assertEquals(0, p.exitValue(), out);
    // attrib, its thirteen commands: the probe walked them all, and each printed its help.
    assertTrue(out.contains("checked 14 commands, 0 failed"), out);
    assertFalse(out.contains("picocli"), out);
    assertFalse(out.contains("WARN"), out);
  }
}
