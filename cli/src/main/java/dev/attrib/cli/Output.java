package dev.attrib.cli;

import dev.attrib.spi.AttribException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Where a command's result goes: stdout, or a file written whole or not at all.
 *
 * <p>A file is written to a temporary sibling and moved into place only by {@link #commit()}; a
 * failure before that deletes the temporary file, so a half-written result never sits at the user's
 * path looking complete.
 */
final class Output implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Path target;
  private final Path tmp;
  private final OutputStream stream;
  private final PrintWriter writer;
  private boolean committed;

  private Output(Path target, Path tmp, OutputStream stream, PrintWriter writer) {
    this.target = target;
    this.tmp = tmp;
    this.stream = stream;
    this.writer = writer;
  }

  /** Text to the command's stdout writer (binary formats need a file). */
  static Output stdout(PrintWriter out) {
    return new Output(null, null, null, out);
  }

  static Output file(Path target) {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new AttribException(target + ": the folder to write into does not exist");
    }
    if (Files.isDirectory(abs)) {
      throw new AttribException(target + ": is a folder, not a file");
    }
    try {
      // Not Files.createTempFile: that makes the file owner-only (0600), and the result would keep
      // those permissions; a plain CREATE_NEW file gets the user's umask like any other output.
      Path tmp = null;
      OutputStream stream = null;
      for (int tries = 0; stream == null; tries++) {
        tmp =
            dir.resolve(
                "." + abs.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".part");
        try {
          stream =
              Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
          if (tries > 100) {
            throw e;
          }
        }
      }
      return new Output(abs, tmp, stream, null);
    } catch (IOException e) {
      throw new AttribException(target + ": cannot write: " + e.getMessage(), e);
    }
  }

  boolean toFile() {
    return target != null;
  }

  void write(byte[] bytes) {
    if (writer != null) {
      writer.write(new String(bytes, StandardCharsets.UTF_8));
      writer.flush();
      return;
    }
    try {
      stream.write(bytes);
      stream.flush();
    } catch (IOException e) {
      throw new AttribException(
          (target == null ? "stdout" : target) + ": write failed: " + e.getMessage(),
          AttribException.RUNTIME,
          e);
    }
  }

  /** Moves a file result into place; nothing for stdout. */
  void commit() {
    if (target == null) {
      return;
    }
    try {
      stream.close();
      try {
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      committed = true;
    } catch (IOException e) {
      throw new AttribException(
          target + ": cannot write: " + e.getMessage(), AttribException.RUNTIME, e);
    }
  }

  @Override
  public void close() {
    if (target != null && !committed) {
      try {
        stream.close();
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // Best effort: the temporary file is hidden and named .part.
      }
    }
  }
}
