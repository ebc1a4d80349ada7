package dev.attrib.cli;

import dev.attrib.image.ImageEncoding;
import dev.attrib.image.ImageFiles;
import dev.attrib.image.ImageModality;
import dev.attrib.image.ImagePng;
import dev.attrib.image.SideBySide;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Encoding;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Modality;
import dev.attrib.spi.Options;
import dev.attrib.spi.Renderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code attrib image examples/shape-3.png --baseline blur --steps 64 --out row.png}: the pixels
 * that carried the label. Prints the summary line; {@code --out FILE.png} also writes the
 * side-by-side row (image, IG heat map, overlay, gradient×image). Default model: the built-in
 * shapes CNN.
 *
 * <p>Batches: image files, folders (their PNG/JPEG files, sorted by name) and {@code --input
 * FOLDER|LIST} (a folder, or a file of image paths one per line) with a progress bar; {@code
 * --out-dir DIR} writes one row per image, {@code DIR/<image name>-row.png} (a name seen twice gets
 * {@code -2}, {@code -3}, ...).
 *
 * <p>Steps are adaptive by default ({@link ImageModality#defaultSettings()}: from 50, doubled until
 * the relative completeness delta is at most 1%); {@code --steps} alone means fixed steps.
 */
@Command(
    name = "image",
    sortOptions = false,
    description = {
      "Explain an image classifier's prediction per pixel.",
      "Steps are adaptive unless --steps is given: from 50, doubled until the completeness delta"
          + " is at most 1%% (or --tolerance)."
    })
final class ImageCommand extends AttributingCommand {

  @Option(
      names = "--out-dir",
      paramLabel = "DIR",
      description = "Also write each image's side-by-side row as DIR/<name>-row.png (batches).")
  Path outDir;

  private final Set<String> written = new HashSet<>();

  @Override
  String modalityName() {
    return "image";
  }

  /** Folders among the inputs become their image files. */
  @Override
  List<String> expand(List<String> inputs) {
    return ImageInputs.expand(inputs, null, null).inputs();
  }

  /**
   * The row view is the IG paper's Figure 2: image | IG | IG overlay | gradient×image. The renderer
   * alone has one explanation (three panels), so the gradient×image one is made here, on the same
   * class.
   */
  @Override
  <E extends Encoding> byte[] render(Renderer<E> renderer, Explanation<E> e, Options options) {
    if (renderer.format().equals("png")
        && options.get("view", "row").equals("row")
        && e.rows().size() == 1
        && e.attribution().targetIndex() >= 0
        && explainer.modality() instanceof ImageModality image) {
      Explainer<ImageEncoding> images = new Explainer<>(image, explainer.model());
      return ImagePng.row(SideBySide.of(images, e.as(ImageEncoding.class), settings), options);
    }
    return renderer.render(e, options);
  }

  /** A picture's line does not name its file; in a batch the file name starts the line. */
  @Override
  String label(String name) {
    return Terminal.oneLine(name) + ": ";
  }

  /**
   * A folder's images, or a list's ({@code -}: standard input, paths from the working folder); a
   * list line naming no image is a failed input, reported at the end.
   */
  @Override
  Batch.Read readInputs(Path file) {
    ImageFiles.Listing l = ImageInputs.listing(file, attrib.stdin());
    return Batch.Read.of(l.images().stream().map(Path::toString).toList(), l.problems());
  }

  /** The --out-dir folder must be there before the first image is explained, not after it. */
  @Override
  void check(int inputs) {
    if (outDir == null) {
      return;
    }
    if (!Files.isDirectory(outDir)) {
      throw new AttribException(outDir + ": the --out-dir folder does not exist");
    }
    if (!Files.isWritable(outDir)) {
      throw new AttribException(outDir + ": cannot write into the --out-dir folder");
    }
  }

  @Override
  <E extends Encoding> void after(
      Explanation<E> e, Modality<E> modality, Options renderOptions, int index, int total) {
    if (outDir == null) {
      return;
    }
    String name = Path.of(e.encoded().input()).getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String file = stem + "-row.png";
    for (int n = 2; !written.add(file); n++) {
      file = stem + "-" + n + "-row.png";
    }
    byte[] png = render(modality.renderer("png"), e, renderOptions);
    try (Output o = Output.open(outDir.resolve(file), "png", attrib.stdout())) {
      o.write(png);
      o.commit();
    }
  }
}
