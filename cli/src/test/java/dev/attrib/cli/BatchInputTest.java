package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command reads its batch input the same way: {@code --input -} is standard input; a line or
 * record that gives no input (a missing image, a line that is not UTF-8, an unreadable molecule) is
 * a failed input named by its line, the batch goes on, lists the failures at the end and exits 2.
 */
class BatchInputTest {
  @TempDir Path home;
  @TempDir Path work;

  private static final String SHAPE_0 = Path.of("../examples/shape-0.png").toAbsolutePath() + "";
  private static final String SHAPE_1 = Path.of("../examples/shape-1.png").toAbsolutePath() + "";

  private String[] run(int expected, String... args) {
    return CliRun.run(home, expected, args);
  }

  private String[] stdin(String in, int expected, String... args) {
    return CliRun.runWithStdin(home, in.getBytes(StandardCharsets.UTF_8), expected, args);
  }

  private static byte[] bytes(String utf8, String latin1, String utf8After) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(utf8.getBytes(StandardCharsets.UTF_8));
    b.writeBytes(latin1.getBytes(StandardCharsets.ISO_8859_1));
    b.writeBytes(utf8After.getBytes(StandardCharsets.UTF_8));
    return b.toByteArray();
  }

  @Test
  void anImageListGoesOnPastAMissingFile() throws IOException {
    Path list = work.resolve("list.txt");
    Files.writeString(list, SHAPE_0 + "\nmissing.png\n" + SHAPE_1 + "\n");
    String[] r = run(2, "image", "--input", "" + list, "--steps", "16");
    List<String> out = r[0].lines().toList();
    assertEquals(2, out.size(), r[0]);
    assertTrue(out.get(0).startsWith(SHAPE_0 + ": circle"), out.get(0));
    assertTrue(out.get(1).startsWith(SHAPE_1 + ": square"), out.get(1));
    assertEquals(
        List.of(
            "attrib: " + list + ":2: no such image file 'missing.png'",
            "attrib: 1 of 3 inputs failed; the others were written"),
        r[1].lines().toList());
  }

  @Test
  void xdnnAndCompareListsGoOnToo() throws IOException {
    Path list = work.resolve("list.txt");
    Files.writeString(list, "missing.png\n" + SHAPE_0 + "\n");
    String[] x = run(2, "xdnn", "--input", "" + list);
    assertTrue(x[0].contains("circle: X-DNN logit"), x[0]);
    assertTrue(x[1].contains(list + ":1: no such image file 'missing.png'"), x[1]);
    assertTrue(x[1].contains("1 of 2 inputs failed"), x[1]);
    String[] c =
        run(2, "compare", "--input", "" + list, "--baselines", "black", "--steps-list", "4");
    assertTrue(c[0].contains(SHAPE_0), c[0]);
    assertTrue(c[1].contains("1 of 2 inputs failed"), c[1]);
  }

  @Test
  void dashReadsStandardInputForEveryInputOption() {
    String[] text = stdin("how many ?\n\nwhen was it ?\n", 0, "text", "--input", "-");
    assertEquals(2, text[0].lines().filter(l -> l.contains("completeness")).count(), text[0]);
    String[] image = stdin(SHAPE_0 + "\n", 0, "image", "--input", "-", "--steps", "16");
    assertTrue(image[0].startsWith(SHAPE_0 + ": circle"), image[0]);
    String[] molecule = stdin("CCO\nc1ccccc1O phenol\n", 0, "molecule", "--input", "-");
    assertTrue(molecule[0].startsWith("CCO: task "), molecule[0]);
    String[] eval = stdin("how many ?\n", 0, "eval", "text", "--input", "-", "--methods", "ig");
    assertTrue(eval[0].startsWith("ERASER faithfulness over 1 text"), eval[0]);
    String[] translate = stdin("good morning\n", 0, "translate", "--input", "-", "--steps", "8");
    assertTrue(translate[0].contains("good"), translate[0]);
    String[] xdnn = stdin(SHAPE_0 + "\n", 0, "xdnn", "--input", "-");
    assertTrue(xdnn[0].contains("circle"), xdnn[0]);
  }

  @Test
  void aLineThatIsNotUtf8IsABadInputNamedByItsLine() throws IOException {
    Path in = work.resolve("questions.txt");
    Files.write(in, bytes("how many ?\n", "caf\u00e9 ?\n", "when was it ?\n"));
    String[] r = run(2, "text", "--input", "" + in);
    assertEquals(2, r[0].lines().filter(l -> l.contains("completeness")).count(), r[0]);
    assertEquals(
        List.of(
            "attrib: " + in + ":2: not UTF-8 text (byte 0xe9 at byte 4 of the line)",
            "attrib: 1 of 3 inputs failed; the others were written"),
        r[1].lines().toList());
    Path smi = work.resolve("m.smi");
    Files.write(smi, bytes("CCO\n", "CC caf\u00e9\n", ""));
    String[] m = run(2, "molecule", "--input", "" + smi);
    assertTrue(m[1].contains(smi + ":2: molecule #2 (''): not UTF-8 text"), m[1]);
  }

  @Test
  void aMoleculeFileWithNoReadableRecordReportsEachRecord() throws IOException {
    Path smi = work.resolve("bad.smi");
    Files.writeString(smi, "C1CC one\nXx two\n");
    String[] r = run(2, "molecule", "--input", "" + smi);
    assertEquals("", r[0]);
    List<String> err = r[1].lines().toList();
    assertEquals(3, err.size(), r[1]);
    assertTrue(err.get(0).startsWith("attrib: " + smi + ":1: molecule one ('C1CC')"), err.get(0));
    assertTrue(err.get(1).startsWith("attrib: " + smi + ":2: molecule two ('Xx')"), err.get(1));
    assertEquals("attrib: all 2 inputs failed", err.get(2));
  }

  @Test
  void moleculeBatchSummariesNameTheirInput() throws IOException {
    String[] r = run(0, "molecule", "CCO", "c1ccccc1O");
    List<String> heads = r[0].lines().filter(l -> !l.startsWith(" ")).toList();
    assertEquals(2, heads.size(), r[0]);
    assertTrue(heads.get(0).startsWith("CCO: task "), heads.get(0));
    assertTrue(heads.get(1).startsWith("c1ccccc1O: task "), heads.get(1));
    // A MOL block is named by its title, not by its text.
    Path sdf = work.resolve("m.sdf");
    Files.writeString(
        sdf,
        "ethanol\n  test\n\n  3  2  0  0  0  0  0  0  0  0999 V2000\n"
            + "    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0\n"
            + "    1.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0\n"
            + "    2.0000    0.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0\n"
            + "  1  2  1  0\n  2  3  1  0\nM  END\n$$$$\n");
    String[] s = run(0, "molecule", "--input", "" + sdf);
    assertTrue(s[0].startsWith("ethanol: task "), s[0]);
  }
}
