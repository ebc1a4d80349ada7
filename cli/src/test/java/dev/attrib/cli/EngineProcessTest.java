package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the engine itself writes to the process's stderr — libtorch's C++ log, which no Java stream
 * sees — so the CLI runs in a process of its own. The model is a tiny image classifier that makes
 * libtorch warn at every forward (src/test/python/make_noisy_model.py), as it warns "Could not
 * initialize NNPACK!" at every convolution on CPUs whose caches NNPACK cannot read.
 */
class EngineProcessTest {
  static final Path NOISY = Path.of("src/test/resources/noisy-image-model").toAbsolutePath();
  static final Path EXAMPLES = Path.of("../examples").toAbsolutePath();

  @TempDir Path work;

  private record Run(int code, String out, String err) {}

  private Run attrib(String... args) throws Exception {
    Process p =
        new ProcessBuilder(CliProcess.attrib(args))
            .directory(work.toFile())
            .redirectOutput(work.resolve("out.txt").toFile())
            .redirectError(work.resolve("err.txt").toFile())
            .start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "attrib " + String.join(" ", args) + " hung");
    return new Run(
        p.exitValue(),
        Files.readString(work.resolve("out.txt")),
        Files.readString(work.resolve("err.txt")));
  }

  @Test
  void libtorchWarningsStayOffStderrUnlessVerbose() throws Exception {
    String image = EXAMPLES.resolve("shape-3.png").toString();
    Run quiet = attrib("image", "--model", NOISY.toString(), image, "--steps", "8");
    assertEquals(0, quiet.code(), quiet.err());
    assertTrue(quiet.out().contains("completeness delta"), quiet.out());
    assertEquals("", quiet.err());

    // Not vacuous: the model does make libtorch warn, and --verbose shows it.
    Run verbose = attrib("image", "--model", NOISY.toString(), image, "--steps", "8", "--verbose");
    assertEquals(0, verbose.code(), verbose.err());
    assertTrue(
        verbose.err().contains("Warning: An output with one or more elements was resized"),
        verbose.err());
  }

  /**
   * The check: {@code attrib eval image examples} prints nothing on stderr but its own
   * lines.
   */
  @Test
  void evalImagePrintsNothingOnStderrButItsOwnLines() throws Exception {
    for (String model : new String[] {null, NOISY.toString()}) {
      List<String> args = new ArrayList<>(List.of("eval", "image", EXAMPLES.toString()));
      if (model != null) {
        args.addAll(List.of("--model", model, "--curve-steps", "4"));
      }
      Run r = attrib(args.toArray(String[]::new));
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith("ig ")), r.out());
      for (String line : r.err().lines().toList()) {
        assertTrue(line.startsWith("attrib: "), "not attrib's own line: " + line);
      }
    }
  }
}
