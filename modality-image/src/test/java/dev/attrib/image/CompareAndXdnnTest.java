package dev.attrib.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.model.LoadedModel;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Options;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Baseline × steps comparisons and the X-DNN report, on tiny networks. */
class CompareAndXdnnTest {
  private static LoadedModel smooth;
  private static LoadedModel xdnn;
  private static LoadedModel twin;
  private static String input;

  @BeforeAll
  static void setUp(@TempDir Path dir) throws IOException {
    smooth = TinyModels.cnn(dir.resolve("smooth"), true, true, 5, "");
    xdnn = TinyModels.cnn(dir.resolve("xdnn"), false, 6, "");
    twin = TinyModels.cnn(dir.resolve("twin"), true, 6, "");
    // A comma in the name: the CSV must quote it.
    input = TinyModels.png(dir, "a,b.png", TinyModels.randomImage(8, 8, 7)).toString();
  }

  @AfterAll
  static void close() {
    smooth.close();
    xdnn.close();
    twin.close();
  }

  @Test
  void compareRunsEveryBaselineAndStepCountAndWritesTableCsvAndGrid() throws IOException {
    ImageCompare.Settings s =
        new ImageCompare.Settings(
            List.of("black", "blur"), List.of(5, 20), PixelCurves.Settings.defaults().withSteps(8));
    ImageCompare.Result r =
        ImageCompare.run(
            new ImageModality(), smooth, List.of(input), ExplainSettings.defaults(), s);
    assertEquals(4, r.rows().size());
    assertEquals(
        List.of("black", "black", "blur", "blur"),
        r.rows().stream().map(ImageCompare.Row::baseline).toList());
    assertEquals(List.of(5, 20, 5, 20), r.rows().stream().map(ImageCompare.Row::steps).toList());
    // Each row is what a direct explanation with those settings gives.
    ImageCompare.Row row = r.rows().get(3);
    Explanation<ImageEncoding> e =
        new Explainer<>(new ImageModality(), smooth)
            .explain(
                input,
                ExplainSettings.defaults()
                    .withBaseline("blur")
                    .withConfig(dev.attrib.ig.Methods.config().steps(20).build()));
    assertEquals(e.attribution().completeness().relativeDelta(), row.relativeDelta(), 1e-12);
    assertEquals(e.attribution().targetIndex(), row.targetIndex());
    for (ImageCompare.Row x : r.rows()) {
      assertTrue(x.deletionAuc() >= 0 && x.deletionAuc() <= 1, x.toString());
      assertEquals(r.rows().get(0).targetIndex(), x.targetIndex(), "same class for every setting");
    }

    String csv = ImageCompare.csv(r.rows());
    String[] lines = csv.split("\n");
    assertEquals(5, lines.length);
    assertTrue(lines[0].startsWith("input,baseline,steps,"), lines[0]);
    assertTrue(lines[1].startsWith("\"" + input + "\",black,5,"), lines[1]);
    // Read back by a CSV reader, the quoted name is the input again.
    List<CSVRecord> records = CSVParser.parse(csv, CSVFormat.DEFAULT).getRecords();
    assertEquals(5, records.size());
    assertEquals(input, records.get(1).get(0));
    assertEquals(12, records.get(1).size());
    assertEquals(4, ImageCompare.table(r.rows()).split("\n").length - 1);

    Canvas drawn = ImageCompare.drawGrid(r, input, Options.NONE);
    BufferedImage grid = ImageIO.read(new ByteArrayInputStream(drawn.png()));
    assertTrue(grid.getWidth() > 2 * 96 && grid.getHeight() > 2 * 96, grid.toString());
    // Title, two column heads, one row label, two captions at least; all inside, none overlapping.
    PictureChecks.textLaidOut("grid", grid, drawn.textBoxes());
    assertTrue(drawn.textBoxes().size() >= 6, drawn.textBoxes().toString());
    assertThrows(AttribException.class, () -> ImageCompare.grid(r, "other.png", Options.NONE));
    assertThrows(
        AttribException.class,
        () ->
            new ImageCompare.Settings(
                List.of("black"), List.of(0), PixelCurves.Settings.defaults()));
  }

  @Test
  void fastIgOnTheXdnnMatchesManyStepIgAndItsOutputIsLinearInTheScale() throws IOException {
    XdnnDemo.Report r = XdnnDemo.run(xdnn, twin, input, Options.NONE);
    assertTrue(r.relativeDifference() < 1e-4, "fast vs 128-step IG: " + r.relativeDifference());
    assertTrue(r.xdnn().rSquared() > 0.999, "X-DNN R2 " + r.xdnn().rSquared());
    assertTrue(r.xdnn().homogeneous(1e-4), r.xdnn().worst());
    assertTrue(r.fast().completeness().holds(1e-4), r.fast().completeness().toString());
    assertEquals(128, r.reference().settings().steps());
    assertTrue(r.fastTime().toNanos() > 0 && r.referenceTime().toNanos() > 0);
    // The twin has biases: F(a x) != a F(x).
    assertTrue(r.twin().maxRelativeError() > 1e-3, "twin " + r.twin().maxRelativeError());
    BufferedImage plot = ImageIO.read(new ByteArrayInputStream(XdnnDemo.homogeneityPlot(r)));
    assertEquals(Plots.CHART_W, plot.getWidth());
    // What is plotted: F(a x) of both networks at the scales, and the lines a F(x) dashed.
    Plots.Chart k = XdnnDemo.homogeneityChart(r);
    assertEquals(4, k.series().size());
    Plots.Series measured = k.series().get(0);
    assertArrayEquals(r.xdnn().scales(), measured.xs());
    assertArrayEquals(r.xdnn().outputs(), measured.ys());
    assertTrue(measured.markers() && !measured.dashed());
    assertTrue(measured.name().startsWith("X-DNN f(a\u00b7x), R\u00b2 "), measured.name());
    Plots.Series line = k.series().get(1);
    assertTrue(line.dashed());
    assertArrayEquals(new double[] {0, 1}, line.xs());
    assertEquals(r.xdnn().expected()[r.xdnn().expected().length - 1], line.ys()[1], 1e-9);
    assertArrayEquals(r.twin().outputs(), k.series().get(2).ys());
    assertTrue(k.yMin() <= 0 && k.yMax() >= line.ys()[1], k.toString());
    Canvas drawn = XdnnDemo.drawMaps(r, Options.NONE);
    BufferedImage maps = ImageIO.read(new ByteArrayInputStream(drawn.png()));
    assertTrue(maps.getWidth() > 4 * 128, "four panels");
    PictureChecks.textLaidOut("maps", maps, drawn.textBoxes());
    // No times in the picture: made twice, it is the same picture.
    assertArrayEquals(drawn.png(), XdnnDemo.maps(r, Options.NONE));
    // Fast IG refuses the twin: it is not homogeneous.
    AttribException e =
        assertThrows(AttribException.class, () -> XdnnDemo.run(twin, twin, input, Options.NONE));
    assertTrue(e.getMessage().contains("homogeneous"), e.getMessage());
  }
}
