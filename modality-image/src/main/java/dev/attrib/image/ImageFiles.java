package dev.attrib.image;

import dev.attrib.spi.AttribException;
import dev.attrib.spi.TextLines;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reading image files and lists of them.
 *
 * <pre>{@code
 * Pixels p = ImageFiles.load(Path.of("examples/shape-3.png"), ImageSpec.rgb(32, 32));
 * List<Path> batch = ImageFiles.list(Path.of("examples"));     // a folder, or a list file
 * }</pre>
 *
 * <p>PNG and JPEG are the supported formats; the JDK's other ImageIO readers (BMP, GIF, TIFF) work
 * too. JPEGs are read by TwelveMonkeys' ImageIO plugin ({@code imageio-jpeg}, which registers
 * itself ahead of the JDK's reader): CMYK and YCCK JPEGs, as print workflows save them, come out in
 * their own colours with their ICC profile applied, where the JDK's reader gave other colours (or
 * none) without a word. A missing, corrupt or unsupported file gives an {@link AttribException}
 * naming the file.
 */
public final class ImageFiles {
  private ImageFiles() {}

  /** File name endings {@link #list} picks up in a folder. */
  public static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

  static {
    // No temporary files: decoding happens in memory.
    ImageIO.setUseCache(false);
  }

  /** Decodes {@code file}. */
  public static BufferedImage read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new AttribException(file + ": no such image file");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        throw new AttribException(file + ": cannot open the image file");
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new AttribException(file + ": not an image in a supported format (PNG or JPEG)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        BufferedImage img = reader.read(0);
        if (img == null || img.getWidth() < 1 || img.getHeight() < 1) {
          throw new AttribException(file + ": the image is empty");
        }
        return img;
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new AttribException(
          file + ": corrupt or truncated image (" + firstLine(e.getMessage()) + ")", e);
    } catch (RuntimeException e) {
      if (e instanceof AttribException) {
        throw e;
      }
      // Some decoders fail on malformed data with unchecked exceptions.
      throw new AttribException(file + ": corrupt image (" + e + ")", e);
    }
  }

  /**
   * How many times a side may be enlarged to the model's size. Beyond it most of the pixels the
   * model sees would be made up by resampling (a 1×1 image stretched to 32×32 is one colour), and
   * the attribution would be of the resampler's invention; such an image is refused, naming both
   * sizes. Shrinking is not limited: it keeps what it shows.
   */
  public static final int MAX_UPSCALE = 4;

  /**
   * Decodes {@code file} and fits it to {@code spec}: channels and scale, then the size and resize
   * mode when the spec fixes a size. The result is in scaled space (before mean and std). An image
   * more than {@link #MAX_UPSCALE} times smaller than the spec's size along a side is refused.
   */
  public static Pixels load(Path file, ImageSpec spec) {
    BufferedImage img = read(file);
    if (spec.fixedSize()
        && ((long) img.getHeight() * MAX_UPSCALE < spec.height()
            || (long) img.getWidth() * MAX_UPSCALE < spec.width())) {
      throw new AttribException(
          file
              + ": the image is "
              + img.getWidth()
              + "×"
              + img.getHeight()
              + " pixels, too small for a model that takes "
              + spec.width()
              + "×"
              + spec.height()
              + ": at least "
              + ceilDiv(spec.width(), MAX_UPSCALE)
              + "×"
              + ceilDiv(spec.height(), MAX_UPSCALE)
              + " (a quarter of each side), or most pixels would be made up by resampling");
    }
    Pixels p = Pixels.of(img, spec.channels(), spec.scale());
    return spec.fixedSize() ? Resampling.fit(p, spec.height(), spec.width(), spec.resize()) : p;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /**
   * The images of a batch: the image files of a folder ({@link #EXTENSIONS}, any case; sorted by
   * name; subfolders ignored), or the lines of a list file (one path per line, relative paths taken
   * from the list file's folder, blank lines and lines starting with {@code #} skipped). Every
   * listed file must exist; an empty batch is an error. For a batch that goes on past a bad line,
   * use {@link #listing(Path)}.
   */
  public static List<Path> list(Path folderOrListFile) {
    Listing l = listing(folderOrListFile);
    if (!l.problems().isEmpty()) {
      throw new AttribException(l.problems().get(0));
    }
    return l.images();
  }

  /**
   * The images of a batch, and the lines of its list that name none.
   *
   * @param images the images, in folder (name) or list order
   * @param problems one message per list line that names no image file or is not UTF-8 text, {@code
   *     LIST:LINE: ...}; always empty for a folder
   */
  public record Listing(List<Path> images, List<String> problems) {
    public Listing {
      images = List.copyOf(images);
      problems = List.copyOf(problems);
    }
  }

  /**
   * As {@link #list}, except that a list line naming a missing file, or not UTF-8, is a problem of
   * the listing rather than an error: a batch goes on past a bad input and reports it at the end. A
   * missing list file or folder, or one that names nothing at all, is still an error.
   */
  public static Listing listing(Path folderOrListFile) {
    if (Files.isDirectory(folderOrListFile)) {
      List<Path> out = new ArrayList<>();
      try (Stream<Path> s = Files.list(folderOrListFile)) {
        s.filter(Files::isRegularFile)
            .filter(ImageFiles::isImageName)
            .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
            .forEach(out::add);
      } catch (IOException e) {
        throw new AttribException(folderOrListFile + ": cannot list the folder: " + e, e);
      }
      if (out.isEmpty()) {
        throw new AttribException(
            folderOrListFile + ": no image files (" + String.join(", ", EXTENSIONS) + ") here");
      }
      return new Listing(out, List.of());
    }
    if (!Files.isRegularFile(folderOrListFile)) {
      throw new AttribException(folderOrListFile + ": no such folder or list file");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(folderOrListFile);
    } catch (IOException e) {
      throw new AttribException(
          folderOrListFile + ": cannot read the list file (one image path per line)", e);
    }
    return listing(
        bytes, folderOrListFile.toString(), folderOrListFile.toAbsolutePath().getParent());
  }

  /**
   * The images a list names, one path per line ({@link #list}), from {@code content} (e.g. standard
   * input) named {@code source} in messages; relative paths are taken from {@code base} (null: the
   * working folder).
   */
  public static Listing listing(byte[] content, String source, Path base) {
    List<Path> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (TextLines.Line l : TextLines.of(content)) {
      if (!l.ok()) {
        problems.add(source + ":" + l.number() + ": " + l.error());
        continue;
      }
      String line = l.text().strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Path p;
      try {
        p = Path.of(line);
      } catch (InvalidPathException e) {
        problems.add(source + ":" + l.number() + ": not a file name: '" + line + "'");
        continue;
      }
      if (!p.isAbsolute() && base != null) {
        p = base.resolve(p).normalize();
      }
      if (!Files.isRegularFile(p)) {
        problems.add(source + ":" + l.number() + ": no such image file '" + line + "'");
        continue;
      }
      out.add(p);
    }
    if (out.isEmpty() && problems.isEmpty()) {
      throw new AttribException(source + ": the list names no images");
    }
    return new Listing(out, problems);
  }

  static boolean isImageName(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(n::endsWith);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no detail";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s.strip() : s.substring(0, nl).strip();
  }
}
