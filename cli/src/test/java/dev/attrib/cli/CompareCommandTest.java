package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code attrib compare} on the built-in shapes CNN and the repository's example images. */
class CompareCommandTest {
  // Surefire runs in cli/, so the repository's examples are one folder up.
  private static final Path EXAMPLES = Path.of("../examples");
  private static final String SHAPE_3 = EXAMPLES.resolve("shape-3.png").toString();

  @TempDir Path home;
  @TempDir Path work;

  private String[] run(int expected, String... args) {
    return CliRun.run(home, expected, args);
  }

  @Test
  void csvHasEverySettingAndMoreStepsBringTheBlackBaselineWithinOnePercent() throws Exception {
    Path csv = work.resolve("compare.csv");
    Path grid = work.resolve("grid.png");
    String out =
        run(
            0,
            "compare",
            SHAPE_3,
            "--baselines",
            "black,blur",
            "--steps-list",
            "5,50,200",
            "--curve-steps",
            "4",
            "--csv",
            csv.toString(),
            "--out",
            grid.toString())[0];

    List<String> lines = Files.readAllLines(csv);
    assertEquals(
        "input,baseline,steps,target_index,target_label,deletion_auc,insertion_auc,output,"
            + "baseline_output,delta,relative_delta,millis",
        lines.get(0));
    assertEquals(1 + 2 * 3, lines.size(), String.join("\n", lines));
    Map<String, Double> relDelta = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      assertEquals(SHAPE_3, f[0]);
      assertEquals("triangle", f[4], line); // the demo CNN's class of shape-3.png
      double deletion = Double.parseDouble(f[5]);
      double insertion = Double.parseDouble(f[6]);
      assertTrue(deletion >= 0 && deletion <= 1 && insertion >= 0 && insertion <= 1, line);
      relDelta.put(f[1] + "/" + f[2], Math.abs(Double.parseDouble(f[10])));
    }
    assertEquals(
        Set.of("black/5", "black/50", "black/200", "blur/5", "blur/50", "blur/200"),
        relDelta.keySet());
    // IG's completeness error shrinks with the number of steps: measured 1.4% at 5, 0.4% at 200.
    assertTrue(relDelta.get("black/200") <= relDelta.get("black/5"), relDelta.toString());
    assertTrue(relDelta.get("black/200") <= 0.01, relDelta.toString());

    List<String> table = out.lines().toList();
    assertTrue(table.get(0).startsWith("input "), out);
    assertEquals(1 + 6 + 1, table.size(), out); // header, rows, one conclusion
    assertTrue(table.get(7).startsWith(SHAPE_3 + ": lowest deletion AUC "), out);

    BufferedImage big = ImageIO.read(grid.toFile());
    assertNotNull(big, "not a PNG");
    Path small = work.resolve("small.png");
    run(
        0,
        "compare",
        SHAPE_3,
        "--baselines",
        "black",
        "--steps-list",
        "5,50",
        "--curve-steps",
        "2",
        "--out",
        small.toString());
    BufferedImage one = ImageIO.read(small.toFile());
    // A column per step count, a row per baseline.
    assertTrue(big.getWidth() > one.getWidth(), big.getWidth() + " vs " + one.getWidth());
    assertTrue(big.getHeight() > one.getHeight(), big.getHeight() + " vs " + one.getHeight());
  }

  @Test
  void severalImagesGetOneGridEachNamedAfterTheImage() throws IOException {
    Path grid = work.resolve("grid.png");
    String[] r =
        run(
            0,
            "compare",
            SHAPE_3,
            EXAMPLES.resolve("shape-1.png").toString(),
            "--baselines",
            "black",
            "--steps-list",
            "5",
            "--curve-steps",
            "2",
            "--out",
            grid.toString());
    assertTrue(Files.isRegularFile(work.resolve("grid-shape-3.png")), r[1]);
    assertTrue(Files.isRegularFile(work.resolve("grid-shape-1.png")), r[1]);
    assertFalse(Files.exists(grid));
    assertNotNull(ImageIO.read(work.resolve("grid-shape-1.png").toFile()));
  }

  @Test
  void unknownBaselineListsTheAvailableOnesAndWritesNothing() throws IOException {
    Path csv = work.resolve("compare.csv");
    String err =
        run(2, "compare", SHAPE_3, "--baselines", "black,nosuch", "--csv", csv.toString())[1];
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.startsWith("attrib: unknown baseline 'nosuch'"), err);
    assertTrue(err.contains("available: black, white, uniform, gaussian, blur"), err);
    assertEmpty(work);
  }

  @Test
  void aBaselineFailingMidwayLeavesNoPartialFiles() throws IOException {
    Path junk = Files.writeString(work.resolve("junk.png"), "not a png");
    Path csv = work.resolve("compare.csv");
    String err =
        run(
            2,
            "compare",
            SHAPE_3,
            "--baselines",
            "black,image:" + junk,
            "--steps-list",
            "5",
            "--curve-steps",
            "2",
            "--csv",
            csv.toString(),
            "--out",
            work.resolve("grid.png").toString())[1];
    assertTrue(err.startsWith("attrib: ") && err.contains("junk.png"), err);
    try (Stream<Path> s = Files.list(work)) {
      assertEquals(List.of(junk), s.toList(), "only the junk image may remain");
    }
  }

  @Test
  void stepCountZeroIsRejected() throws IOException {
    String err =
        run(
            2,
            "compare",
            SHAPE_3,
            "--steps-list",
            "0,50",
            "--csv",
            work.resolve("compare.csv").toString())[1];
    assertEquals("attrib: step counts must be from 1 to 10000, not 0", err.strip());
    assertEmpty(work);
  }

  @Test
  void theSingleSettingOptionsPointToTheListOnes() {
    String err = run(2, "compare", SHAPE_3, "--steps", "50")[1];
    assertTrue(err.startsWith("attrib: compare does not take --steps;"), err);
    assertTrue(err.contains("--steps-list"), err);
    err = run(2, "compare", SHAPE_3, "--baseline", "blur")[1];
    assertTrue(err.contains("--baselines"), err);
  }

  @Test
  void aModelOfAnotherModalityIsRejected() {
    String err =
        run(
            2,
            "compare",
            SHAPE_3,
            "--model",
            dev.attrib.fixtures.DemoModels.forModality("text").toString())[1];
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.contains("compare needs an image model"), err);
  }

  private static void assertEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(), s.toList());
    }
  }
}
