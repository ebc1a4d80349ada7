package dev.attrib.spark;

import dev.attrib.image.ImageFiles;
import dev.attrib.molecule.MoleculeReader;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.TextLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The records of a batch file or folder, read on the driver the way the plain CLI reads them for
 * the same modality, so {@code attrib batch} and {@code attrib molecule --input} see the same
 * molecules, lines and images, and the same unreadable ones.
 *
 * <pre>{@code
 * BatchInputs.Read r = BatchInputs.read(Path.of("library.sdf"), "library.sdf", "molecule");
 * r.records();    // (source, record number, input) for every molecule that could be read
 * r.problems();   // (source, record number, message) for every one that could not
 * }</pre>
 *
 * <ul>
 *   <li>{@code molecule}: {@link MoleculeReader} (SMILES, CSV/TSV with a {@code smiles} column,
 *       SDF/MOL; an invalid SMILES is a problem naming file, line, id and text).
 *   <li>{@code image}: {@link ImageFiles#listing}: a folder's images sorted by name, or a list file
 *       of paths (a line naming no file is a problem).
 *   <li>anything else (text, translation, plugins): the non-blank lines, each decoded alone ({@link
 *       TextLines}: a line that is not UTF-8 is a problem and the others count).
 * </ul>
 *
 * <p>A folder, except for images, is read file by file in name order (subfolders and hidden files
 * skipped), as Spark writes its output folders. Record numbers count from 1 within each file: lines
 * for text, molecules for molecule files, images for image lists.
 */
final class BatchInputs {
  private BatchInputs() {}

  /** One input to explain. */
  record Record(String source, int record, String input) {}

  /** One record that could not be read; it becomes an error row. */
  record Problem(String source, int record, String message) {}

  record Read(List<Record> records, List<Problem> problems) {
    int total() {
      return records.size() + problems.size();
    }
  }

  /**
   * The records of {@code path} (a file or a folder), named {@code source} in messages (e.g.
   * "standard input" for a copy of it), for the modality {@code modality}.
   */
  static Read read(Path path, String source, String modality) {
    List<Record> records = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    if (modality.equals("image")) {
      ImageFiles.Listing l =
          source.equals(path.toString())
              ? ImageFiles.listing(path)
              : ImageFiles.listing(bytes(path, source), source, null);
      int n = 0;
      for (Path p : l.images()) {
        records.add(new Record(source, ++n, p.toString()));
      }
      for (String m : l.problems()) {
        problems.add(new Problem(source, ++n, m));
      }
      return new Read(records, problems);
    }
    List<Path> files = Files.isDirectory(path) ? files(path) : List.of(path);
    for (Path f : files) {
      String name = files.size() == 1 && !Files.isDirectory(path) ? source : f.toString();
      if (modality.equals("molecule")) {
        MoleculeReader.Batch b =
            name.equals(f.toString())
                ? MoleculeReader.read(f)
                : MoleculeReader.read(bytes(f, name), name, null);
        for (MoleculeReader.Record r : b.records()) {
          records.add(new Record(name, r.number(), r.input()));
        }
        for (MoleculeReader.Problem p : b.problems()) {
          problems.add(new Problem(name, p.number(), p.message()));
        }
      } else {
        for (TextLines.Line l : TextLines.of(bytes(f, name))) {
          if (!l.ok()) {
            problems.add(new Problem(name, l.number(), name + ":" + l.number() + ": " + l.error()));
          } else if (!l.text().isBlank()) {
            records.add(new Record(name, l.number(), l.text()));
          }
        }
      }
    }
    if (records.isEmpty() && problems.isEmpty()) {
      throw new AttribException(source + ": no input in it (no non-blank line or record)");
    }
    return new Read(records, problems);
  }

  private static List<Path> files(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files =
          s.filter(Files::isRegularFile)
              .filter(
                  p -> {
                    String n = p.getFileName().toString();
                    return !n.startsWith(".") && !n.startsWith("_");
                  })
              .sorted()
              .toList();
      if (files.isEmpty()) {
        throw new AttribException(dir + ": no input files in this folder");
      }
      return files;
    } catch (IOException e) {
      throw new AttribException(dir + ": cannot list the folder: " + e.getMessage(), e);
    }
  }

  private static byte[] bytes(Path file, String source) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new AttribException(source + ": cannot read: " + e.getMessage(), e);
    }
  }
}
