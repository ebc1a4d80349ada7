package dev.attrib.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.model.Manifest;
import dev.attrib.spi.AttribException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding, channel conversion, scaling, resizing and cropping, lists, and bad files. */
class ImageFilesTest {
  @TempDir Path dir;

  private static BufferedImage halves(int w, int h, int left, int right) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, x < w / 2 ? left : right);
      }
    }
    return img;
  }

  @Test
  void pngIsDecodedExactlyIntoChannelsAndScaled() throws IOException {
    BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, 0xff8000);
    img.setRGB(1, 0, 0x0000ff);
    Pixels p = ImageFiles.load(TinyModels.png(dir, "a.png", img), ImageSpec.defaults());
    assertEquals(3, p.channels());
    assertArrayEquals(
        new float[] {1f, 0f, 128 / 255f, 0f, 0f, 1f}, p.data(), 1e-7f, "[C,H,W] in [0,1]");
    // scale 1: raw 8-bit values; one channel: BT.601 luma.
    ImageSpec grey =
        new ImageSpec(0, 0, 1, 1, List.of(0.0), List.of(1.0), ImageSpec.Resize.STRETCH);
    Pixels g = ImageFiles.load(dir.resolve("a.png"), grey);
    assertArrayEquals(
        new float[] {(float) (0.299 * 255 + 0.587 * 128), (float) (0.114 * 255)}, g.data(), 1e-3f);
  }

  @Test
  void greyPngBecomesThreeEqualChannels() throws IOException {
    BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setSample(1, 1, 0, 200);
    Pixels p = ImageFiles.load(TinyModels.png(dir, "g.png", img), ImageSpec.defaults());
    for (int c = 0; c < 3; c++) {
      assertEquals(200 / 255f, p.get(c, 1, 1), 1e-6f);
      assertEquals(0f, p.get(c, 0, 0), 0f);
    }
  }

  @Test
  void jpegIsDecodedApproximately() throws IOException {
    BufferedImage img = halves(16, 16, 0x204060, 0xc0a080);
    Path f = dir.resolve("a.jpg");
    assertTrue(ImageIO.write(img, "jpeg", f.toFile()));
    Pixels p = ImageFiles.load(f, ImageSpec.defaults());
    assertEquals(0x20 / 255f, p.get(0, 8, 2), 0.04f);
    assertEquals(0xa0 / 255f, p.get(1, 8, 13), 0.04f);
  }

  @Test
  void stretchResizeAveragesAreasAndKeepsConstantsConstant() throws IOException {
    // 4x2 halves -> 2x1: each output pixel is the mean of its 2x2 block, exactly.
    BufferedImage img = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
    int[] reds = {0, 100, 200, 50, 10, 30, 250, 0};
    for (int i = 0; i < 8; i++) {
      img.setRGB(i % 4, i / 4, reds[i] << 16);
    }
    Pixels p =
        ImageFiles.load(TinyModels.png(dir, "r.png", img), ImageSpec.defaults().withSize(1, 2));
    assertEquals((0 + 100 + 10 + 30) / 4f / 255f, p.get(0, 0, 0), 1e-6f);
    assertEquals((200 + 50 + 250 + 0) / 4f / 255f, p.get(0, 0, 1), 1e-6f);

    Pixels constant = new Pixels(1, 5, 7, filled(35, 0.3f));
    for (int[] size : new int[][] {{2, 3}, {11, 13}, {5, 2}}) {
      Pixels r = Resampling.resize(constant, size[0], size[1]);
      for (float v : r.data()) {
        assertEquals(0.3f, v, 1e-6f);
      }
    }
  }

  @Test
  void enlargingInterpolatesBetweenPixelCentres() {
    Pixels p = new Pixels(1, 1, 2, new float[] {0f, 1f});
    Pixels r = Resampling.resize(p, 1, 4);
    // Output centres at source x = -0.25, 0.25, 0.75, 1.25: clamped, then linear.
    assertArrayEquals(new float[] {0f, 0.25f, 0.75f, 1f}, r.data(), 1e-6f);
  }

  @Test
  void centerCropKeepsTheAspectRatioAndTheMiddle() throws IOException {
    // 12x4: left third red, middle green, right third blue; to 4x4 centre-crop: all green.
    BufferedImage img = new BufferedImage(12, 4, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 12; x++) {
        img.setRGB(x, y, x < 4 ? 0xff0000 : x < 8 ? 0x00ff00 : 0x0000ff);
      }
    }
    ImageSpec crop =
        new ImageSpec(4, 4, 3, 255, List.of(0.0), List.of(1.0), ImageSpec.Resize.CENTER_CROP);
    Pixels p = ImageFiles.load(TinyModels.png(dir, "c.png", img), crop);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        assertEquals(0f, p.get(0, y, x), 0f);
        assertEquals(1f, p.get(1, y, x), 0f);
      }
    }
    ImageSpec stretch =
        new ImageSpec(4, 4, 3, 255, List.of(0.0), List.of(1.0), ImageSpec.Resize.STRETCH);
    Pixels s = ImageFiles.load(dir.resolve("c.png"), stretch);
    assertTrue(s.get(0, 0, 0) > 0.9f, "stretch keeps the red third");
  }

  @Test
  void corruptUnsupportedAndMissingFilesNameTheFile() throws IOException {
    Path junk = dir.resolve("junk.png");
    Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    AttribException e = assertThrows(AttribException.class, () -> ImageFiles.read(junk));
    assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());

    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "not an image");
    e = assertThrows(AttribException.class, () -> ImageFiles.read(text));
    assertTrue(e.getMessage().startsWith(text.toString()), e.getMessage());

    // A PNG cut in half: the header is fine, the data is not.
    byte[] good =
        Files.readAllBytes(TinyModels.png(dir, "ok.png", TinyModels.randomImage(40, 40, 1)));
    Path cut = dir.resolve("cut.png");
    Files.write(cut, Arrays.copyOf(good, good.length / 2));
    e = assertThrows(AttribException.class, () -> ImageFiles.read(cut));
    assertTrue(
        e.getMessage().contains("cut.png") && e.getMessage().contains("corrupt"), e.getMessage());

    e = assertThrows(AttribException.class, () -> ImageFiles.read(dir.resolve("nope.png")));
    assertTrue(e.getMessage().contains("nope.png"), e.getMessage());
  }

  @Test
  void listsAFolderOrAListFile() throws IOException {
    TinyModels.png(dir, "b.png", TinyModels.randomImage(2, 2, 1));
    TinyModels.png(dir, "a.PNG", TinyModels.randomImage(2, 2, 2));
    ImageIO.write(TinyModels.randomImage(2, 2, 3), "jpeg", dir.resolve("c.jpg").toFile());
    Files.writeString(dir.resolve("readme.txt"), "x");
    TinyModels.png(dir.resolve("sub"), "z.png", TinyModels.randomImage(2, 2, 4));
    List<Path> files = ImageFiles.list(dir);
    assertEquals(
        List.of("a.PNG", "b.png", "c.jpg"),
        files.stream().map(p -> p.getFileName().toString()).toList());

    Path list = dir.resolve("batch.txt");
    Files.writeString(list, "# two images\nb.png\n\n  sub/z.png  \n");
    assertEquals(
        List.of(dir.resolve("b.png").toAbsolutePath(), dir.resolve("sub/z.png").toAbsolutePath()),
        ImageFiles.list(list));

    Files.writeString(list, "b.png\nmissing.png\n");
    AttribException e = assertThrows(AttribException.class, () -> ImageFiles.list(list));
    assertEquals(list + ":2: no such image file 'missing.png'", e.getMessage());
    Path empty = Files.createDirectory(dir.resolve("empty"));
    assertThrows(AttribException.class, () -> ImageFiles.list(empty));
  }

  @Test
  void aListingGoesOnPastLinesThatNameNoImage() throws IOException {
    TinyModels.png(dir, "b.png", TinyModels.randomImage(2, 2, 1));
    Path list = dir.resolve("batch.txt");
    byte[] latin1 = "caf\u00e9.png\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    Files.write(
        list,
        concat("missing.png\nb.png\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), latin1));
    ImageFiles.Listing l = ImageFiles.listing(list);
    assertEquals(List.of(dir.resolve("b.png").toAbsolutePath()), l.images());
    assertEquals(
        List.of(
            list + ":1: no such image file 'missing.png'",
            list + ":3: not UTF-8 text (byte 0xe9 at byte 4 of the line)"),
        l.problems());
    // Standard input: relative paths from the working folder, or the base given.
    ImageFiles.Listing in =
        ImageFiles.listing(
            "b.png\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), "standard input", dir);
    assertEquals(List.of(dir.resolve("b.png")), in.images());
    Files.writeString(list, "# nothing\n");
    assertThrows(AttribException.class, () -> ImageFiles.listing(list));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void manifestKeysAreReadAndCheckedNamingTheFileAndKey() throws IOException {
    Path m = dir.resolve("m");
    Files.createDirectories(m);
    write(
        m,
        "\"size\": [24, 32], \"channels\": 3, \"scale\": 1, \"mean\": [1, 2, 3],"
            + " \"std\": 2, \"resize\": \"center-crop\"");
    ImageSpec s = ImageSpec.of(Manifest.read(m, ImageSpec.KEYS));
    assertEquals(24, s.height());
    assertEquals(32, s.width());
    assertEquals(255.0, s.max(), 0);
    assertEquals(List.of(2.0, 2.0, 2.0), s.std());
    assertEquals(ImageSpec.Resize.CENTER_CROP, s.resize());
    assertEquals((10 - 2) / 2f, s.normalize(1, 10), 0f);

    for (String[] bad :
        new String[][] {
          {"\"channels\": 2", "channels"},
          {"\"mean\": [0.1, 0.2]", "mean"},
          {"\"std\": [0, 1, 1]", "std"},
          {"\"size\": [32]", "size"},
          {"\"size\": [32.5, 3]", "size"},
          {"\"resize\": \"squash\"", "squash"},
          {"\"scale\": \"big\"", "scale"}
        }) {
      write(m, bad[0]);
      AttribException e =
          assertThrows(AttribException.class, () -> ImageSpec.of(Manifest.read(m, ImageSpec.KEYS)));
      assertTrue(
          e.getMessage().contains("attrib.json") && e.getMessage().contains(bad[1]),
          e.getMessage());
    }
    write(m, "\"sise\": [2, 2]");
    AttribException e = assertThrows(AttribException.class, () -> Manifest.read(m, ImageSpec.KEYS));
    assertTrue(e.getMessage().contains("sise"), e.getMessage());
  }

  private static void write(Path m, String keys) throws IOException {
    Files.writeString(
        m.resolve("attrib.json"),
        "{\"modality\": \"image\", \"format\": \"djl\", \"block\": \"x.Y\", " + keys + "}");
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    Arrays.fill(a, v);
    return a;
  }

  /** Mean absolute difference of two images' RGB, in 0..1. */
  private static double difference(BufferedImage a, BufferedImage b) {
    double sum = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff)) / 255.0;
        }
      }
    }
    return sum / (3.0 * a.getWidth() * a.getHeight());
  }

  @Test
  void aCmykJpegIsDecodedInItsOwnColours() throws IOException {
    // shape-3.png saved by ImageMagick as a CMYK JPEG (quality 95). The JDK's reader alone turned
    // it into other colours, and the demo CNN's score for it fell from 0.99 to 0.85.
    Path cmyk = dir.resolve("shape-3-cmyk.jpg");
    try (var in = ImageFilesTest.class.getResourceAsStream("shape-3-cmyk.jpg")) {
      Files.copy(in, cmyk);
    }
    BufferedImage png = ImageFiles.read(Path.of("../examples/shape-3.png"));
    BufferedImage jpeg = ImageFiles.read(cmyk);
    assertEquals(png.getWidth(), jpeg.getWidth());
    double d = difference(png, jpeg);
    assertTrue(d < 0.02, "mean RGB difference " + d);
  }

  @Test
  void anImageFarSmallerThanTheModelsIsRefusedNotStretched() throws IOException {
    Path one = TinyModels.png(dir, "one.png", TinyModels.randomImage(1, 1, 1));
    AttribException e =
        assertThrows(AttribException.class, () -> ImageFiles.load(one, ImageSpec.rgb(32, 32)));
    assertEquals(
        one
            + ": the image is 1×1 pixels, too small for a model that takes 32×32: at least 8×8 (a"
            + " quarter of each side), or most pixels would be made up by resampling",
        e.getMessage());
    // A quarter of each side is still taken; so is any image without a fixed model size.
    Path eight = TinyModels.png(dir, "eight.png", TinyModels.randomImage(8, 8, 1));
    assertEquals(32, ImageFiles.load(eight, ImageSpec.rgb(32, 32)).width());
    assertEquals(1, ImageFiles.load(one, ImageSpec.defaults()).width());
    Path thin = TinyModels.png(dir, "thin.png", TinyModels.randomImage(7, 64, 1));
    assertThrows(AttribException.class, () -> ImageFiles.load(thin, ImageSpec.rgb(32, 32)));
  }
}
