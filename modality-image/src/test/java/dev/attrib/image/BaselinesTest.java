package dev.attrib.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.ig.Attribution;
import dev.attrib.ig.MethodSettings;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Baseline;
import dev.attrib.spi.Options;
import dev.attrib.spi.Tensor;
import dev.attrib.spi.Unit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every baseline's construction, the units, and the per-pixel summary. */
class BaselinesTest {
  private static final ImageSpec SPEC =
      new ImageSpec(
          4, 5, 3, 255, List.of(0.4, 0.5, 0.6), List.of(0.2, 0.25, 0.5), ImageSpec.Resize.STRETCH);
  private final ImageModality image = new ImageModality();

  @TempDir Path dir;

  private static Pixels random(long seed) {
    Random r = new Random(seed);
    float[] v = new float[3 * 4 * 5];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextFloat();
    }
    return new Pixels(3, 4, 5, v);
  }

  private static ImageEncoding enc(Pixels p) {
    return ImageModality.encode("test.png", p, SPEC, "sum");
  }

  /** The baseline sample(s) back in scaled space. */
  private List<Pixels> scaled(String name, ImageEncoding e, Options o, long seed) {
    return image.baseline(name).create(e, null, o, seed).stream()
        .map(s -> new Pixels(3, 4, 5, SPEC.denormalize(s.get(0).floats(), 4, 5)))
        .toList();
  }

  @Test
  void encodingNormalisesAndListsPixelsRowMajor() {
    Pixels p = random(1);
    ImageEncoding e = enc(p);
    Tensor t = e.tensors().get(0).value();
    assertEquals(ImageModality.INPUT, e.tensors().get(0).name());
    assertArrayEquals(new long[] {3, 4, 5}, t.shape());
    assertEquals((p.get(2, 3, 1) - 0.6) / 0.5, t.get((2 * 4 + 3) * 5 + 1), 1e-6);
    assertEquals(20, e.units().size());
    assertEquals(new Unit(7, "pixel", "1,2", -1, -1), e.units().get(7));
  }

  @Test
  void blackIsZeroInPixelSpaceSoMinusMeanOverStdAfterNormalisation() {
    List<Tensor> s = image.baseline("black").create(enc(random(1)), null, Options.NONE, 0).get(0);
    float[] v = s.get(0).floats();
    for (int c = 0; c < 3; c++) {
      double want = (0 - SPEC.mean().get(c)) / SPEC.std().get(c);
      for (int i = 0; i < 20; i++) {
        assertEquals(want, v[c * 20 + i], 1e-6);
      }
    }
    assertEquals("black", image.baselines().get(0).name(), "black is the default");
  }

  @Test
  void whiteIsTheTopOfTheRange() {
    for (float v : scaled("white", enc(random(1)), Options.NONE, 0).get(0).data()) {
      assertEquals(1f, v, 1e-6f);
    }
  }

  @Test
  void uniformIsSeededAndInRange() {
    ImageEncoding e = enc(random(1));
    Options three = Options.of(Map.of("samples", "3"));
    List<Pixels> a = scaled("uniform", e, three, 5);
    assertEquals(3, a.size());
    assertEquals(a, scaled("uniform", e, three, 5), "same seed, same baseline");
    assertNotEquals(a.get(0), scaled("uniform", e, three, 6).get(0));
    assertNotEquals(a.get(0), a.get(1), "samples differ");
    double mean = 0;
    for (float v : a.get(0).data()) {
      assertTrue(v >= 0 && v <= 1, "in range: " + v);
      mean += v / 60;
    }
    assertEquals(0.5, mean, 0.15);
  }

  @Test
  void gaussianIsTheInputPlusClippedNoiseWithSettableSigma() {
    Pixels x = random(2);
    ImageEncoding e = enc(x);
    Pixels small = scaled("gaussian", e, Options.of(Map.of("sigma", "0.01")), 1).get(0);
    Pixels big = scaled("gaussian", e, Options.NONE, 1).get(0);
    double dSmall = 0;
    double dBig = 0;
    for (int i = 0; i < 60; i++) {
      dSmall += Math.abs(small.data()[i] - x.data()[i]) / 60;
      dBig += Math.abs(big.data()[i] - x.data()[i]) / 60;
      // Clipped in pixel space; the round trip through mean/std costs float round-off only.
      assertTrue(big.data()[i] >= -1e-6 && big.data()[i] <= 1 + 1e-6, "clipped to the range");
    }
    assertTrue(dSmall < 0.015, "sigma 0.01 stays close: " + dSmall);
    assertTrue(dBig > 0.15, "the default sigma (0.5 of the range) moves far: " + dBig);
    assertThrows(
        AttribException.class, () -> scaled("gaussian", e, Options.of(Map.of("sigma", "-1")), 1));
  }

  @Test
  void blurOfAConstantImageIsTheImageAndBlurSmoothsOtherwise() {
    float[] v = new float[60];
    java.util.Arrays.fill(v, 0.37f);
    Pixels flat = new Pixels(3, 4, 5, v);
    for (String sigma : new String[] {"0.5", "1", "3"}) {
      Pixels b = scaled("blur", enc(flat), Options.of(Map.of("sigma", sigma)), 0).get(0);
      for (float f : b.data()) {
        assertEquals(0.37f, f, 1e-5f);
      }
    }
    Pixels x = random(3);
    Pixels b = scaled("blur", enc(x), Options.of(Map.of("sigma", "1")), 0).get(0);
    assertTrue(variance(b.data()) < variance(x.data()) / 2, "blur removes detail");
    // Exact check of one value against a direct sum (border pixels repeated).
    double[] k = new double[7];
    double ks = 0;
    for (int i = -3; i <= 3; i++) {
      k[i + 3] = Math.exp(-0.5 * i * i);
      ks += k[i + 3];
    }
    double want = 0;
    for (int dy = -3; dy <= 3; dy++) {
      for (int dx = -3; dx <= 3; dx++) {
        int yy = Math.max(0, Math.min(3, 1 + dy));
        int xx = Math.max(0, Math.min(4, 2 + dx));
        want += k[dy + 3] / ks * k[dx + 3] / ks * x.get(1, yy, xx);
      }
    }
    assertEquals(want, b.get(1, 1, 2), 1e-5);
  }

  @Test
  void maxDistanceIsAtTheOppositeEndOfTheRangePerValue() {
    Pixels x = random(4);
    Pixels m = scaled("max-distance", enc(x), Options.NONE, 0).get(0);
    double l1 = 0;
    for (int i = 0; i < 60; i++) {
      float want = x.data()[i] < 0.5f ? 1f : 0f;
      assertEquals(want, m.data()[i], 1e-6f);
      l1 += Math.abs(m.data()[i] - x.data()[i]);
    }
    // No image in [0,1]^n is farther in L1: each coordinate is at its farthest end.
    double best = 0;
    for (float f : x.data()) {
      best += Math.max(f, 1 - f);
    }
    assertEquals(best, l1, 1e-4);
  }

  @Test
  void imageAndDistributionBaselinesTakeTheirParameterInTheName() throws IOException {
    Path a = TinyModels.png(dir.resolve("d"), "a.png", TinyModels.randomImage(10, 8, 1));
    TinyModels.png(dir.resolve("d"), "b.png", TinyModels.randomImage(4, 5, 2));
    TinyModels.png(dir.resolve("d"), "c.png", TinyModels.randomImage(4, 5, 3));
    ImageEncoding e = enc(random(5));
    Pixels fromA = scaled("image:" + a, e, Options.NONE, 0).get(0);
    assertEquals(ImageFiles.load(a, SPEC), fromA, "fitted like an input");

    String dist = "distribution:" + dir.resolve("d");
    assertEquals(3, scaled(dist, e, Options.NONE, 0).size());
    List<Pixels> two = scaled(dist, e, Options.of(Map.of("samples", "2")), 9);
    assertEquals(2, two.size());
    assertEquals(two, scaled(dist, e, Options.of(Map.of("samples", "2")), 9), "seeded choice");

    AttribException missing =
        assertThrows(
            AttribException.class,
            () -> scaled("image:" + dir.resolve("x.png"), e, Options.NONE, 0));
    assertTrue(missing.getMessage().contains("x.png"), missing.getMessage());
    assertThrows(AttribException.class, () -> image.baseline("image:"));
  }

  @Test
  void placeholdersAreListedAndExplainTheirParameter() {
    List<String> names = image.baselines().stream().map(Baseline::name).toList();
    assertEquals(
        List.of(
            "black",
            "white",
            "uniform",
            "gaussian",
            "blur",
            "max-distance",
            "image:PATH",
            "distribution:FOLDER"),
        names);
    Baseline<ImageEncoding> p = image.baseline("image:PATH");
    AttribException e =
        assertThrows(AttribException.class, () -> p.create(enc(random(1)), null, Options.NONE, 0));
    assertTrue(e.getMessage().contains("image:"), e.getMessage());
    AttribException unknown = assertThrows(AttribException.class, () -> image.baseline("grey"));
    assertTrue(
        unknown.getMessage().contains("grey") && unknown.getMessage().contains("max-distance"),
        unknown.getMessage());
  }

  @Test
  void summaryIsTheChannelSumOrTheSumOfMagnitudesPerPixel() {
    float[] a = new float[60];
    for (int i = 0; i < 60; i++) {
      a[i] = (i % 2 == 0 ? 1 : -1) * (i + 1) / 10f;
    }
    Attribution att =
        new Attribution(
            List.of("pixels"),
            List.of(Tensor.of(a, 3, 4, 5)),
            "class 0",
            0,
            1,
            null,
            new MethodSettings("test", null, null, null, 1, null, null, null, null));
    double[] sum = image.summarize(enc(random(1)), att).scores();
    assertEquals(a[0] + a[20] + a[40], sum[0], 1e-6);
    assertEquals(a[7] + a[27] + a[47], sum[7], 1e-6);
    assertEquals(att.total(), java.util.Arrays.stream(sum).sum(), 1e-5, "sum keeps completeness");
    ImageEncoding absEnc = ImageModality.encode("x", random(1), SPEC, "abs-sum");
    double[] abs = image.summarize(absEnc, att).scores();
    assertEquals(Math.abs(a[7]) + Math.abs(a[27]) + Math.abs(a[47]), abs[7], 1e-6);
    assertThrows(
        AttribException.class,
        () -> ImageModality.aggregate(Options.of(Map.of("aggregate", "max"))));
  }

  private static double variance(float[] v) {
    double m = 0;
    for (float f : v) {
      m += f / v.length;
    }
    double s = 0;
    for (float f : v) {
      s += (f - m) * (f - m) / v.length;
    }
    return s;
  }
}
