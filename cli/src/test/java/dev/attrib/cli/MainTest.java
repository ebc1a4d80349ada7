package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the command line in-process with captured output, as a user would see it. */
class MainTest {

  /** The subcommands, as picocli lists them (sorted). */
  private static final String COMMANDS =
      "batch, check, compare, eval, explain, image, modalities, molecule, report, selfcheck,"
          + " text, translate, xdnn";

  @TempDir Path home;

  record Result(int code, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }

    List<String> errLines() {
      return err.lines().toList();
    }
  }

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    // An empty environment and a fresh home: the developer's own plugin folders stay out.
    int code = new Main(new PrintWriter(out), new PrintWriter(err), Map.of(), home).run(args);
    return new Result(code, out.toString(), err.toString());
  }

  private static void assertNoStackTrace(String text) {
    assertFalse(text.contains("\tat "), () -> "stack trace printed:\n" + text);
    assertFalse(text.contains("Exception:"), () -> "exception printed:\n" + text);
  }

  @Test
  void versionNamesAttribDjlAndTheEngine() {
    Result r = run("--version");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.outLines();
    assertEquals("attrib 0.1.0-SNAPSHOT", lines.get(0));
    assertTrue(
        lines.get(1).matches("DJL 0\\.35\\.1, PyTorch engine \\d+\\.\\d+\\.\\d+.*"), lines.get(1));
    assertEquals("", r.err());
  }

  @Test
  void modalitiesListsTheBuiltInsSortedByName() {
    Result r = run("modalities");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.outLines();
    assertEquals(
        List.of("image", "molecule", "text", "translation"),
        lines.stream().map(l -> l.split("\\s+")[0]).toList(),
        r.out());
    for (String line : lines) {
      assertTrue(line.split("\\s+")[1].equals("built-in"), line);
    }
    assertTrue(lines.get(1).contains("baselines: zero,unbonded,carbon"), lines.get(1));
    assertTrue(lines.get(3).contains("baselines: nmt,zero,pad"), lines.get(3));
    assertEquals("", r.err());
  }

  @Test
  void brokenPluginJarIsOneWarningAndTheBuiltInsStillList() throws IOException {
    Path dir = Files.createDirectory(home.resolve("plugins-broken"));
    Files.writeString(dir.resolve("broken.jar"), "not a zip", StandardCharsets.UTF_8);
    // The shared option after the subcommand: it must reach the top command all the same.
    Result r = run("modalities", "--plugins", dir.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(4, r.outLines().size(), r.out());
    List<String> warnings =
        r.errLines().stream().filter(l -> l.startsWith("attrib: warning: ")).toList();
    assertEquals(1, warnings.size(), r.err());
    assertTrue(warnings.get(0).contains("broken.jar"), warnings.get(0));
    assertEquals(r.errLines().size(), warnings.size(), "only warning lines: " + r.err());
  }

  @Test
  void verboseBeforeTheSubcommandPrintsThePluginProblemsCause() throws IOException {
    Path dir = Files.createDirectory(home.resolve("plugins-verbose"));
    Files.writeString(dir.resolve("broken.jar"), "not a zip", StandardCharsets.UTF_8);
    Result quiet = run("--plugins", dir.toString(), "modalities");
    Result verbose = run("--verbose", "--plugins", dir.toString(), "modalities");
    assertEquals(0, verbose.code(), verbose.err());
    assertFalse(quiet.err().contains("\tat "), quiet.err());
    assertTrue(verbose.err().contains("\tat "), verbose.err());
  }

  @Test
  void unknownCommandIsOneLineAndExitTwo() {
    Result r = run("nosuch");
    assertEquals(2, r.code());
    assertEquals("", r.out());
    List<String> lines = r.errLines();
    assertEquals("attrib: unknown command 'nosuch'; commands: " + COMMANDS, lines.get(0));
    assertEquals("try 'attrib --help'", lines.get(1));
    assertEquals(2, lines.size(), r.err());
    assertNoStackTrace(r.err());
  }

  @Test
  void unknownOptionOfASubcommandPointsAtItsHelp() {
    Result r = run("modalities", "--nosuch");
    assertEquals(2, r.code());
    assertEquals(
        List.of("attrib: unknown option '--nosuch'", "try 'attrib modalities --help'"),
        r.errLines());
    assertEquals("", r.out());
  }

  @Test
  void aLikelyTypoGetsAHint() {
    Result r = run("modalitis");
    assertEquals(2, r.code());
    assertEquals(
        "attrib: unknown command 'modalitis' (did you mean modalities?);"
            + " commands: "
            + COMMANDS,
        r.errLines().get(0));
    r = run("selfcheck", "--devise", "cpu");
    assertEquals(2, r.code());
    assertEquals("attrib: unknown option '--devise' (did you mean --device?)", r.errLines().get(0));
    assertEquals("try 'attrib selfcheck --help'", r.errLines().get(1));
  }

  @Test
  void missingCommandIsBadUsage() {
    Result r = run();
    assertEquals(2, r.code());
    assertEquals("attrib: missing command; commands: " + COMMANDS, r.errLines().get(0));
    assertEquals(2, r.errLines().size(), r.err());
  }

  @Test
  void badDeviceIsBadInputOnOneLine() {
    Result r = run("selfcheck", "--device", "tpu\u001b[2J");
    assertEquals(2, r.code());
    assertEquals(1, r.errLines().size(), r.err());
    assertTrue(r.err().startsWith("attrib: bad device 'tpu\\x1b[2J'"), r.err());
    assertFalse(r.err().contains("\u001b"), "raw escape reached the terminal");
  }

  @Test
  void helpOfASubcommandShowsTheSharedOptions() {
    Result r = run("selfcheck", "--help");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("--device"), r.out());
    assertTrue(r.out().contains("--plugins"), r.out());
    assertTrue(r.out().contains("--verbose"), r.out());
  }

  /**
   * Every check passes, except that where the engine gives batched inputs other gradients than
   * single ones (spi's SelfCheckTest judges that against plain DJL) the engine row fails, the run
   * says so, rechecks with oneDNN off, and exits 1.
   */
  @Test
  void selfcheckPassesOnTheCpuUnlessTheEngineIsWrong() {
    Result r = run("selfcheck");
    List<String> lines = r.outLines();
    assertTrue(lines.get(0).startsWith("check "), lines.get(0));
    assertTrue(lines.get(0).contains("relative delta"), lines.get(0));
    List<String> rows =
        lines.stream().filter(l -> l.endsWith("PASS") || l.endsWith("FAIL")).toList();
    List<String> engine = rows.stream().filter(l -> l.startsWith("engine: ")).toList();
    assertTrue(
        rows.stream().filter(l -> !l.startsWith("engine: ")).allMatch(l -> l.endsWith("PASS")),
        r.out());
    assertTrue(engine.get(0).contains("oneDNN on"), r.out());
    // The engine row's number is shown, pass or fail.
    assertTrue(
        lines.stream()
            .anyMatch(l -> l.startsWith("  engine: ") && l.contains("largest relative difference")),
        r.out());
    if (engine.get(0).endsWith("PASS")) {
      assertEquals(1, engine.size(), r.out());
      assertEquals(0, r.code(), r.out() + r.err());
      assertTrue(
          lines
              .get(lines.size() - 1)
              .matches(
                  "PASS: (\\d+) of \\1 checks passed on cpu \\(PyTorch threads: 1 intra-op, \\d+"
                      + " inter-op\\)"));
      assertEquals("", r.err());
    } else {
      assertEquals(2, engine.size(), r.out());
      assertTrue(engine.get(1).contains("oneDNN off") && engine.get(1).endsWith("PASS"), r.out());
      assertEquals(1, r.code(), r.out() + r.err());
      assertTrue(r.err().startsWith("attrib: note: "), r.err());
    }
  }
}
