package dev.attrib.cli;

import picocli.CommandLine.Command;

/**
 * {@code attrib image examples/shape-3.png --baseline blur --steps 64}: the pixels that carried the
 * label. Prints the summary line; {@code --out FILE.png} writes the side-by-side row (image, IG
 * heat map, overlay, gradient×image) instead. Default model: the built-in shapes CNN.
 */
@Command(
    name = "image",
    sortOptions = false,
    description = "Explain an image classifier's prediction per pixel.")
final class ImageCommand extends AttributingCommand {
  @Override
  String modalityName() {
    return "image";
  }
}
