package dev.attrib.cli;

import dev.attrib.fixtures.DemoModels;
import dev.attrib.model.Manifest;
import dev.attrib.spi.AttribException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * What the commands share around a run: which model folder, and how a batch's failures end it. A
 * batch goes on past a bad input; it fails as a whole only when every input failed, and otherwise
 * lists the failures after the results and exits 2.
 */
final class Batch {
  private Batch() {}

  /**
   * The model folder: {@code given}, or the built-in demo model of {@code modality}, checked to be
   * for that modality; {@code note} goes in parentheses after the error, e.g. the option that named
   * the folder (null: none).
   */
  static Path modelFolder(Path given, String modality, String note) {
    Path dir = given != null ? given : DemoModels.forModality(modality);
    String declared = Manifest.peekModality(dir);
    if (!declared.equals(modality)) {
      throw new AttribException(
          dir
              + ": the model is for modality '"
              + declared
              + "', not "
              + modality
              + (note == null ? "" : " (" + note + ")"));
    }
    return dir;
  }

  /** The non-blank lines of a batch file; a missing or unreadable file is one clear error. */
  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .filter(l -> !l.isBlank())
          .toList();
    } catch (NoSuchFileException e) {
      throw new AttribException(file + ": no such input file");
    } catch (MalformedInputException e) {
      throw new AttribException(file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new AttribException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Fails when nothing succeeded: {@code failures} has one message per failed input. */
  static void requireSome(List<String> failures, int total) {
    if (!failures.isEmpty() && failures.size() >= total) {
      throw new AttribException(
          "all " + failures.size() + " inputs failed; the first: " + failures.get(0));
    }
  }

  /** Prints the failures after the results; the exit code: ok, or 2 when any input failed. */
  static int report(PrintWriter err, List<String> failures, int total) {
    for (String f : failures) {
      err.println("attrib: " + Terminal.oneLine(f));
    }
    if (failures.isEmpty()) {
      return Errors.OK;
    }
    err.println(
        "attrib: " + failures.size() + " of " + total + " inputs failed; the others were written");
    return Errors.USAGE;
  }
}
