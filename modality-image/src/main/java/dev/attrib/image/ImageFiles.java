package dev.attrib.image;

import dev.attrib.spi.AttribException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * too. A missing, corrupt or unsupported file gives an {@link AttribException} naming the file.
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
   * Decodes {@code file} and fits it to {@code spec}: channels and scale, then the size and resize
   * mode when the spec fixes a size. The result is in scaled space (before mean and std).
   */
  public static Pixels load(Path file, ImageSpec spec) {
    Pixels p = Pixels.of(read(file), spec.channels(), spec.scale());
    return spec.fixedSize() ? Resampling.fit(p, spec.height(), spec.width(), spec.resize()) : p;
  }

  /**
   * The images of a batch: the image files of a folder ({@link #EXTENSIONS}, any case; sorted by
   * name; subfolders ignored), or the lines of a list file (one path per line, relative paths taken
   * from the list file's folder, blank lines and lines starting with {@code #} skipped). Every
   * listed file must exist; an empty batch is an error.
   */
  public static List<Path> list(Path folderOrListFile) {
    List<Path> out = new ArrayList<>();
    if (Files.isDirectory(folderOrListFile)) {
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
      return List.copyOf(out);
    }
    if (!Files.isRegularFile(folderOrListFile)) {
      throw new AttribException(folderOrListFile + ": no such folder or list file");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(folderOrListFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AttribException(
          folderOrListFile + ": cannot read the list file (one image path per line)", e);
    }
    Path base = folderOrListFile.toAbsolutePath().getParent();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Path p = Path.of(line);
      if (!p.isAbsolute() && base != null) {
        p = base.resolve(p).normalize();
      }
      if (!Files.isRegularFile(p)) {
        throw new AttribException(
            folderOrListFile + ", line " + (i + 1) + ": no such image file '" + line + "'");
      }
      out.add(p);
    }
    if (out.isEmpty()) {
      throw new AttribException(folderOrListFile + ": the list names no images");
    }
    return List.copyOf(out);
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
