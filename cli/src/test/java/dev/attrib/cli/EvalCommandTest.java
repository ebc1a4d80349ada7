package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code attrib eval}: a table per method; IG must be more faithful than a random ranking. */
class EvalCommandTest {
  @TempDir Path home;
  @TempDir Path work;

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
    assertTrue(
        run(2, "eval", "audio", "x")[1].startsWith("attrib: eval covers text, molecule and image"));
    assertTrue(
        run(2, "eval", "text", "is paris in france ?", "--plot", "x.png")[1].contains(
            "--plot is for eval image"));
  }

  /**
   * On the eight example pictures, IG deletes the evidence faster and restores it faster than a
   * random order, and keeping its top 20% of pixels keeps the class more often than keeping 20% at
   * random.
   */
  @Test
  void imageDeletionInsertionAndKeepTopOfIgBeatRandom() throws Exception {
    Path plot = work.resolve("curves.png");
    String t =
        run(
            0,
            "eval",
            "image",
            "../examples",
            "--methods",
            "ig,random",
            "--steps",
            "16",
            "--plot",
            plot.toString())[0];
    assertEquals(8, (int) column(t, "ig", 1), t);
    assertTrue(column(t, "ig", 2) < column(t, "random", 2), t);
    assertTrue(column(t, "ig", 3) > column(t, "random", 3), t);
    // Columns 4.. are "kept 5%", "kept 10%", "kept 20%", "kept 50%".
    assertTrue(percent(t, "ig", 6) > percent(t, "random", 6), t);
    BufferedImage img = ImageIO.read(plot.toFile());
    assertNotNull(img, "curves.png is a PNG");
    assertTrue(img.getWidth() >= 400, "two charts");
  }

  @Test
  void imageEvalRejectsABadKeepPercentageBeforeWriting() {
    Path plot = work.resolve("curves.png");
    String err =
        run(2, "eval", "image", "../examples/shape-3.png", "--keep", "0", "--plot", "" + plot)[1];
    assertTrue(err.contains("--keep takes percentages in (0, 100]"), err);
    assertTrue(!Files.exists(plot));
  }

  private static double percent(String table, String method, int col) {
    return table
        .lines()
        .filter(l -> l.startsWith(method + " "))
        .map(l -> Double.parseDouble(l.trim().split("\\s+")[col].replace("%", "")))
        .findFirst()
        .orElseThrow();
  }
}
