package dev.attrib.cli;

import dev.attrib.spi.AttribException;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folder {@code attrib report --out DIR} writes, whole or not at all.
 *
 * <pre>{@code
 * try (ReportFolder f = ReportFolder.open(Path.of("report"))) {   // checked and staged now
 *   f.write("index.html", page);
 *   f.write("figure-2/shape-0.png", png);
 *   f.commit();               // without it, close() leaves DIR as it was
 * }
 * }</pre>
 *
 * <p>Decisions, in the spirit of {@link Output} for single files:
 *
 * <ul>
 *   <li>Everything is written into a hidden sibling, {@code .DIR.HEX.part}, created when the folder
 *       is opened (so a parent that cannot be written fails before any model loads), and renamed to
 *       {@code DIR} by {@link #commit()} once the whole report is there. A failure, Ctrl-C or
 *       {@code kill} deletes the sibling (the shutdown hook of {@link Output.TempFiles}); {@code
 *       DIR} never holds half a report that looks whole.
 *   <li>{@code DIR} may be new, an empty folder (replaced by the report), or a report written
 *       before: a folder holding the marker file {@value #MARKER}, which every report carries. Such
 *       a folder is replaced as a whole: the old one is renamed aside, the new one into place, and
 *       only then is the old one deleted. Any other existing folder is refused: attrib never mixes
 *       its files into a folder of yours or deletes files it did not write.
 *   <li>A symbolic link to a folder is followed: the link stays, its target is replaced. A file,
 *       device, FIFO, dangling link or missing parent folder is refused, in one line, exit 2.
 * </ul>
 */
final class ReportFolder implements AutoCloseable {

  /** The file that marks a folder as a report attrib may replace. */
  static final String MARKER = ".attrib-report";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path named;
  private final Path target;
  private final Path staging;
  private boolean committed;

  private ReportFolder(Path named, Path target, Path staging) {
    this.named = named;
    this.target = target;
    this.staging = staging;
  }

  /** Checks {@code dir} as the class comment says and creates the staging folder beside it. */
  static ReportFolder open(Path dir) {
    Path target = resolve(dir);
    check(dir, target);
    Path parent = target.getParent();
    Path staging = parent.resolve("." + target.getFileName() + "." + hex() + ".part");
    Output.TempFiles.add(staging);
    try {
      Files.createDirectory(staging);
    } catch (IOException e) {
      Output.TempFiles.forget(staging);
      throw new AttribException(
          dir + ": cannot write the report beside it, in " + parent + ": " + reason(e), e);
    }
    return new ReportFolder(dir, target, staging);
  }

  /** The folder the report's files are written to until {@link #commit()}. */
  Path staging() {
    return staging;
  }

  /** Writes {@code bytes} to {@code name}, a relative path inside the report. */
  void write(String name, byte[] bytes) {
    Path file = staging.resolve(name).normalize();
    if (!file.startsWith(staging) || file.equals(staging)) {
      throw new IllegalArgumentException("not a file inside the report: " + name);
    }
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new AttribException(
          named + ": cannot write " + name + ": " + reason(e), AttribException.RUNTIME, e);
    }
  }

  /**
   * Marks the staged folder as a report and puts it in place of {@code DIR} (see the class
   * comment).
   */
  void commit() {
    write(MARKER, "written by attrib report; attrib may replace this folder\n".getBytes());
    try {
      if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) && isReport(target)) {
        Path old = target.resolveSibling("." + target.getFileName() + "." + hex() + ".old");
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        try {
          Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
          throw e;
        }
        committed = true;
        Output.TempFiles.forget(staging);
        deleteTree(old);
      } else {
        // rename(2) replaces an empty folder and fails on anything else, so a folder that was
        // filled since the check is not lost.
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
        Output.TempFiles.forget(staging);
      }
    } catch (DirectoryNotEmptyException | FileAlreadyExistsException e) {
      throw new AttribException(
          named + ": the folder was filled while the report was made; nothing was replaced", e);
    } catch (IOException e) {
      throw new AttribException(
          named + ": cannot put the report in place: " + reason(e), AttribException.RUNTIME, e);
    }
  }

  /** Deletes the staged folder unless it was committed. */
  @Override
  public void close() {
    if (!committed) {
      deleteTree(staging);
      Output.TempFiles.forget(staging);
    }
  }

  /** {@code dir} with symbolic links followed; a dangling link is refused. */
  private static Path resolve(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    if (abs.getFileName() == null) {
      throw new AttribException(dir + ": give a folder to write the report into, not /");
    }
    if (Files.isSymbolicLink(abs)) {
      try {
        return abs.toRealPath();
      } catch (NoSuchFileException e) {
        throw new AttribException(dir + ": a symbolic link to nothing; give a folder", e);
      } catch (IOException e) {
        throw new AttribException(dir + ": cannot follow the link: " + reason(e), e);
      }
    }
    return abs;
  }

  private static void check(Path named, Path target) {
    Path parent = target.getParent();
    if (!Files.isDirectory(parent)) {
      throw new AttribException(named + ": the folder " + parent + " does not exist");
    }
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new AttribException(named + ": " + reason(e), e);
    }
    if (!a.isDirectory()) {
      throw new AttribException(
          named + ": exists and is not a folder; give a new folder for the report");
    }
    if (!isEmpty(named, target) && !isReport(target)) {
      throw new AttribException(
          named
              + ": a folder that is neither empty nor an earlier report (no "
              + MARKER
              + " file); give a new or empty folder, attrib does not mix the report into other"
              + " files");
    }
  }

  private static boolean isReport(Path dir) {
    return Files.isRegularFile(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS);
  }

  private static boolean isEmpty(Path named, Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      throw new AttribException(named + ": cannot read the folder: " + reason(e), e);
    }
  }

  /** Deletes a folder and everything in it, without following links; best effort. */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> all = s.sorted((x, y) -> y.getNameCount() - x.getNameCount()).toList();
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Best effort: a leftover hidden folder is named in no message, but harms nothing.
    }
  }

  private static String hex() {
    byte[] b = new byte[4];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
