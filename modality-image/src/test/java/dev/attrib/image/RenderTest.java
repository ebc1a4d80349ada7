package dev.attrib.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.attrib.ig.Attribution;
import dev.attrib.ig.Completeness;
import dev.attrib.ig.MethodSettings;
import dev.attrib.render.DivergingScale;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Options;
import dev.attrib.spi.Prediction;
import dev.attrib.spi.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The renderers on a hand-made explanation (no model): golden PNGs compared pixel by pixel outside
 * the text ({@link PictureChecks#golden}), the captions' words, and the JSON and plain formats.
 *
 * <p>To regenerate the goldens after an intended change, run with {@code
 * -Dattrib.golden.update=true} and look at the files in {@code src/test/resources/golden/}.
 */
class RenderTest {
  private static final int H = 6;
  private static final int W = 8;
  private static final ImageSpec SPEC = ImageSpec.rgb(H, W);

  /** A picture with a colour gradient and a bright square. */
  static Pixels picture() {
    float[] v = new float[3 * H * W];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        boolean square = y >= 2 && y < 4 && x >= 3 && x < 6;
        v[y * W + x] = square ? 1f : x / (float) W;
        v[H * W + y * W + x] = square ? 0.9f : y / (float) H;
        v[2 * H * W + y * W + x] = square ? 0.2f : 0.5f;
      }
    }
    return new Pixels(3, H, W, v);
  }

  /** Positive on the square, negative in the bottom-left corner, small noise elsewhere. */
  static float[] attribution(double scale) {
    float[] a = new float[3 * H * W];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        double v = 0.01 * ((x * 7 + y * 3) % 5 - 2);
        if (y >= 2 && y < 4 && x >= 3 && x < 6) {
          v = 0.2 + 0.05 * x;
        }
        if (y >= 4 && x < 2) {
          v = -0.15;
        }
        for (int c = 0; c < 3; c++) {
          a[c * H * W + y * W + x] = (float) (scale * v / 3);
        }
      }
    }
    return a;
  }

  static Explanation<ImageEncoding> explanation(
      String method, float[] a, Completeness c, Integer steps) {
    ImageEncoding e = ImageModality.encode("picture.png", picture(), SPEC, "sum");
    Attribution att =
        new Attribution(
            List.of("pixels"),
            List.of(Tensor.of(a, 3, H, W)),
            "class 3 (softmax)",
            3,
            0.96,
            c,
            new MethodSettings(
                method,
                steps == null ? null : "gausslegendre",
                steps,
                1,
                64,
                null,
                null,
                null,
                null));
    return Explanation.of(
        "image",
        "tiny",
        e,
        new Prediction("triangle", 3, 0.96),
        "triangle",
        "probability",
        att,
        new ImageModality().summarize(e, att),
        null);
  }

  static Explanation<ImageEncoding> ig() {
    // F(x) 0.96, F(x') 0.16, sum 0.8032: delta 0.0032, relative 0.4%.
    return explanation(
        "integrated-gradients", attribution(1), Completeness.of(0.96, 0.16, 0.8032), 64);
  }

  static Explanation<ImageEncoding> gxi() {
    float[] a = attribution(0.5);
    a[0] = 0.3f; // a different map, so the fourth panel is not a copy of the second
    return explanation("gradient-x-input", a, null, null);
  }

  @Test
  void rowWithFourPanels() throws IOException {
    Canvas c = ImagePng.drawRow(new SideBySide(ig(), gxi()), Options.NONE);
    golden("row4", c);
    assertArrayEquals(c.png(), ImagePng.row(new SideBySide(ig(), gxi()), Options.NONE));
  }

  @Test
  void rowWithThreePanelsThroughTheRenderer() throws IOException {
    golden("row3", ImagePng.draw(ig(), Options.NONE));
    assertArrayEquals(
        ImagePng.draw(ig(), Options.NONE).png(),
        new ImageModality().renderer("png").render(ig(), Options.NONE));
  }

  @Test
  void heatMapWithBothSigns() throws IOException {
    golden("heatmap-all", ImagePng.draw(ig(), opts("view", "heatmap", "sign", "all", "zoom", "8")));
  }

  @Test
  void overlayOfPositiveScores() throws IOException {
    golden(
        "overlay-positive",
        ImagePng.draw(ig(), opts("view", "overlay", "sign", "positive", "alpha", "0.8")));
  }

  @Test
  void maskedImageOfNegativeScoresClippedAtTheMedian() throws IOException {
    golden(
        "masked-negative",
        ImagePng.draw(ig(), opts("view", "masked", "sign", "negative", "clip", "50")));
  }

  /** The caption: mixed case, real words, parts joined by a middle dot, wrapped between parts. */
  @Test
  void theCaptionSaysWhatWasExplainedAndHow() {
    ImagePng.Style st = ImagePng.Style.of(Options.NONE);
    assertEquals(
        List.of(
            "triangle 0.96",
            "IG, 64 steps",
            "completeness delta 0.4%",
            "absolute values, clipped at p99"),
        ImagePng.footer(ig(), st));
    Explanation<ImageEncoding> i = ig();
    Explanation<ImageEncoding> blur =
        Explanation.of(
            i.modality(),
            i.model(),
            i.encoded(),
            i.prediction(),
            i.targetLabel(),
            i.on(),
            i.attribution(),
            i.units(),
            "blur");
    assertEquals("IG from blur, 64 steps", ImagePng.footer(blur, st).get(1));
    assertEquals(
        List.of("triangle 0.96", "gradient \u00d7 image", "both signs, clipped at p50"),
        ImagePng.footer(gxi(), ImagePng.Style.of(opts("sign", "all", "clip", "50"))));
    // The four-panel row is wide enough for the caption on two lines, no more: the lines under
    // the panels (96 pixels high from y = 28) that start at the margin.
    Canvas row = ImagePng.drawRow(new SideBySide(ig(), gxi()), Options.NONE);
    long lines = row.textBoxes().stream().filter(b -> b.x == 10 && b.y > 28 + 96).count();
    assertTrue(lines >= 1 && lines <= 2, "caption lines: " + row.textBoxes());
  }

  /** Several methods of one image: a panel each after the image, every delta in the caption. */
  @Test
  void methodsSideBySideHaveAPanelEachAndTheirDeltas() throws IOException {
    ImagePng.Style st = ImagePng.Style.of(Options.NONE);
    List<Explanation<ImageEncoding>> three =
        List.of(explanation("saliency", attribution(2), null, null), ig(), gxi());
    assertEquals(
        List.of(
            "triangle 0.96",
            "saliency: no completeness",
            "IG: delta 0.4%",
            "gradient \u00d7 image: no completeness",
            "each map on its own scale",
            "absolute values, clipped at p99"),
        ImagePng.methodsCaption(three, st));
    // Each further method adds a panel of the image's width (at zoom 32) and a gap.
    int one = width(ImagePng.methods(List.of(ig()), opts("zoom", "32")));
    int all = width(ImagePng.methods(three, opts("zoom", "32")));
    assertEquals(2 * (W * 32 + ImagePng.GAP), all - one);
    assertThrows(AttribException.class, () -> ImagePng.methods(List.of(), Options.NONE));
  }

  private static int width(byte[] png) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(png)).getWidth();
  }

  @Test
  void badRenderOptionsAreRejectedNamingTheValue() {
    for (Map<String, String> bad :
        List.of(
            Map.of("view", "pie"),
            Map.of("sign", "both"),
            Map.of("clip", "0"),
            Map.of("alpha", "2"),
            Map.of("zoom", "1.5"))) {
      AttribException e =
          assertThrows(AttribException.class, () -> ImagePng.render(ig(), Options.of(bad)));
      String value = bad.values().iterator().next();
      assertTrue(e.getMessage().contains(value), e.getMessage());
    }
  }

  @Test
  void heatMapsUseTheSharedScale() throws IOException {
    double[] scores = ig().units().scores();
    for (HeatMaps.Sign sign : HeatMaps.Sign.values()) {
      HeatMaps.Normalized n = HeatMaps.normalize(scores, sign, 99);
      int[] heat = ImagePng.heat(n);
      int[] overlay = ImagePng.overlay(new int[heat.length], n, 1);
      for (int i = 0; i < heat.length; i++) {
        double v = n.value(i);
        double signed = sign == HeatMaps.Sign.NEGATIVE ? -v : v;
        assertEquals(DivergingScale.at(signed).packed(), heat[i], sign + " pixel " + i);
        if (Math.abs(v) == 1) {
          assertEquals(heat[i], overlay[i], "a full-strength overlay is the scale's colour");
        }
      }
    }
    // The picture written carries exactly those colours.
    HeatMaps.Normalized all = HeatMaps.normalize(scores, HeatMaps.Sign.ALL, 99);
    BufferedImage png =
        ImageIO.read(
            new ByteArrayInputStream(
                ImagePng.render(
                    ig(), Options.of(Map.of("view", "heatmap", "sign", "all", "zoom", "1")))));
    Set<Integer> drawn = new HashSet<>();
    for (int y = 0; y < png.getHeight(); y++) {
      for (int x = 0; x < png.getWidth(); x++) {
        drawn.add(png.getRGB(x, y) & 0xffffff);
      }
    }
    for (int c : ImagePng.heat(all)) {
      assertTrue(drawn.contains(c), Integer.toHexString(c));
    }
  }

  /**
   * The colour bar is filled from the same scale as the maps, top (1) to bottom (0, or -1 with both
   * signs), in every sign mode: grey to red, grey to blue for {@code negative}, blue through grey
   * to red for {@code all}.
   */
  @Test
  void theColourBarIsTheSharedScale() {
    int zoom = 8;
    int ph = H * zoom;
    int top = ImagePng.MARGIN + Canvas.textHeight(ImagePng.TITLE) + 4;
    int barX = ImagePng.MARGIN + W * zoom + ImagePng.GAP;
    for (HeatMaps.Sign sign : HeatMaps.Sign.values()) {
      BufferedImage png =
          PictureChecks.decode(
              ImagePng.render(ig(), opts("view", "heatmap", "sign", sign.id(), "zoom", "" + zoom)));
      boolean both = sign == HeatMaps.Sign.ALL;
      // Inside the bar's one-pixel frame, down its middle column.
      for (int i = 1; i < ph - 1; i++) {
        double t = 1 - (double) i / (ph - 1);
        double v = both ? 2 * t - 1 : t;
        double signed = sign == HeatMaps.Sign.NEGATIVE ? -v : v;
        assertEquals(
            DivergingScale.at(signed).packed(),
            png.getRGB(barX + ImagePng.BAR / 2, top + i) & 0xffffff,
            sign + " bar row " + i);
      }
    }
  }

  @Test
  void normalisationClipsAtThePercentileAndHonoursTheSign() {
    double[] s = {-4, -1, 0, 1, 2, 3, 4, 5, 6, 100};
    HeatMaps.Normalized abs = HeatMaps.normalize(s, HeatMaps.Sign.ABSOLUTE, 90);
    assertEquals(6, abs.threshold(), 0, "90th percentile of |s| by nearest rank");
    assertEquals(1, abs.value(9), 0, "the outlier is clipped");
    assertEquals(4 / 6.0, abs.value(0), 1e-12);
    HeatMaps.Normalized neg = HeatMaps.normalize(s, HeatMaps.Sign.NEGATIVE, 100);
    assertEquals(1, neg.value(0), 0);
    assertEquals(0, neg.value(9), 0);
    HeatMaps.Normalized all = HeatMaps.normalize(s, HeatMaps.Sign.ALL, 100);
    assertEquals(-0.04, all.value(0), 1e-12);
    HeatMaps.Normalized pos =
        HeatMaps.normalize(new double[] {0, 0, 0, 2}, HeatMaps.Sign.POSITIVE, 50);
    assertEquals(1, pos.value(3), 0, "a zero percentile falls back to the maximum");
    assertEquals(0, HeatMaps.normalize(new double[4], HeatMaps.Sign.ALL, 99).threshold(), 0);
  }

  @Test
  void jsonHasTheCommonKeysAndAScoreGrid() {
    Explanation<ImageEncoding> i = ig();
    // As the explainer makes it: the explanation carries its baseline's name.
    Explanation<ImageEncoding> e =
        Explanation.of(
            i.modality(),
            i.model(),
            i.encoded(),
            i.prediction(),
            i.targetLabel(),
            i.on(),
            i.attribution(),
            i.units(),
            "blur");
    String line =
        new String(
            new ImageModality().renderer("json").render(e, Options.NONE), StandardCharsets.UTF_8);
    assertFalse(line.contains("\n"), "one line");
    JsonObject o = JsonParser.parseString(line).getAsJsonObject();
    for (String key :
        List.of("modality", "model", "input", "prediction", "target", "method", "completeness")) {
      assertTrue(o.has(key), key);
    }
    assertFalse(o.has("units"), "images give a grid instead of units");
    assertEquals("blur", o.getAsJsonObject("method").get("baseline").getAsString());
    assertEquals(H, o.get("height").getAsInt());
    assertEquals(W, o.get("width").getAsInt());
    JsonArray grid = o.getAsJsonArray("scores");
    assertEquals(H, grid.size());
    assertEquals(W, grid.get(0).getAsJsonArray().size());
    assertEquals(
        e.units().score(2 * W + 4), grid.get(2).getAsJsonArray().get(4).getAsDouble(), 1e-12);
  }

  @Test
  void plainIsOneLine() {
    assertEquals(
        "triangle 0.96   completeness delta 0.4% (64 steps, gausslegendre)\n",
        new String(
            new ImageModality().renderer("plain").render(ig(), Options.NONE),
            StandardCharsets.UTF_8));
    assertEquals("triangle 0.96   (gradient-x-input)", ImageText.plain(gxi()));
  }

  private static Options opts(String... kv) {
    java.util.Map<String, String> m = new java.util.HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return Options.of(m);
  }

  private static void golden(String name, Canvas c) throws IOException {
    PictureChecks.golden(name, c);
  }
}
