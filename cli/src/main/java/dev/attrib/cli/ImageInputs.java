package dev.attrib.cli;

import dev.attrib.image.ImageFiles;
import dev.attrib.spi.AttribException;
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
          "More images: those of a folder (sorted by name), or a file listing one per line.")
  Path input;

  /** Every image, in order; none at all is an error. */
  List<String> all() {
    List<String> out = expand(images, input);
    if (out.isEmpty()) {
      throw new AttribException("no input: give image files, folders or --input FOLDER|LIST");
    }
    return out;
  }

  /** Folders among {@code given} become their images; then those of {@code inputFile}, if any. */
  static List<String> expand(List<String> given, Path inputFile) {
    List<String> out = new ArrayList<>();
    for (String in : given) {
      Path p = Path.of(in);
      if (Files.isDirectory(p)) {
        ImageFiles.list(p).forEach(f -> out.add(f.toString()));
      } else {
        out.add(in);
      }
    }
    if (inputFile != null) {
      ImageFiles.list(inputFile).forEach(f -> out.add(f.toString()));
    }
    return out;
  }
}
