package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code attrib eval}: a table per method; IG must be more faithful than a random ranking. */
class EvalCommandTest {
  @TempDir Path home;

  private String[] run(int expected, String... args) {
    return CliRun.run(home, expected, args);
  }

  private static double column(String table, String method, int col) {
    return table
        .lines()
        .filter(l -> l.startsWith(method + " "))
        .map(l -> Double.parseDouble(l.trim().split("\\s+")[col]))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void textComprehensivenessOfIgBeatsRandom() {
    String t =
        run(
            0,
            "eval",
            "text",
            "how many rivers are there ?",
            "when was the castle built ?",
            "is paris in france ?",
            "--steps",
            "16")[0];
    assertTrue(column(t, "ig", 1) > column(t, "random", 1), t); // AOPC comprehensiveness
    assertTrue(column(t, "ig", 2) < column(t, "random", 2), t); // AOPC sufficiency
  }

  @Test
  void moleculeDeletionAndInsertionOfIgBeatRandom() {
    String t =
        run(0, "eval", "molecule", "O=C(O)c1ccccc1[N+](=O)[O-]", "FC(=O)c1ccccc1", "--steps", "16")[
            0];
    assertTrue(column(t, "ig", 2) < column(t, "random", 2), t);
    assertTrue(column(t, "ig", 3) > column(t, "random", 3), t);
  }

  @Test
  void otherModalitiesAreRejected() {
    assertTrue(run(2, "eval", "audio", "x")[1].startsWith("attrib: eval covers text and molecule"));
  }
}
