package dev.attrib.cli;

import dev.attrib.spi.AttribException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a command's result goes: standard output or a file, written the way a careful Unix tool
 * writes.
 *
 * <pre>{@code
 * try (Output o = Output.open(Path.of("out.json"), "json", attrib.stdout())) {
 *   o.write(bytes);
 *   o.commit(); // without it, close() leaves what was at out.json (or nothing) untouched
 * }
 * }</pre>
 *
 * <p>What happens depends on what the path names when it is opened:
 *
 * <ul>
 *   <li>{@code -}, or a path that is the process's own standard output ({@code /dev/stdout}, {@code
 *       /proc/self/fd/1}, the file stdout is redirected to): standard output ({@code ./-} is a file
 *       named {@code -}). A binary format (PNG) is refused, in one line and before any work, when
 *       standard output is an interactive terminal, as gzip refuses to write compressed data there:
 *       it would only garble the screen. Redirected or piped ({@code > x.png}, {@code | display})
 *       it is written as it is.
 *   <li>a character or block device, a FIFO or a socket: opened and written directly, as a shell
 *       redirection does (a FIFO's open waits for its reader); no temporary file, no rename, so the
 *       node stays what it is.
 *   <li>a symbolic link (or a chain of them): followed; the link stays a link and its target gets
 *       the result. A dangling link creates its target.
 *   <li>a new file, or an existing regular file: all or nothing. The result goes to a hidden
 *       temporary sibling of the real file, {@code .NAME.HEX.part}, owner-only while it is written,
 *       and {@link #commit()} renames it over the file. An existing file's mode and owner carry
 *       over (the owner where the process may set it); a new file gets the umask. A file with more
 *       than one hard link keeps its inode, since a rename would detach it from its other names:
 *       the finished result is copied into it in place, so only a failure of that copy itself (a
 *       full disk) can leave it partial, and the message then says so.
 *   <li>a folder: an error.
 * </ul>
 *
 * <p>Temporary files are deleted on every exit path: by {@link #close()} without a commit, and by a
 * shutdown hook when the JVM exits early (Ctrl-C, SIGTERM, {@code System.exit}). Only SIGKILL or a
 * crash of the machine can leave one behind. ACLs and extended attributes of a replaced file are
 * not carried over.
 *
 * <p>Errors are {@link AttribException}s naming the path: exit 2 for a path that cannot be used
 * (missing folder, a folder, a terminal for PNG), 1 when writing fails.
 */
final class Output implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Path OWN_STDOUT = Path.of("/proc/self/fd/1");
  private static final int MAX_LINKS = 40;

  /**
   * File names attrib maps to a format: its own formats, plus common ones it never writes, so that
   * {@code --out x.jpg} is refused instead of filled with text.
   */
  private static final Map<String, String> EXTENSIONS =
      Map.ofEntries(
          Map.entry("txt", "plain"),
          Map.entry("text", "plain"),
          Map.entry("html", "html"),
          Map.entry("htm", "html"),
          Map.entry("json", "json"),
          Map.entry("jsonl", "json"),
          Map.entry("ndjson", "json"),
          Map.entry("svg", "svg"),
          Map.entry("png", "png"),
          Map.entry("csv", "csv"),
          Map.entry("tsv", "tsv"),
          Map.entry("jpg", "jpeg"),
          Map.entry("jpeg", "jpeg"),
          Map.entry("gif", "gif"),
          Map.entry("bmp", "bmp"),
          Map.entry("webp", "webp"),
          Map.entry("tif", "tiff"),
          Map.entry("tiff", "tiff"),
          Map.entry("pdf", "pdf"));

  private enum Kind {
    /** A standard stream. */
    STREAM,
    /** A device, FIFO or socket, written as it goes. */
    DIRECT,
    /** A regular file (or none yet), staged in a temporary sibling. */
    STAGED
  }

  private final Kind kind;
  private final Path named;
  private final Stdout stream;
  private final boolean binary;
  private final Path target;
  private final Path tmp;
  private final FileChannel channel;
  private final Set<PosixFilePermission> newFileMode;
  private boolean finished;

  private Output(
      Kind kind,
      Path named,
      Stdout stream,
      boolean binary,
      Path target,
      Path tmp,
      FileChannel channel,
      Set<PosixFilePermission> newFileMode) {
    this.kind = kind;
    this.named = named;
    this.stream = stream;
    this.binary = binary;
    this.target = target;
    this.tmp = tmp;
    this.channel = channel;
    this.newFileMode = newFileMode;
  }

  /**
   * Opens {@code path} for a result in {@code format} (binary: {@code png}); null means {@code
   * stdout}. See the class comment for what each kind of path does.
   */
  static Output open(Path path, String format, Stdout stdout) {
    boolean binary = binary(format);
    if (path == null || namesStdout(path)) {
      return toStream(path, stdout, binary, format);
    }
    PosixFileAttributes attrs = attributes(path);
    if (attrs != null && attrs.isDirectory()) {
      throw new AttribException(path + ": is a folder, not a file");
    }
    if (attrs != null && attrs.isOther()) {
      // The path as given, not a resolved name: the kernel follows /proc's fd links, which do not
      // resolve to names a second open could use.
      return direct(path, binary);
    }
    return staged(path, binary);
  }

  /** Whether {@code format} is binary, so that it cannot go to a terminal or a text writer. */
  static boolean binary(String format) {
    return format.equals("png");
  }

  /**
   * Whether {@code path} means standard output: {@code -}, or the very file descriptor 1 is open on
   * ({@code /dev/stdout}, or the file stdout is redirected to).
   */
  static boolean namesStdout(Path path) {
    if (path == null) {
      return false;
    }
    if (path.toString().equals("-")) {
      return true;
    }
    try {
      return Files.isSameFile(path, OWN_STDOUT);
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  /**
   * The one of {@code files} (option name to path; null paths allowed) that names standard output,
   * or null. Two results cannot share one stream, so two such options are bad usage.
   */
  static String stdoutOption(Map<String, Path> files) {
    List<String> claims = new ArrayList<>();
    files.forEach(
        (option, path) -> {
          if (namesStdout(path)) {
            claims.add(option);
          }
        });
    if (claims.size() > 1) {
      throw new AttribException(
          String.join(" and ", claims)
              + " both name standard output; give all but one of them a file name");
    }
    return claims.isEmpty() ? null : claims.get(0);
  }

  /**
   * The format {@code file}'s name asks for, out of {@code available} (what the command writes);
   * null when the name says nothing (no extension, or one that is no known format). A name that
   * asks for a format the command cannot write is an error, so {@code --out x.png} is never a text
   * file in disguise.
   */
  static String formatFromName(Path file, List<String> available, String what) {
    Path name = file.getFileName();
    String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
    int dot = n.lastIndexOf('.');
    if (dot < 0) {
      return null;
    }
    String format = EXTENSIONS.get(n.substring(dot + 1));
    if (format == null) {
      return null;
    }
    if (!available.contains(format)) {
      throw new AttribException(
          file
              + ": "
              + what
              + " has no "
              + n.substring(dot + 1)
              + " output (it writes "
              + String.join(", ", available)
              + "); give --format, or a file name that ends in one of those");
    }
    return format;
  }

  /** Whether the result goes to a standard stream rather than a file. */
  boolean toStream() {
    return kind == Kind.STREAM;
  }

  /** Appends {@code bytes} to the result. */
  void write(byte[] bytes) {
    try {
      switch (kind) {
        case STREAM -> {
          if (binary) {
            stream.text().flush();
            stream.bytes().write(bytes);
            stream.bytes().flush();
            // System.out is a PrintStream, which keeps a failed write to itself.
            if (stream.bytes() instanceof PrintStream ps && ps.checkError()) {
              throw new IOException("the stream was closed or failed");
            }
          } else {
            stream.text().write(new String(bytes, StandardCharsets.UTF_8));
            stream.text().flush();
            if (stream.text().checkError()) {
              throw new IOException("the stream was closed or failed");
            }
          }
        }
        case DIRECT, STAGED -> {
          ByteBuffer b = ByteBuffer.wrap(bytes);
          while (b.hasRemaining()) {
            channel.write(b);
          }
        }
      }
    } catch (IOException e) {
      throw new AttribException(
          where() + ": write failed: " + e.getMessage(), AttribException.RUNTIME, e);
    }
  }

  /**
   * Finishes the result: a staged file is moved (or, with several hard links, copied) into place; a
   * device or FIFO is closed; a stream is flushed. Until this runs, the user's file is untouched.
   */
  void commit() {
    if (finished) {
      return;
    }
    try {
      switch (kind) {
        case STREAM -> {
          stream.text().flush();
          if (stream.bytes() != null) {
            stream.bytes().flush();
          }
        }
        case DIRECT -> channel.close();
        case STAGED -> {
          channel.force(true);
          channel.close();
          place();
        }
      }
      finished = true;
    } catch (IOException e) {
      throw new AttribException(
          where() + ": cannot write: " + e.getMessage(), AttribException.RUNTIME, e);
    }
  }

  /** Without a commit, deletes the temporary file: the user's path keeps what it had. */
  @Override
  public void close() {
    if (finished) {
      return;
    }
    finished = true;
    if (kind == Kind.STREAM) {
      return;
    }
    discard(channel, tmp);
  }

  /**
   * Closes {@code channel} and deletes {@code tmp} (either may be null), ignoring failures: nothing
   * was promised for an unfinished result, a device or FIFO is closed either way, and the shutdown
   * hook tries the deletion again.
   */
  private static void discard(java.nio.channels.Channel channel, Path tmp) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // See above.
      }
    }
    if (tmp != null) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // See above.
      }
      TempFiles.forget(tmp);
    }
  }

  private String where() {
    return named == null ? "standard output" : named.toString();
  }

  /**
   * Fails as {@link #open} would for a result in {@code format} on {@code stdout} (binary on a
   * terminal), without opening anything: for a file written only after the work.
   */
  static void checkStream(Path named, String format, Stdout stdout) {
    toStream(named, stdout, binary(format), format);
  }

  /**
   * Fails as {@link #open} would for a result in {@code format}, and leaves nothing behind: for a
   * file written only after the work (a side file, a plot), checked before it. A new or regular
   * file gets its temporary sibling created and deleted; a device, FIFO or socket is only checked
   * for write permission, as opening a FIFO would wait for its reader and then hand it an empty
   * result; standard output is checked as {@link #checkStream} does.
   */
  static void check(Path path, String format, Stdout stdout) {
    if (path == null || namesStdout(path)) {
      checkStream(path, format, stdout);
      return;
    }
    PosixFileAttributes attrs = attributes(path);
    if (attrs != null && attrs.isDirectory()) {
      throw new AttribException(path + ": is a folder, not a file");
    }
    if (attrs != null && attrs.isOther()) {
      if (!Files.isWritable(path)) {
        throw new AttribException(path + ": cannot write: permission denied");
      }
      return;
    }
    try (Output probe = staged(path, binary(format))) {
      // Opened and dropped: close() without a commit deletes the temporary file.
    }
  }

  private static Output toStream(Path named, Stdout stdout, boolean binary, String format) {
    String prefix = named == null ? "" : named + ": ";
    if (binary && stdout.terminal()) {
      throw new AttribException(
          prefix
              + format
              + " output is binary and standard output is a terminal; redirect it (> FILE.png)"
              + " or write it to a file");
    }
    if (binary && stdout.bytes() == null) {
      throw new AttribException(
          prefix + format + " output is binary and standard output here takes text only");
    }
    return new Output(Kind.STREAM, named, stdout, binary, null, null, null, null);
  }

  private static Output direct(Path path, boolean binary) {
    try {
      FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE);
      return new Output(Kind.DIRECT, path, null, binary, path, null, ch, null);
    } catch (IOException e) {
      throw new AttribException(path + ": cannot write: " + reason(e), e);
    }
  }

  private static Output staged(Path path, boolean binary) {
    Path real = followLinks(path);
    Path dir = real.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new AttribException(describe(path, real) + ": the folder to write into does not exist");
    }
    Path tmp = null;
    FileChannel ch = null;
    try {
      for (int tries = 0; ch == null; tries++) {
        Path candidate =
            dir.resolve(
                "." + real.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".part");
        TempFiles.add(candidate);
        try {
          // Not Files.createTempFile: its 0600 would hide the umask, which a new file should get.
          ch = FileChannel.open(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          tmp = candidate;
        } catch (FileAlreadyExistsException e) {
          // Someone else's file: neither ours to delete nor to keep track of.
          TempFiles.forget(candidate);
          if (tries > 100) {
            throw e;
          }
        } catch (IOException | RuntimeException e) {
          TempFiles.forget(candidate);
          throw e;
        }
      }
      Set<PosixFilePermission> umask = Files.getPosixFilePermissions(tmp);
      // Owner-only while being written: the file it replaces may be private.
      Files.setPosixFilePermissions(
          tmp, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
      return new Output(Kind.STAGED, path, null, binary, real, tmp, ch, umask);
    } catch (IOException e) {
      discard(ch, tmp);
      throw new AttribException(describe(path, real) + ": cannot write: " + reason(e), e);
    }
  }

  /** Moves the finished temporary file into place, or copies it in for a hard-linked file. */
  private void place() throws IOException {
    PosixFileAttributes now = attributes(target);
    if (now != null && !now.isRegularFile()) {
      throw new IOException("it is no longer a regular file");
    }
    if (now != null && (Integer) Files.getAttribute(target, "unix:nlink") > 1) {
      copyInPlace();
      Files.deleteIfExists(tmp);
      TempFiles.forget(tmp);
      return;
    }
    if (now != null) {
      // Owner before mode: changing the owner may clear set-id bits.
      setQuietly(tmp, "unix:uid", Files.getAttribute(target, "unix:uid"));
      setQuietly(tmp, "unix:gid", Files.getAttribute(target, "unix:gid"));
      Files.setAttribute(
          tmp, "unix:mode", (Integer) Files.getAttribute(target, "unix:mode") & 07777);
    } else {
      Files.setPosixFilePermissions(tmp, newFileMode);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    TempFiles.forget(tmp);
  }

  private void copyInPlace() throws IOException {
    try (FileChannel in = FileChannel.open(tmp, StandardOpenOption.READ);
        FileChannel out =
            FileChannel.open(
                target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      long size = in.size();
      long done = 0;
      try {
        while (done < size) {
          done += in.transferTo(done, size - done, out);
        }
        out.force(true);
      } catch (IOException e) {
        throw new IOException(
            "rewriting it in place (it has several hard links) failed after "
                + done
                + " of "
                + size
                + " bytes, so it is incomplete: "
                + reason(e),
            e);
      }
    }
  }

  private static void setQuietly(Path file, String attribute, Object value) {
    try {
      Files.setAttribute(file, attribute, value);
    } catch (IOException | SecurityException e) {
      // Only a privileged process may give a file away; the result is then the writer's own.
    }
  }

  /** The attributes of what {@code path} finally names (links followed); null if nothing. */
  private static PosixFileAttributes attributes(Path path) {
    try {
      return Files.readAttributes(path, PosixFileAttributes.class);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new AttribException(path + ": cannot write: " + reason(e), e);
    }
  }

  /**
   * The file a chain of symbolic links ends at, existing or not; unlike {@link Path#toRealPath} it
   * also resolves a dangling link, whose target is what a write through the link creates.
   */
  private static Path followLinks(Path path) {
    Path p = path.toAbsolutePath();
    try {
      for (int i = 0; i < MAX_LINKS; i++) {
        if (!Files.isSymbolicLink(p)) {
          return p;
        }
        // Relative to the link's folder, unnormalised, so ".." means what the kernel takes it for.
        p = p.resolveSibling(Files.readSymbolicLink(p));
      }
    } catch (IOException e) {
      throw new AttribException(path + ": cannot follow the link: " + reason(e), e);
    }
    throw new AttribException(path + ": too many levels of symbolic links");
  }

  private static String describe(Path named, Path real) {
    return named.toAbsolutePath().equals(real) ? named.toString() : named + " (-> " + real + ")";
  }

  private static String reason(IOException e) {
    String m = e.getMessage();
    String r = e instanceof FileSystemException f ? f.getReason() : null;
    if (r != null) {
      return r;
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    return m == null ? e.getClass().getSimpleName() : m;
  }

  /**
   * Temporary files (and a report's staging folder) not yet in place, deleted by a shutdown hook if
   * the JVM exits first (Ctrl-C, SIGTERM): a hidden {@code .part} file is easy to overlook and
   * would stay forever.
   */
  static final class TempFiles {
    private static final Set<Path> LIVE = new HashSet<>();
    private static boolean hooked;
    private static boolean exiting;

    private TempFiles() {}

    /**
     * Registers a path before it is created, so no instant exists in which it is on disk and
     * unknown to the hook.
     */
    static synchronized void add(Path tmp) {
      if (exiting) {
        throw new AttribException(
            tmp.getParent() + ": not writing, attrib is exiting", AttribException.RUNTIME, null);
      }
      if (!hooked) {
        try {
          Runtime.getRuntime()
              .addShutdownHook(new Thread(TempFiles::deleteAll, "attrib-delete-temporary-files"));
        } catch (IllegalStateException e) {
          throw new AttribException(
              tmp.getParent() + ": not writing, attrib is exiting", AttribException.RUNTIME, e);
        }
        hooked = true;
      }
      LIVE.add(tmp);
    }

    static synchronized void forget(Path tmp) {
      LIVE.remove(tmp);
    }

    /** The temporary files not yet in place or deleted, for tests. */
    static synchronized Set<Path> live() {
      return Set.copyOf(LIVE);
    }

    private static synchronized void deleteAll() {
      exiting = true;
      for (Path p : LIVE) {
        try {
          if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            ReportFolder.deleteTree(p); // a report's staging folder
          }
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // Exiting: nothing left to tell the user with.
        }
      }
      LIVE.clear();
    }
  }
}
