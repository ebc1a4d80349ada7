package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.spi.AttribException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report folder: staged beside, renamed into place, never mixed into other files. */
class ReportFolderTest {

  @TempDir Path dir;

  private List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void nothingAppearsUntilCommitAndAnUncommittedFolderIsDeleted() throws IOException {
    Path out = dir.resolve("report");
    try (ReportFolder f = ReportFolder.open(out)) {
      f.write("a/b.txt", utf8("x"));
      assertFalse(Files.exists(out));
      assertEquals(1, names(dir).size());
      assertTrue(names(dir).get(0).matches("\\.report\\.[0-9a-f]{8}\\.part"), names(dir).get(0));
    }
    assertEquals(List.of(), names(dir));
    assertTrue(Output.TempFiles.live().isEmpty());
  }

  @Test
  void anEmptyFolderAndAnEarlierReportAreReplacedWhole() throws IOException {
    Path out = Files.createDirectory(dir.resolve("report"));
    try (ReportFolder f = ReportFolder.open(out)) {
      f.write("index.html", utf8("one"));
      f.commit();
    }
    assertEquals(List.of(ReportFolder.MARKER, "index.html"), names(out));
    Files.writeString(out.resolve("old.png"), "old");
    try (ReportFolder f = ReportFolder.open(out)) {
      f.write("index.html", utf8("two"));
      f.commit();
    }
    assertEquals(List.of(ReportFolder.MARKER, "index.html"), names(out));
    assertEquals("two", Files.readString(out.resolve("index.html")));
    assertEquals(List.of("report"), names(dir), "the old report is gone, nothing staged is left");
  }

  @Test
  void aLinkToAFolderStaysALinkAndItsTargetGetsTheReport() throws IOException {
    Path target = Files.createDirectory(dir.resolve("target"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    try (ReportFolder f = ReportFolder.open(link)) {
      f.write("index.html", utf8("x"));
      f.commit();
    }
    assertTrue(Files.isSymbolicLink(link));
    assertEquals("x", Files.readString(target.resolve("index.html")));
  }

  @Test
  void aDanglingLinkAMissingParentAndAFolderOfOtherFilesAreRefused() throws IOException {
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
    assertTrue(
        assertThrows(AttribException.class, () -> ReportFolder.open(dangling))
            .getMessage()
            .contains("a symbolic link to nothing"));
    assertThrows(AttribException.class, () -> ReportFolder.open(dir.resolve("no/such/report")));
    Path mine = Files.createDirectory(dir.resolve("mine"));
    Files.writeString(mine.resolve("keep.txt"), "keep");
    AttribException e = assertThrows(AttribException.class, () -> ReportFolder.open(mine));
    assertEquals(AttribException.BAD_INPUT, e.exitCode());
    assertEquals(List.of("keep.txt"), names(mine));
    assertEquals(List.of("dangling", "mine"), names(dir));
  }

  @Test
  void namesOutsideTheReportAreRefused() {
    try (ReportFolder f = ReportFolder.open(dir.resolve("report"))) {
      assertThrows(IllegalArgumentException.class, () -> f.write("../escape.txt", utf8("x")));
    }
  }
}
