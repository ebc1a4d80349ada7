package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.spi.AttribException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Output} writes where the user pointed, as a Unix tool does: through links, into devices
 * and FIFOs, keeping a file's mode, owner and hard links, and all or nothing for regular files.
 *
 * <p>The device node is one this test makes in its own folder ({@code mknod DIR/null c 1 3}, the
 * null device's numbers): the machine's own {@code /dev} is never written to, since a wrong build
 * would replace it. Making a node and giving a file away need root, which the build runs as.
 */
class OutputTest {
  private static final int S_IFMT = 0170000;
  private static final int S_IFIFO = 0010000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;

  /** Daemon threads: a reader stuck on a FIFO nobody writes must not keep the JVM alive. */
  private static final ExecutorService READERS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "fifo-reader");
            t.setDaemon(true);
            return t;
          });

  @TempDir Path dir;

  private final StringWriter text = new StringWriter();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  @AfterAll
  static void stopReaders() {
    READERS.shutdownNow();
  }

  private Stdout stdout(boolean terminal) {
    return new Stdout(new PrintWriter(text), bytes, terminal);
  }

  private void write(Path path, String content) {
    try (Output o = Output.open(path, "plain", stdout(false))) {
      o.write(content.getBytes(StandardCharsets.UTF_8));
      o.commit();
    }
  }

  private static int type(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & S_IFMT;
  }

  private static Object inode(Path p) throws IOException {
    return Files.getAttribute(p, "unix:ino");
  }

  private static List<String> parts(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part")).toList();
    }
  }

  /**
   * Fails if a file named {@code -} (or its temporary file) appeared in the working folder, which
   * is the module's source folder: removed first, so a wrong build leaves no litter there.
   */
  static void assertNoFileNamedDash() throws IOException {
    List<Path> litter;
    try (Stream<Path> s = Files.list(Path.of(""))) {
      litter =
          s.filter(
                  p -> {
                    String n = p.getFileName().toString();
                    return n.equals("-") || n.startsWith(".-.") && n.endsWith(".part");
                  })
              .toList();
    }
    for (Path p : litter) {
      Files.delete(p);
    }
    assertEquals(List.of(), litter, "files written for -");
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
  }

  @Test
  void aSymlinkIsWrittenThroughAndStaysALink() throws Exception {
    Path real = Files.writeString(dir.resolve("real.txt"), "old");
    Path link = Files.createSymbolicLink(dir.resolve("link.txt"), Path.of("real.txt"));
    // A chain: the last link's target is what gets the content.
    Path outer = Files.createSymbolicLink(dir.resolve("outer.txt"), link);
    write(outer, "new");
    assertEquals(S_IFLNK, type(outer));
    assertEquals(S_IFLNK, type(link));
    assertEquals(Path.of("real.txt"), Files.readSymbolicLink(link));
    assertEquals(S_IFREG, type(real));
    assertEquals("new", Files.readString(real));
    assertEquals(List.of(), parts(dir));
  }

  @Test
  void aDanglingLinkCreatesItsTargetWithTheUmask() throws Exception {
    Files.createDirectory(dir.resolve("sub"));
    Path link = Files.createSymbolicLink(dir.resolve("link.txt"), Path.of("sub/made.txt"));
    write(link, "content");
    assertEquals(S_IFLNK, type(link));
    Path made = dir.resolve("sub/made.txt");
    assertEquals("content", Files.readString(made));
    Path reference = Files.createFile(dir.resolve("reference"));
    assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(made));
    assertEquals(List.of(), parts(dir.resolve("sub")));
  }

  @Test
  void aFifoIsWrittenThroughToItsReader() throws Exception {
    Path fifo = dir.resolve("fifo");
    run("mkfifo", fifo.toString());
    Future<byte[]> read = READERS.submit(() -> Files.readAllBytes(fifo));
    write(fifo, "through the pipe\n");
    // Generous: only a wrong build (the FIFO replaced, the reader left waiting) comes near it.
    assertEquals(
        "through the pipe\n", new String(read.get(60, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    assertEquals(S_IFIFO, type(fifo));
    assertEquals(List.of(), parts(dir));
  }

  @Test
  void aDeviceNodeStaysACharacterDevice() throws Exception {
    Path dev = dir.resolve("null");
    run("mknod", dev.toString(), "c", "1", "3");
    Object rdev = Files.getAttribute(dev, "unix:rdev");
    Object ino = inode(dev);
    write(dev, "into the void");
    assertEquals(S_IFCHR, type(dev));
    assertEquals(rdev, Files.getAttribute(dev, "unix:rdev"));
    assertEquals(ino, inode(dev));
    assertEquals(List.of(), parts(dir));
  }

  @Test
  void anExistingFileKeepsItsModeAndOwner() throws Exception {
    Path file = Files.writeString(dir.resolve("secret.txt"), "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Files.setAttribute(file, "unix:uid", 4242);
    Files.setAttribute(file, "unix:gid", 4243);
    write(file, "new");
    assertEquals("new", Files.readString(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(4242, Files.getAttribute(file, "unix:uid"));
    assertEquals(4243, Files.getAttribute(file, "unix:gid"));
  }

  @Test
  void aHardLinkedFileKeepsItsInodeAndEveryNameSeesTheResult() throws Exception {
    Path a = Files.writeString(dir.resolve("a.txt"), "old content, longer than the new");
    Path b = Files.createLink(dir.resolve("b.txt"), a);
    Object ino = inode(a);
    write(a, "new");
    assertEquals(ino, inode(a));
    assertEquals(2, Files.getAttribute(a, "unix:nlink"));
    assertEquals("new", Files.readString(a));
    assertEquals("new", Files.readString(b));
    assertEquals(List.of(), parts(dir));
  }

  @Test
  void dashIsStandardOutputForTextAndBytes() throws Exception {
    write(Path.of("-"), "text result\n");
    assertEquals("text result\n", text.toString());
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff};
    try (Output o = Output.open(Path.of("-"), "png", stdout(false))) {
      assertTrue(o.toStream());
      o.write(png);
      o.commit();
    }
    assertArrayEquals(png, bytes.toByteArray());
    assertNoFileNamedDash();
  }

  @Test
  void aBinaryFormatIsRefusedOnATerminalInOneLine() {
    AttribException e =
        assertThrows(AttribException.class, () -> Output.open(Path.of("-"), "png", stdout(true)));
    assertEquals(AttribException.BAD_INPUT, e.exitCode());
    assertTrue(e.getMessage().startsWith("-: png output is binary"), e.getMessage());
    assertTrue(e.getMessage().contains("terminal"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    // Text is what a terminal is for.
    Output.open(Path.of("-"), "plain", stdout(true)).close();
  }

  @Test
  void aFailureMidWayLeavesTheOldContentAndNoTemporaryFile() throws Exception {
    Path file = Files.writeString(dir.resolve("out.json"), "old");
    Path fresh = dir.resolve("fresh.json");
    for (Path p : List.of(file, fresh)) {
      assertThrows(
          IllegalStateException.class,
          () -> {
            try (Output o = Output.open(p, "json", stdout(false))) {
              o.write("{\"half\":".getBytes(StandardCharsets.UTF_8));
              assertEquals(1, parts(dir).size(), "the result is staged beside the file");
              throw new IllegalStateException("the renderer failed");
            }
          });
    }
    assertEquals("old", Files.readString(file));
    assertFalse(Files.exists(fresh), "nothing at the path of a failed new file");
    assertEquals(List.of(), parts(dir));
    assertEquals(
        List.of(), Output.TempFiles.live().stream().filter(p -> p.startsWith(dir)).toList());
  }

  @Test
  void aFolderOrAMissingFolderIsOneLineNamingThePath() throws Exception {
    AttribException folder =
        assertThrows(AttribException.class, () -> Output.open(dir, "plain", stdout(false)));
    assertTrue(folder.getMessage().startsWith(dir + ": "), folder.getMessage());
    Path missing = dir.resolve("nope/out.txt");
    AttribException none =
        assertThrows(AttribException.class, () -> Output.open(missing, "plain", stdout(false)));
    assertTrue(none.getMessage().startsWith(missing + ": "), none.getMessage());
    assertEquals(AttribException.BAD_INPUT, none.exitCode());
  }

  @Test
  void aCheckOpensNoFifoAndLeavesNoFile() throws Exception {
    Path fifo = dir.resolve("fifo");
    run("mkfifo", fifo.toString());
    // No reader: opening the FIFO for writing would block here; a check only looks at it.
    assertTimeoutPreemptively(
        java.time.Duration.ofSeconds(30), () -> Output.check(fifo, "svg", stdout(false)));
    assertEquals(S_IFIFO, type(fifo));
    Path fresh = dir.resolve("new.svg");
    Output.check(fresh, "svg", stdout(false));
    assertFalse(Files.exists(fresh, LinkOption.NOFOLLOW_LINKS));
    assertEquals(List.of(), parts(dir));
    AttribException missing =
        assertThrows(
            AttribException.class,
            () -> Output.check(dir.resolve("nope/x.svg"), "svg", stdout(false)));
    assertTrue(missing.getMessage().contains("the folder to write into does not exist"));
    AttribException terminal =
        assertThrows(AttribException.class, () -> Output.check(Path.of("-"), "png", stdout(true)));
    assertTrue(terminal.getMessage().contains("standard output is a terminal"));
  }

  @Test
  void twoOptionsCannotShareStandardOutput() {
    Map<String, Path> one = new java.util.LinkedHashMap<>();
    one.put("--csv", Path.of("-"));
    one.put("--out", dir.resolve("grid.png"));
    one.put("--plot", null);
    assertEquals("--csv", Output.stdoutOption(one));
    one.put("--out", Path.of("-"));
    AttribException e = assertThrows(AttribException.class, () -> Output.stdoutOption(one));
    assertTrue(e.getMessage().startsWith("--csv and --out"), e.getMessage());
  }

  @Test
  void aFileNameAskingForAnotherFormatIsRefused() {
    List<String> text = List.of("ansi", "plain", "html", "json");
    assertEquals("json", Output.formatFromName(Path.of("r.jsonl"), text, "text"));
    assertEquals("plain", Output.formatFromName(Path.of("r.txt"), text, "text"));
    assertEquals(null, Output.formatFromName(Path.of("result"), text, "text"));
    assertEquals(null, Output.formatFromName(Path.of("r.out"), text, "text"));
    AttribException e =
        assertThrows(
            AttribException.class, () -> Output.formatFromName(Path.of("x.png"), text, "text"));
    assertTrue(e.getMessage().startsWith("x.png: text has no png output"), e.getMessage());
  }
}
