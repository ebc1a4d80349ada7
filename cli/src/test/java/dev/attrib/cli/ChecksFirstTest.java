package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Options, their combinations, output files and folders are checked before the first attribution: a
 * bad run is one line and exit 2, with nothing computed and nothing written.
 *
 * <p>"Before any model loads" is shown with a model folder whose network file is missing: had the
 * command tried to load it, the error would name the missing {@code model.pt} instead.
 */
class ChecksFirstTest {
  @TempDir Path home;
  @TempDir Path work;

  private String[] run(int expected, String... args) {
    return CliRun.run(home, expected, args);
  }

  /** A model folder for {@code modality} whose network cannot be loaded. */
  private Path unloadable(String modality) throws IOException {
    Path dir = Files.createDirectories(work.resolve("broken-" + modality));
    Files.writeString(
        dir.resolve("attrib.json"),
        "{\"modality\": \""
            + modality
            + "\", \"format\": \"torchscript\", \"file\": \"model.pt\"}");
    return dir;
  }

  private static void oneLine(String[] r, String expected) {
    assertEquals("", r[0], "nothing computed, nothing printed");
    assertEquals(List.of(expected), r[1].lines().toList());
  }

  private List<Path> filesIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void stepsAndSamplesOutOfBoundsFailBeforeAnyModelLoads() throws IOException {
    String bound =
        " must be from 1 to 100000, not 1000000 (more would run for hours without changing the"
            + " result)";
    Path image = unloadable("image");
    String shape = "../examples/shape-3.png";
    oneLine(
        run(2, "image", shape, "--model", "" + image, "--steps", "1000000"),
        "attrib: steps" + bound);
    oneLine(
        run(2, "image", shape, "--model", "" + image, "--max-steps", "1000000"),
        "attrib: max steps" + bound);
    String[] noise =
        run(
            2,
            "text",
            "hi",
            "--model",
            "" + unloadable("text"),
            "--method",
            "smoothgrad",
            "--noise-samples",
            "20000");
    assertTrue(noise[1].startsWith("attrib: noise samples must be from 1 to 10000, not 20000"));
    assertEquals(1, noise[1].lines().count(), noise[1]);
    String[] translate =
        run(
            2,
            "translate",
            "good morning",
            "--model",
            "" + unloadable("translation"),
            "--steps",
            "1000000");
    oneLine(translate, "attrib: steps" + bound);
    String[] eval =
        run(2, "eval", "text", "hi", "--model", "" + unloadable("text"), "--steps", "1000000");
    oneLine(eval, "attrib: steps" + bound);
    String[] methods =
        run(2, "eval", "text", "hi", "--model", "" + unloadable("text"), "--methods", "ig,lime");
    assertTrue(methods[1].startsWith("attrib: unknown method 'lime'"), methods[1]);
  }

  @Test
  void outputFoldersAreCheckedBeforeTheModelLoads() throws IOException {
    Path image = unloadable("image");
    oneLine(
        run(2, "image", "../examples", "--model", "" + image, "--out-dir", "" + work.resolve("no")),
        "attrib: " + work.resolve("no") + ": the --out-dir folder does not exist");
    Path out = work.resolve("no/row.png");
    oneLine(
        run(2, "image", "../examples/shape-3.png", "--model", "" + image, "--out", "" + out),
        "attrib: " + out + ": the folder to write into does not exist");
    Path svg = work.resolve("no/m.svg");
    oneLine(
        run(2, "molecule", "CCO", "--model", "" + unloadable("molecule"), "--svg", "" + svg),
        "attrib: " + svg + ": the folder to write into does not exist (--svg)");
    Path plot = work.resolve("no/curves.png");
    oneLine(
        run(2, "eval", "image", "../examples", "--model", "" + image, "--plot", "" + plot),
        "attrib: " + plot + ": the folder to write into does not exist (--plot)");
    Path csv = work.resolve("no/compare.csv");
    oneLine(
        run(2, "compare", "../examples/shape-3.png", "--model", "" + image, "--csv", "" + csv),
        "attrib: " + csv + ": the folder to write into does not exist");
  }

  @Test
  void theOutDirOfTheIssueIsReportedOnceWithNothingComputed() {
    // The built-in model this time: 8 images, and not one summary before the error.
    String[] r = run(2, "image", "../examples", "--out-dir", "missing/");
    oneLine(r, "attrib: missing: the --out-dir folder does not exist");
  }

  @Test
  void aDepictionTakesOneMoleculeForOneTaskAndSaysSoFirst() throws IOException {
    Path png = work.resolve("p.png");
    oneLine(
        run(2, "molecule", "CCO", "c1ccccc1O", "--task", "all", "--png", "" + png),
        "attrib: --png depicts one molecule for one task, not 2 molecules; use --gallery"
            + " FILE.html for a card each");
    oneLine(
        run(2, "molecule", "CCO", "--task", "all", "--svg", "" + work.resolve("m.svg")),
        "attrib: --svg depicts one molecule for one task, not --task all; use --gallery"
            + " FILE.html for a card each");
    oneLine(
        run(2, "molecule", "CCO", "--task", "nitro", "--target", "0"),
        "attrib: give --task or --target, not both");
    oneLine(
        run(2, "molecule", "CCO", "--svg", "" + png, "--gallery", "" + png),
        "attrib: --svg and --gallery name the same file: " + png);
    assertEquals(List.of(), filesIn(work));
    // What the message points to works: a card per task.
    Path gallery = work.resolve("g.html");
    String[] ok = run(0, "molecule", "CCO", "--task", "all", "--gallery", "" + gallery);
    assertEquals(4, ok[0].lines().filter(l -> l.startsWith("task ")).count(), ok[0]);
    String html = Files.readString(gallery);
    for (String task : List.of("benzene", "fluoride-carbonyl", "nitro", "carboxylic-acid")) {
      assertTrue(html.contains(task), task);
    }
  }

  @Test
  void aBadTargetFailsOnceBeforeTheBatchRuns() {
    String[] r = run(2, "text", "how many ?", "when was it ?", "--target", "NOSUCH");
    assertEquals("", r[0]);
    assertEquals(1, r[1].lines().count(), r[1]);
    assertTrue(r[1].contains("NOSUCH"), r[1]);
  }

  @Test
  void evalRefusesOutputOptionsItWouldIgnore() {
    String[] r = run(2, "eval", "text", "how many ?", "--out", "" + work.resolve("t.txt"));
    assertEquals(
        List.of(
            "attrib: eval prints its table on standard output; --out does not apply (redirect the"
                + " output)"),
        r[1].lines().toList());
    assertFalse(Files.exists(work.resolve("t.txt")));
  }
}
