package dev.attrib.cli;

import dev.attrib.fixtures.DemoModels;
import dev.attrib.model.Manifest;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.TextLines;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

  /** The {@code --input} name that means standard input. */
  static final String STDIN = "-";

  /**
   * What a batch file gave: the inputs, how a batch's output line names each (null: as the modality
   * shows it), and one message per line or record that gave no input. Problems count as failed
   * inputs: the batch goes on, reports them at the end and exits 2.
   */
  record Read(List<String> inputs, List<String> names, List<String> problems) {
    Read {
      inputs = List.copyOf(inputs);
      names = java.util.Collections.unmodifiableList(new ArrayList<>(names));
      problems = List.copyOf(problems);
    }

    static Read of(List<String> inputs, List<String> problems) {
      return new Read(inputs, java.util.Collections.nCopies(inputs.size(), null), problems);
    }

    /** Inputs and problems together: how many inputs the file held. */
    int total() {
      return inputs.size() + problems.size();
    }
  }

  static boolean isStdin(Path file) {
    return file.toString().equals(STDIN);
  }

  /** How messages name a batch file. */
  static String source(Path file) {
    return isStdin(file) ? "standard input" : file.toString();
  }

  /** The bytes of a batch file, or of standard input for {@code -}; one clear error otherwise. */
  static byte[] bytes(Path file, InputStream stdin) {
    try {
      if (isStdin(file)) {
        return stdin.readAllBytes();
      }
      if (Files.isDirectory(file)) {
        throw new AttribException(file + ": is a folder, not a file of inputs");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new AttribException(file + ": no such input file");
    } catch (IOException e) {
      throw new AttribException(source(file) + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * The non-blank lines of a batch file ({@code -}: standard input), decoded line by line: a line
   * that is not UTF-8 is a problem naming its number, and the others still count.
   */
  static Read lines(Path file, InputStream stdin) {
    List<String> inputs = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (TextLines.Line l : TextLines.of(bytes(file, stdin))) {
      if (!l.ok()) {
        problems.add(source(file) + ":" + l.number() + ": " + l.error());
      } else if (!l.text().isBlank()) {
        inputs.add(l.text());
      }
    }
    return Read.of(inputs, problems);
  }

  /**
   * Fails when nothing succeeded ({@code failures} has one message per failed input, of {@code
   * total}): a lone input's message as it is; for several, every failure is printed, then the run
   * fails with "all N inputs failed".
   */
  static void requireSome(PrintWriter err, List<String> failures, int total) {
    if (failures.isEmpty() || failures.size() < total) {
      return;
    }
    if (failures.size() == 1) {
      throw new AttribException(failures.get(0));
    }
    for (String f : failures) {
      err.println("attrib: " + Terminal.oneLine(f));
    }
    throw new AttribException("all " + failures.size() + " inputs failed");
  }

  /**
   * Checks that {@code file} can be written as {@code format} ({@link Output#check}: its folder
   * exists, it is no folder, standard output can take it), before any work; {@code option} names
   * the option in the message.
   */
  static void requireWritable(Path file, String option, String format, Stdout stdout) {
    try {
      Output.check(file, format, stdout);
    } catch (AttribException e) {
      throw new AttribException(e.getMessage() + " (" + option + ")", e.exitCode(), e);
    }
  }

  /** Fails when two of the given output files are the same file. */
  static void requireDistinct(Map<String, Path> files) {
    Map<Path, String> seen = new HashMap<>();
    for (Map.Entry<String, Path> e : files.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      String before = seen.put(e.getValue().toAbsolutePath().normalize(), e.getKey());
      if (before != null) {
        throw new AttribException(
            before + " and " + e.getKey() + " name the same file: " + e.getValue());
      }
    }
  }

  /** Prints the failures after the results; the exit code: ok, or 2 when any input failed. */
  static int report(PrintWriter err, List<String> failures, int total) {
    return report(err, failures, total, "written");
  }

  /** As above; {@code done} says what happened to the others ("written", "evaluated"). */
  static int report(PrintWriter err, List<String> failures, int total, String done) {
    for (String f : failures) {
      err.println("attrib: " + Terminal.oneLine(f));
    }
    if (failures.isEmpty()) {
      return Errors.OK;
    }
    err.println(
        "attrib: " + failures.size() + " of " + total + " inputs failed; the others were " + done);
    return Errors.USAGE;
  }
}
