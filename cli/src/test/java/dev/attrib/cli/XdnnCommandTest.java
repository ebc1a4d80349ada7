package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.fixtures.DemoModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code attrib xdnn} on the built-in X-DNN and its twin with biases. */
class XdnnCommandTest {
  /** The repository's example images; tests run in {@code cli/}. */
  static final Path EXAMPLES = Path.of("../examples");

  static final String SHAPE = EXAMPLES.resolve("shape-3.png").toString();

  @TempDir Path home;
  @TempDir Path work;

  private String[] run(int expected, String... args) {
    return CliRun.run(home, expected, args);
  }

  private static double number(String out, String regex) {
    Matcher m = Pattern.compile(regex).matcher(out);
    assertTrue(m.find(), () -> "no match for " + regex + " in:\n" + out);
    return Double.parseDouble(m.group(1));
  }

  private List<Path> filesIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void homogeneousXdnnNonHomogeneousTwinAndFastIgMatchesIg() throws IOException {
    Path plot = work.resolve("homogeneity.png");
    Path maps = work.resolve("maps.png");
    String[] r =
        run(0, "xdnn", SHAPE, "--plot", plot.toString(), "--out", maps.toString(), "-o", "zoom=4");
    String out = r[0];
    assertTrue(
        out.lines().findFirst().orElseThrow().matches("\\w+: X-DNN logit .*\\(class \\d\\)"), out);
    assertTrue(number(out, "x-dnn +R² (-?[\\d.]+)") > 0.999, out);
    assertTrue(number(out, "twin +R² (-?[\\d.]+)") < 0.999, out);
    assertTrue(number(out, "max relative difference ([-\\d.e+]+)") <= 1e-4, out);
    assertTrue(out.matches("(?s).*\\(\\d+(\\.\\d)?x (faster|slower)\\)\n"), out);
    assertEquals("", r[1]);

    BufferedImage p = ImageIO.read(plot.toFile());
    assertNotNull(p, "plot is not a readable PNG");
    assertTrue(p.getWidth() >= 200 && p.getHeight() >= 100, p.getWidth() + "x" + p.getHeight());
    BufferedImage m = ImageIO.read(maps.toFile());
    assertNotNull(m, "maps is not a readable PNG");
    // Four 32x32 panels at zoom 4, side by side.
    assertTrue(
        m.getWidth() >= 4 * 32 * 4 && m.getHeight() >= 32 * 4, m.getWidth() + "x" + m.getHeight());
    assertTrue(m.getWidth() > 2 * m.getHeight(), m.getWidth() + "x" + m.getHeight());
    assertEquals(2, filesIn(work).size(), "temporary files left: " + filesIn(work));
  }

  @Test
  void aFolderIsABatchWithOneBlockPerImageAndASummary() throws IOException {
    Path dir = Files.createDirectory(work.resolve("two"));
    Files.copy(EXAMPLES.resolve("shape-0.png"), dir.resolve("a.png"));
    Files.copy(EXAMPLES.resolve("shape-3.png"), dir.resolve("b.png"));
    String out = run(0, "xdnn", "--input", dir.toString())[0];
    assertEquals(2, out.lines().filter(l -> l.startsWith("  x-dnn ")).count(), out);
    String last = out.lines().reduce((a, b) -> b).orElseThrow();
    assertTrue(last.startsWith("2 images: X-DNN R² > 0.999 on 2 of 2; twin R² "), last);
  }

  @Test
  void plotWithTwoImagesIsAnErrorAndWritesNothing() throws IOException {
    Path plot = work.resolve("homogeneity.png");
    String err =
        run(
            2,
            "xdnn",
            SHAPE,
            EXAMPLES.resolve("shape-1.png").toString(),
            "--plot",
            plot.toString())[1];
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.startsWith("attrib: --plot pictures one image, not 2"), err);
    assertEquals(List.of(), filesIn(work));
  }

  @Test
  void aCorruptImageIsOneLineNamingTheFile() throws IOException {
    Path bad = work.resolve("broken.png");
    Files.write(bad, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0});
    Path maps = work.resolve("maps.png");
    String[] r = run(2, "xdnn", bad.toString(), "--out", maps.toString());
    assertEquals("", r[0]);
    assertEquals(1, r[1].lines().count(), r[1]);
    assertTrue(r[1].startsWith("attrib: " + bad), r[1]);
    assertEquals(List.of(bad), filesIn(work));
  }

  @Test
  void aModelWithBiasesIsRefusedAsTheXdnn() throws IOException {
    Path maps = work.resolve("maps.png");
    Path twin = DemoModels.forModality("image");
    String[] r = run(2, "xdnn", SHAPE, "--xdnn", twin.toString(), "--out", maps.toString());
    assertEquals("", r[0]);
    assertEquals(1, r[1].lines().count(), r[1]);
    assertTrue(r[1].startsWith("attrib: " + twin + ": not an X-DNN: "), r[1]);
    assertTrue(r[1].contains("not nonnegatively homogeneous"), r[1]);
    assertTrue(r[1].contains("no biases"), r[1]);
    assertFalse(r[1].contains("--method"), "advice for another command: " + r[1]);
    assertEquals(List.of(), filesIn(work));
  }

  @Test
  void aModelOfAnotherModalityIsRefusedBeforeLoading() {
    Path text = DemoModels.forModality("text");
    String err = run(2, "xdnn", SHAPE, "--twin", text.toString())[1];
    assertEquals(
        "attrib: " + text + ": the model is for modality 'text', not image (--twin)", err.strip());
  }

  @Test
  void speedupReadsRightBelowTenAndBelowOne() {
    assertEquals("53x faster", XdnnCommand.speedup(53.2));
    assertEquals("1.2x faster", XdnnCommand.speedup(1.24));
    assertEquals("2.0x slower", XdnnCommand.speedup(0.5));
  }

  @Test
  void unknownRenderOptionIsRejected() {
    String err = run(2, "xdnn", SHAPE, "-o", "steps=64")[1];
    assertEquals("attrib: unknown option steps; xdnn takes clip, sign, zoom", err.strip());
  }
}
