package dev.attrib.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.ig.Activation;
import dev.attrib.ig.Target;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deletion, insertion and keep-top on a toy model whose answer is known: logit 0 is {@code 10 ·
 * mean(red of the top-left 4x4 block) − 5}, logit 1 is 0, and the block is pure red, so class 0's
 * probability is {@code sigmoid(10 · kept/16 − 5)} with {@code kept} the block pixels still there.
 */
class CurvesTest {
  private static LoadedModel model;
  private static Path file;
  private static final Target CLASS0 = Target.index(0).on(Activation.SOFTMAX);

  @BeforeAll
  static void setUp(@TempDir Path dir) throws IOException {
    model = TinyModels.keyRegion(dir.resolve("key"));
    BufferedImage img = TinyModels.randomImage(8, 8, 4);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        // The block is full red; elsewhere red stays below full.
        img.setRGB(x, y, y < 4 && x < 4 ? 0xff0000 | (rgb & 0xffff) : (rgb & 0x7fffff));
      }
    }
    file = TinyModels.png(dir, "key.png", img);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  private static ImageEncoding encoded() {
    return new ImageModality().encode(file.toString(), model, Options.NONE);
  }

  /** 1 on the block, 0 elsewhere: the true importance. */
  private static double[] oracle() {
    double[] s = new double[64];
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        s[y * 8 + x] = 1;
      }
    }
    return s;
  }

  @Test
  void curvesFollowTheKnownAnswer() {
    PixelCurves.Settings s =
        new PixelCurves.Settings(PixelCurves.Substrate.BLACK, PixelCurves.Substrate.BLACK, 8, 0, 5);
    PixelCurves.Curves c = PixelCurves.measure(model, encoded(), oracle(), CLASS0, s);
    double[] del = new double[9];
    double[] ins = new double[9];
    for (int i = 0; i <= 8; i++) {
      int changed = Math.min(16, 8 * i); // 8 pixels per step, the block first
      del[i] = sigmoid(10.0 * (16 - changed) / 16 - 5);
      ins[i] = sigmoid(10.0 * changed / 16 - 5);
    }
    assertArrayEquals(del, c.deletion().scores(), 1e-5);
    assertArrayEquals(ins, c.insertion().scores(), 1e-5);
    assertArrayEquals(
        new double[] {0, .125, .25, .375, .5, .625, .75, .875, 1}, c.deletion().fractions(), 0);
    double auc = 0;
    for (int i = 1; i <= 8; i++) {
      auc += (del[i - 1] + del[i]) / 2 / 8;
    }
    assertEquals(auc, c.deletion().auc(), 1e-6);
  }

  @Test
  void theTrueOrderBeatsARandomOneAndThePredictedTargetIsFixedOnTheIntactImage() {
    PixelCurves.Settings s =
        PixelCurves.Settings.defaults().withSubstrate(PixelCurves.Substrate.BLACK);
    PixelCurves.Curves good = PixelCurves.measure(model, encoded(), oracle(), CLASS0, s);
    PixelCurves.Curves rnd =
        PixelCurves.measure(model, encoded(), PixelCurves.randomScores(64, 3), CLASS0, s);
    assertTrue(good.deletion().auc() < rnd.deletion().auc() - 0.1, good + " vs " + rnd);
    assertTrue(good.insertion().auc() > rnd.insertion().auc() + 0.1, good + " vs " + rnd);
    // "Predicted" resolves to class 0 on the intact image, not on the black start of insertion.
    PixelCurves.Curves pred =
        PixelCurves.measure(model, encoded(), oracle(), Target.predicted(Activation.SOFTMAX), s);
    assertArrayEquals(good.insertion().scores(), pred.insertion().scores(), 1e-7);
    // Blur: a different substrate changes the deletion end point.
    PixelCurves.Curves blur =
        PixelCurves.measure(
            model, encoded(), oracle(), CLASS0, s.withSubstrate(PixelCurves.Substrate.BLUR));
    assertTrue(blur.deletion().scores()[32] > good.deletion().scores()[32]);
    assertThrows(
        AttribException.class,
        () -> PixelCurves.measure(model, encoded(), new double[3], CLASS0, s));
  }

  @Test
  void keepTopKeepsTheClassOnlyWhenTheEvidenceIsKept() {
    List<KeepTop.Result> r =
        KeepTop.test(
            model,
            encoded(),
            oracle(),
            0,
            Activation.SOFTMAX,
            new double[] {0.25, 0.1},
            PixelCurves.Substrate.BLACK);
    assertEquals(16, r.get(0).keptPixels());
    assertTrue(r.get(0).correct());
    assertEquals(sigmoid(5), r.get(0).expectedScore(), 1e-5);
    assertEquals(6, r.get(1).keptPixels());
    assertFalse(r.get(1).correct());
    assertEquals(1, r.get(1).predicted());
    assertEquals(sigmoid(10.0 * 6 / 16 - 5), r.get(1).expectedScore(), 1e-5);
  }

  @Test
  void evaluationOfIgOnTheToyBeatsRandomAndPlots() throws IOException {
    ImageModality image = new ImageModality();
    Explanation<ImageEncoding> e =
        new Explainer<>(image, model).explain(file.toString(), ExplainSettings.defaults());
    assertEquals(0, e.attribution().targetIndex());
    ImageEval.Result r = ImageEval.evaluate(model, e, ImageEval.Settings.defaults());
    assertTrue(r.beatsRandom(), r.toString());
    // IG's top 16 pixels are the block: the only pixels with a gradient.
    assertTrue(r.keepTop().get(2).correct(), "20% kept: " + r.keepTop());
    ImageEval.Summary sum = ImageEval.summarize(List.of(r, r));
    assertEquals(r.method().deletion().auc(), sum.deletionAuc(), 1e-12);
    assertEquals(1.0, sum.keepAccuracy()[2], 0);
    BufferedImage plot = ImageIO.read(new ByteArrayInputStream(ImageEval.plot(r)));
    assertEquals(2 * Plots.CHART_W, plot.getWidth());
    assertEquals(Plots.CHART_H, plot.getHeight());
    // What is plotted: the attribution's curve and the random order's (dashed), AUCs in the legend.
    List<Plots.Chart> charts = ImageEval.charts(r);
    assertEquals("Deletion to black", charts.get(0).title());
    assertEquals("Insertion into blur", charts.get(1).title());
    Plots.Series ig = charts.get(0).series().get(0);
    assertEquals(
        String.format(java.util.Locale.ROOT, "attribution, AUC %.3f", r.method().deletion().auc()),
        ig.name());
    assertArrayEquals(r.method().deletion().scores(), ig.ys());
    assertArrayEquals(r.method().deletion().fractions(), ig.xs());
    Plots.Series random = charts.get(1).series().get(1);
    assertTrue(random.dashed() && random.name().startsWith("random order, AUC "), random.name());
    assertArrayEquals(r.random().insertion().scores(), random.ys());
  }

  /**
   * The random row is measured like a method: its curves are those of the seeded random order, and
   * the mean curve of two results has, by linearity of the trapezoid rule, the mean of their AUCs.
   */
  @Test
  void theRandomRowAndTheMeanCurves() throws IOException {
    ImageModality image = new ImageModality();
    Explanation<ImageEncoding> e =
        new Explainer<>(image, model).explain(file.toString(), ExplainSettings.defaults());
    ImageEval.Settings s = ImageEval.Settings.defaults();
    ImageEval.Result ig = ImageEval.evaluate(model, e, s);
    ImageEval.Result random = ImageEval.evaluateRandom(model, e, s);
    assertEquals(ig.random().deletion().auc(), random.method().deletion().auc(), 1e-12);
    assertEquals(ig.random().insertion().auc(), random.method().insertion().auc(), 1e-12);
    assertEquals(s.keepFractions().length, random.keepTop().size());
    PixelCurves.Curve mean = ImageEval.mean(List.of(ig, random), true);
    assertEquals(
        (ig.method().deletion().auc() + random.method().deletion().auc()) / 2, mean.auc(), 1e-12);
    java.util.Map<String, List<ImageEval.Result>> byMethod =
        new java.util.LinkedHashMap<>(java.util.Map.of("ig", List.of(ig)));
    BufferedImage plot =
        ImageIO.read(new ByteArrayInputStream(ImageEval.meanPlot(byMethod, List.of(random))));
    assertEquals(2 * Plots.CHART_W, plot.getWidth());
    List<Plots.Chart> charts = ImageEval.meanCharts(byMethod, List.of(random));
    assertEquals("Deletion to black, mean of 1 image", charts.get(0).title());
    assertEquals("share of pixels inserted, most attributed first", charts.get(1).xLabel());
    List<Plots.Series> del = charts.get(0).series();
    assertEquals(2, del.size(), "one line per method, then the random row");
    assertTrue(del.get(0).name().startsWith("IG, AUC "), del.get(0).name());
    assertArrayEquals(ig.method().deletion().scores(), del.get(0).ys());
    assertArrayEquals(random.method().deletion().scores(), del.get(1).ys());
    assertTrue(del.get(1).dashed() && !del.get(0).dashed());
    assertEquals(0, charts.get(0).xMin(), 0);
    assertEquals(1, charts.get(0).xMax(), 0);
  }
}
