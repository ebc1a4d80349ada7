package dev.attrib.cli;

import dev.attrib.image.ImageFiles;
import dev.attrib.spi.AttribException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The images of the image commands that take no other modality ({@code compare}, {@code xdnn},
 * {@code eval image} reads the same way): files and folders on the command line, plus {@code
 * --input FOLDER|LIST}. A folder gives its PNG/JPEG files sorted by name; a list file one path per
 * line ({@link ImageFiles#list}).
 */
final class ImageInputs {

  @Parameters(
      paramLabel = "IMAGE",
      arity = "0..*",
      description = "Image files (PNG, JPEG) or folders of them.")
  List<String> images = new ArrayList<>();

  @Option(
      names = "--input",
      paramLabel = "FOLDER|LIST",
      description =
          "More images: those of a folder (sorted by name), or a file listing one per line"
              + " (- for standard input).")
  Path input;

  /**
   * Every image, in order, and the list lines that name none (failed inputs, reported at the end);
   * none at all is an error.
   */
  Batch.Read read(InputStream stdin) {
    Batch.Read r = expand(images, input, stdin);
    if (r.total() == 0) {
      throw new AttribException("no input: give image files, folders or --input FOLDER|LIST");
    }
    return r;
  }

  /**
   * Folders among {@code given} become their images; then those of {@code inputFile}, if any (a
   * folder, a list file, or {@code -} for a list on standard input).
   */
  static Batch.Read expand(List<String> given, Path inputFile, InputStream stdin) {
    List<String> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String in : given) {
      Path p = Path.of(in);
      if (Files.isDirectory(p)) {
        ImageFiles.list(p).forEach(f -> out.add(f.toString()));
      } else {
        out.add(in);
      }
    }
    if (inputFile != null) {
      ImageFiles.Listing l = listing(inputFile, stdin);
      l.images().forEach(f -> out.add(f.toString()));
      problems.addAll(l.problems());
    }
    return Batch.Read.of(out, problems);
  }

  /** The images of a folder or list file, or of a list on standard input ({@code -}). */
  static ImageFiles.Listing listing(Path folderOrList, InputStream stdin) {
    if (Batch.isStdin(folderOrList)) {
      return ImageFiles.listing(Batch.bytes(folderOrList, stdin), Batch.source(folderOrList), null);
    }
    return ImageFiles.listing(folderOrList);
  }
}
