package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch progress bar: when it is drawn, that it leaves its line before anything else. */
class ProgressTest {
  private static final String ERASE = "\r\u001b[K";

  @TempDir Path home;

  /**
   * The bars drawn in {@code out}, checking on the way that nothing else is written while a bar is
   * on its line (between a draw and the next erase) and that the last one was erased.
   */
  static List<String> bars(String out) {
    List<String> bars = new ArrayList<>();
    boolean onLine = false;
    int i = 0;
    while (i < out.length()) {
      if (out.startsWith(ERASE, i)) {
        onLine = false;
        i += ERASE.length();
      } else if (out.charAt(i) == '\r') {
        int end = out.indexOf("\u001b[K", i);
        assertTrue(end > i, "a bar without its erase-to-end-of-line at " + i);
        bars.add(out.substring(i + 1, end));
        onLine = true;
        i = end + 3;
      } else {
        assertFalse(onLine, "printed over the bar at " + i + ": " + out.substring(i).strip());
        i++;
      }
    }
    assertFalse(onLine, "the last bar was left on the screen");
    return bars;
  }

  @Test
  void nothingIsWrittenUnlessShownAndForMoreThanOneInput() {
    StringWriter w = new StringWriter();
    PrintWriter err = new PrintWriter(w);
    try (Progress p = Progress.start(err, "text", 5, false, Map.of())) {
      p.step(0);
      p.step(3);
      p.clear();
    }
    try (Progress p = Progress.start(err, "text", 1, true, Map.of())) {
      p.step(0);
      p.clear();
    }
    assertEquals("", w.toString());
  }

  @Test
  void aBarIsDrawnAtEachStepAndStaysOffItsLineWhenClearedOrClosed() throws Exception {
    StringWriter w = new StringWriter();
    PrintWriter err = new PrintWriter(w);
    Progress p = Progress.start(err, "text", 4, true, Map.of("COLUMNS", "60"));
    p.step(1);
    assertTrue(w.toString().contains("1/4"), w.toString());
    p.clear();
    assertTrue(w.toString().endsWith(ERASE), w.toString());
    int cleared = w.toString().length();
    // The library redraws every second from its own thread; not while the command prints.
    Thread.sleep(1500);
    assertEquals(cleared, w.toString().length(), w.toString().substring(cleared));
    p.step(2);
    assertTrue(w.toString().substring(cleared).contains("2/4"), w.toString());
    p.close();
    p.close();
    int closed = w.toString().length();
    Thread.sleep(1500);
    assertEquals(closed, w.toString().length(), "nothing after close");
    List<String> bars = bars(w.toString());
    assertTrue(bars.size() >= 2, bars.toString());
    for (String bar : bars) {
      // rate and ETA are shown; the line fits COLUMNS less one column for the cursor
      assertTrue(bar.matches(".*\\d/4 \\(\\d+:\\d\\d:\\d\\d / .*\\) .*/s.*"), bar);
      assertTrue(bar.length() <= 59, bar.length() + ": " + bar);
    }
  }

  @Test
  void theShutdownHookErasesABarThatIsUp() throws Exception {
    StringWriter w = new StringWriter();
    Progress p = Progress.start(new PrintWriter(w), "text", 3, true, Map.of());
    p.step(1);
    Progress.eraseAll(); // what Ctrl-C runs
    assertTrue(w.toString().endsWith(ERASE), w.toString());
    int erased = w.toString().length();
    p.step(2); // the command's thread may still be running: it draws no more
    p.close();
    assertEquals(erased, w.toString().length());
  }

  @Test
  void theLibraryNeverBuildsAJlineTerminal() throws Exception {
    StringWriter w = new StringWriter();
    try (Progress p = Progress.start(new PrintWriter(w), "text", 3, true, Map.of())) {
      p.step(1);
    }
    assertFalse(w.toString().isEmpty());
    // JLine's native part is not in the build, and the library's terminal was never made.
    assertThrows(
        ClassNotFoundException.class, () -> Class.forName("org.jline.nativ.JLineNativeLoader"));
    Field terminal =
        Class.forName("me.tongfei.progressbar.TerminalUtils").getDeclaredField("terminal");
    terminal.setAccessible(true);
    assertNull(terminal.get(null));
  }

  /** A text batch on a faked terminal, stdout and stderr in one stream, as a person sees them. */
  private String batchOnATerminal(Map<String, String> env, String... extra) throws Exception {
    Path in = home.resolve("questions.txt");
    Files.writeString(
        in, "how many townships are there ?\nwho wrote the book ?\nwhen was it built ?\n");
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    PrintWriter err = new PrintWriter(new OutputStreamWriter(both, StandardCharsets.UTF_8));
    List<String> args = new ArrayList<>(List.of("text", "--input", in.toString(), "--no-color"));
    args.addAll(List.of(extra));
    int code =
        new Main(new ByteArrayInputStream(new byte[0]), both, err, env, home)
            .stderrTerminal(true)
            .run(args.toArray(String[]::new));
    String s = both.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, s);
    return s;
  }

  @Test
  void onAnInteractiveStderrTheBarIsClearedBeforeEveryResultAndAtTheEnd() throws Exception {
    String s = batchOnATerminal(Map.of());
    List<String> bars = bars(s);
    assertTrue(bars.stream().anyMatch(b -> b.contains("0/3")), s);
    assertTrue(bars.stream().anyMatch(b -> b.contains("2/3")), s);
    assertEquals(3, s.lines().filter(l -> l.startsWith("completeness:")).count(), s);
  }

  @Test
  void noBarWithVerboseOnADumbTerminalOrWhenStderrIsNotATerminal() throws Exception {
    assertFalse(batchOnATerminal(Map.of(), "--verbose").contains("\r"));
    assertFalse(batchOnATerminal(Map.of("TERM", "dumb")).contains("\r"));
    Path in = home.resolve("two.txt");
    Files.writeString(in, "who wrote the book ?\nwhen was it built ?\n");
    String[] r = CliRun.run(home, 0, "text", "--input", in.toString());
    assertEquals("", r[1]);
  }
}
