package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output files through the commands: the format a file name asks for, {@code -} for stdout,
 * symlinks, hard links and modes kept, nothing left behind by a failure.
 */
class OutputFilesTest {
  static final String QUESTION = "how many rivers are there ?";
  static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir Path home;
  @TempDir Path work;

  private String[] run(int expected, String... args) {
    return CliRun.run(home, expected, args);
  }

  private List<String> files() throws Exception {
    try (Stream<Path> s = Files.list(work)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aTextResultNamedLikeAPictureIsOneLineAndWritesNothing() throws Exception {
    for (String command : List.of("text", "translate")) {
      Path png = work.resolve("x.png");
      String err = run(2, command, QUESTION, "--out", png.toString())[1];
      assertEquals(1, err.strip().lines().count(), err);
      assertTrue(err.startsWith("attrib: " + png + ": "), err);
      assertTrue(err.contains("no png output"), err);
      assertEquals(List.of(), files(), command);
    }
  }

  @Test
  void aLinkedHardLinkedPrivateFileIsWrittenThroughAndKeepsItsInodeAndMode() throws Exception {
    Path result = Files.writeString(work.resolve("result.json"), "old");
    Files.setPosixFilePermissions(result, PosixFilePermissions.fromString("rw-------"));
    Path copy = Files.createLink(work.resolve("copy.json"), result);
    Path link = Files.createSymbolicLink(work.resolve("link.json"), Path.of("result.json"));
    Object inode = Files.getAttribute(result, "unix:ino");
    run(0, "text", QUESTION, "--out", link.toString());
    assertTrue(Files.isSymbolicLink(link));
    assertEquals(inode, Files.getAttribute(result, "unix:ino"));
    // The format came from the link's name: JSON, seen under both names of the file.
    String json = Files.readString(copy);
    assertEquals(
        "NUMERIC",
        JsonParser.parseString(json.strip())
            .getAsJsonObject()
            .getAsJsonObject("prediction")
            .get("label")
            .getAsString());
    assertEquals(json, Files.readString(result));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(result, LinkOption.NOFOLLOW_LINKS)));
    assertEquals(List.of("copy.json", "link.json", "result.json"), files());
  }

  @Test
  void dashIsStandardOutput() throws Exception {
    String[] r = run(0, "text", QUESTION, "--format", "json", "--out", "-");
    OutputTest.assertNoFileNamedDash();
    assertTrue(JsonParser.parseString(r[0].strip()).isJsonObject(), r[0]);
  }

  @Test
  void aPictureGoesToARedirectedStdoutWithTheSummaryOnStderr() throws Exception {
    String shape = ImageCommandTest.EXAMPLES.resolve("shape-3.png").toString();
    CliRun.Result r =
        CliRun.bytes(
            home, 0, false, "image", shape, "--steps", "8", "--format", "png", "--out", "-");
    OutputTest.assertNoFileNamedDash();
    assertArrayEquals(PNG_MAGIC, Arrays.copyOf(r.stdout(), PNG_MAGIC.length));
    assertTrue(r.stderr().startsWith("triangle "), r.stderr());
  }

  @Test
  void aPictureIsNotWrittenToATerminal() {
    String shape = ImageCommandTest.EXAMPLES.resolve("shape-3.png").toString();
    CliRun.Result r = CliRun.bytes(home, 2, true, "image", shape, "--format", "png");
    assertEquals(0, r.stdout().length);
    assertEquals(1, r.stderr().strip().lines().count(), r.stderr());
    assertTrue(r.stderr().contains("png output is binary"), r.stderr());
  }

  @Test
  void aMoleculeSvgOnStdoutMovesTheSummaryToStderr() {
    CliRun.Result r =
        CliRun.bytes(home, 0, false, "molecule", "c1ccccc1O", "--task", "nitro", "--svg", "-");
    String out = new String(r.stdout(), StandardCharsets.UTF_8);
    assertTrue(out.startsWith("<?xml") || out.startsWith("<svg"), out);
    assertTrue(out.strip().endsWith("</svg>"), out);
    assertTrue(r.stderr().startsWith("task nitro: "), r.stderr());
  }

  @Test
  void aSideFileThatIsAFifoIsCheckedFirstAndWrittenOnceToItsReader() throws Exception {
    Path fifo = work.resolve("depiction.svg");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertEquals(0, mk.waitFor());
    // The side file is checked before the model loads; had the check opened the FIFO, the reader
    // would have read an empty file and the depiction would wait for a reader that is gone.
    ExecutorService reader =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "fifo-reader");
              t.setDaemon(true);
              return t;
            });
    try {
      Future<byte[]> read = reader.submit(() -> Files.readAllBytes(fifo));
      // A wrong build would wait forever to open the FIFO again: bounded.
      String[] r =
          assertTimeoutPreemptively(
              Duration.ofSeconds(120),
              () -> run(0, "molecule", "c1ccccc1O", "--task", "nitro", "--svg", fifo.toString()));
      assertTrue(r[0].startsWith("task nitro: "), r[0]);
      String svg = new String(read.get(60, TimeUnit.SECONDS), StandardCharsets.UTF_8);
      assertTrue(svg.strip().endsWith("</svg>"), svg);
      assertEquals(List.of("depiction.svg"), files());
    } finally {
      reader.shutdownNow();
    }
  }

  @Test
  void aRunFailingAfterWritingLeavesTheOldFileAndNoTemporaryFile() throws Exception {
    String shape = ImageCommandTest.EXAMPLES.resolve("shape-3.png").toString();
    Path json = Files.writeString(work.resolve("out.json"), "old");
    Path rows = Files.createDirectories(work.resolve("rows"));
    // A folder where the image's row should go: the JSON is written before the row fails, so the
    // failure comes after the first bytes. (Options that cannot work together, such as --svg with
    // two molecules, are refused before anything is written; see ChecksFirstTest.)
    Files.createDirectories(rows.resolve("shape-3-row.png"));
    String err =
        run(
            2,
            "image",
            shape,
            "--steps",
            "8",
            "--format",
            "json",
            "--out",
            json.toString(),
            "--out-dir",
            rows.toString())[1];
    assertTrue(err.contains("shape-3-row.png: is a folder, not a file"), err);
    assertEquals("old", Files.readString(json));
    assertEquals(List.of("out.json", "rows"), files());
    try (Stream<Path> s = Files.list(rows)) {
      assertEquals(List.of("shape-3-row.png"), s.map(p -> p.getFileName().toString()).toList());
    }
  }
}
