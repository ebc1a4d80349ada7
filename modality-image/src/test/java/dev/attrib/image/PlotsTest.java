package dev.attrib.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.spi.AttribException;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.style.Styler;

/**
 * The XChart plots: what a picture must show (axes, a legend, a title), checked by a few pixels
 * that do not depend on glyph shapes, and the same picture from run to run.
 */
class PlotsTest {
  private static final double[] XS = {0, 0.25, 0.5, 0.75, 1};

  /** Two lines hugging the bottom of the plot, so only the legend puts colour up top. */
  private static Plots.Chart low() {
    return new Plots.Chart(
        "Deletion to black",
        "share of pixels removed",
        "score",
        List.of(
            new Plots.Series(
                "IG, AUC 0.170",
                XS,
                new double[] {0.1, 0.05, 0, 0.05, 0.1},
                Plots.BLUE,
                false,
                false),
            new Plots.Series(
                "random order, AUC 0.509",
                XS,
                new double[] {0.12, 0.1, 0.08, 0.1, 0.12},
                Plots.ORANGE,
                true,
                true)),
        0,
        1,
        0,
        1);
  }

  @Test
  void aChartHasAxesATitleAndALegendInTheEmptyCorner() {
    assertEquals(Styler.LegendPosition.InsideNE, Plots.legendCorner(low()));
    BufferedImage img = Plots.image(List.of(low()));
    assertEquals(Plots.CHART_W, img.getWidth());
    assertEquals(Plots.CHART_H, img.getHeight());
    // Axes: the plot's frame gives a dark line across most of the width and of the height.
    int w = Plots.CHART_W;
    int h = Plots.CHART_H;
    int longestRow = 0;
    for (int y = 0; y < h; y++) {
      longestRow = Math.max(longestRow, PictureChecks.longestDarkRun(img, y, false, 170, 0, w));
    }
    int longestColumn = 0;
    for (int x = 0; x < w; x++) {
      longestColumn =
          Math.max(longestColumn, PictureChecks.longestDarkRun(img, x, true, 170, 0, w));
    }
    assertTrue(longestRow > w * 0.7, "no x axis: longest dark row " + longestRow);
    assertTrue(longestColumn > h * 0.6, "no y axis: longest dark column " + longestColumn);
    // The legend: both series' colours in the top-right quarter, where no data line goes.
    Rectangle topRight = new Rectangle(w / 2, 30, w / 2, h / 3);
    assertTrue(PictureChecks.count(img, topRight, Plots.BLUE, 40) > 10, "legend: no IG line");
    assertTrue(PictureChecks.count(img, topRight, Plots.ORANGE, 40) > 10, "legend: no random");
    assertTrue(PictureChecks.dark(img, topRight, 110) > 20, "legend: no text");
    // The title: ink above the plot; tick labels left of it and under it.
    assertTrue(PictureChecks.dark(img, new Rectangle(w / 4, 0, w / 2, 24), 110) > 20, "title");
    assertTrue(PictureChecks.dark(img, new Rectangle(0, 30, 60, h - 90), 110) > 20, "y labels");
    assertTrue(PictureChecks.dark(img, new Rectangle(60, h - 50, w - 60, 50), 110) > 20, "x");
  }

  @Test
  void theLegendAvoidsTheData() {
    double[] rising = {0, 0.6, 0.8, 0.9, 1};
    Plots.Chart insertion =
        new Plots.Chart(
            "Insertion",
            "x",
            "y",
            List.of(new Plots.Series("IG", XS, rising, Plots.BLUE, false, false)),
            0,
            1,
            0,
            1);
    assertEquals(Styler.LegendPosition.InsideSE, Plots.legendCorner(insertion));
    double[] line = {0, 0.25, 0.5, 0.75, 1};
    Plots.Chart diagonal =
        new Plots.Chart(
            "Homogeneity",
            "a",
            "f",
            List.of(new Plots.Series("X-DNN", XS, line, Plots.BLUE, false, true)),
            0,
            1,
            0,
            1);
    Styler.LegendPosition p = Plots.legendCorner(diagonal);
    assertTrue(
        p == Styler.LegendPosition.InsideSE || p == Styler.LegendPosition.InsideNW, p.toString());
  }

  @Test
  void chartsSitSideBySideAndArePaintedTheSameEveryTime() {
    byte[] a = Plots.png(List.of(low(), low()));
    byte[] b = Plots.png(List.of(low(), low()));
    assertArrayEquals(a, b);
    BufferedImage img = PictureChecks.decode(a);
    assertEquals(2 * Plots.CHART_W, img.getWidth());
    // The second chart is the first one moved right.
    for (int y = 0; y < img.getHeight(); y += 7) {
      for (int x = 0; x < Plots.CHART_W; x += 5) {
        assertEquals(img.getRGB(x, y), img.getRGB(x + Plots.CHART_W, y), x + "," + y);
      }
    }
    assertThrows(AttribException.class, () -> Plots.png(List.of()));
  }

  @Test
  void fittedRangesTicksAndLabels() {
    Plots.Chart k =
        Plots.Chart.fitted(
            "t",
            "x",
            "y",
            List.of(
                new Plots.Series("s", XS, new double[] {-0.3, 2, 7.4, 9.8, 1}, 0, false, false)),
            0,
            1);
    assertEquals(-2.5, k.yMin(), 1e-12, "ticks of 2.5 for a range of 10.1");
    assertEquals(10, k.yMax(), 1e-12);
    assertEquals("0", Plots.number(0));
    assertEquals("0.2", Plots.number(0.2000000001));
    assertEquals("\u22120.5", Plots.number(-0.5), "a real minus sign");
    assertEquals("1.5e-4", Plots.number(1.5e-4));
    assertThrows(
        AttribException.class,
        () -> new Plots.Series("s", new double[] {0, 1}, new double[] {0}, 0, false, false));
  }
}
