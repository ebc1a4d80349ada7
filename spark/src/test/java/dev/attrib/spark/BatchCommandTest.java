package dev.attrib.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.attrib.Attrib;
import dev.attrib.cli.Main;
import dev.attrib.fixtures.DemoModels;
import dev.attrib.spi.Explanation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attrib batch} end to end, run in this JVM (Spark is on the tests' class path, so the
 * command calls the driver here instead of starting one): the written JSON Lines against the
 * library, bad records as error rows with exit 2, and bad usage refused before Spark starts. Each
 * run starts and stops a {@code local[2]} session of its own, as the command does.
 */
class BatchCommandTest {

  @AfterAll
  static void release() {
    ModelCache.clear();
  }

  record Run(int code, String out, String err) {}

  private static Run attrib(Path home, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new Main(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), home).run(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static List<JsonObject> lines(Path dir) throws IOException {
    List<JsonObject> rows = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        for (String l : Files.readAllLines(f)) {
          rows.add(JsonParser.parseString(l).getAsJsonObject());
        }
      }
    }
    return rows;
  }

  @Test
  void moleculesWithEveryTaskAreWrittenAndABadOneIsAnErrorRow(@TempDir Path tmp)
      throws IOException {
    Path smi = tmp.resolve("batch.smi");
    Files.writeString(smi, "O=C(O)c1ccccc1[N+](=O)[O-]\nC1CC(\nFC(F)(F)c1ccncc1\n");
    Path out = tmp.resolve("out");
    Run r =
        attrib(
            tmp,
            "batch",
            "--modality",
            "molecule",
            "--input",
            smi.toString(),
            "--out",
            out.toString(),
            "--format",
            "json",
            "--master",
            "local[2]",
            "--target",
            "all",
            "--steps",
            "16");
    assertEquals(2, r.code(), r.err());
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    assertTrue(r.out().contains("9 rows for 3 inputs"), r.out());
    assertTrue(r.err().contains("batch.smi:2: molecule #2 ('C1CC(')"), r.err());
    assertTrue(r.err().contains("1 of 3 inputs failed"), r.err());
    List<JsonObject> rows = lines(out);
    assertEquals(9, rows.size(), "four tasks for each good molecule, one row for the bad one");
    try (Attrib lib = Attrib.load(DemoModels.folder("molecule-tasks"))) {
      for (JsonObject row : rows) {
        int record = row.get("record").getAsInt();
        assertEquals(smi.toString(), row.get("source").getAsString());
        if (record == 2) {
          assertTrue(row.get("error").getAsString().contains("invalid SMILES"));
          assertFalse(row.has("units"));
          continue;
        }
        assertFalse(row.has("error"));
        String smiles = row.get("input").getAsString();
        Explanation<?> e =
            lib.explain(
                smiles,
                lib.defaults()
                    .withTarget("all")
                    .withConfig(dev.attrib.ig.Methods.config().steps(16).tolerance(null).build()));
        Explanation.Row er = e.rows().get(row.get("row").getAsInt());
        assertEquals(er.label(), row.getAsJsonObject("target").get("label").getAsString());
        assertEquals(
            er.attribution().completeness().sum(),
            row.getAsJsonObject("completeness").get("sum").getAsDouble());
      }
    }
  }

  @Test
  void textFromAFolderIsWrittenAsJsonLinesOneRowPerLine(@TempDir Path tmp) throws IOException {
    Path in = Files.createDirectory(tmp.resolve("in"));
    Files.writeString(in.resolve("a.txt"), "how many townships are there ?\n\nwho built it ?\n");
    Files.writeString(in.resolve("b.txt"), "when did the war end ?\n");
    Path out = tmp.resolve("out");
    Run r =
        attrib(
            tmp,
            "batch",
            "--modality",
            "text",
            "--input",
            in.toString(),
            "--out",
            out.toString(),
            "--format",
            "json",
            "--master",
            "local[2]");
    assertEquals(0, r.code(), r.err());
    List<JsonObject> rows = lines(out);
    assertEquals(3, rows.size());
    try (Attrib lib = Attrib.load(DemoModels.folder("text-questions"))) {
      for (JsonObject row : rows) {
        assertNull(row.get("error"));
        Explanation<?> e = lib.explain(row.get("input").getAsString());
        var units = row.getAsJsonArray("units");
        for (int i = 0; i < units.size(); i++) {
          assertEquals(
              e.units().score(i), units.get(i).getAsJsonObject().get("score").getAsDouble());
        }
      }
    }
  }

  @Test
  void badUsageFailsInOneLineBeforeSparkStarts(@TempDir Path tmp) throws IOException {
    Path txt = Files.writeString(tmp.resolve("q.txt"), "how many ?\n");
    Run format =
        attrib(
            tmp,
            "batch",
            "--modality",
            "text",
            "--input",
            txt.toString(),
            "--out",
            tmp.resolve("o").toString(),
            "--format",
            "csv");
    assertEquals(2, format.code());
    assertEquals("attrib: --format must be parquet or json for batch, not 'csv'", first(format));
    Run exists =
        attrib(
            tmp, "batch", "--modality", "text", "--input", txt.toString(), "--out", tmp.toString());
    assertEquals(2, exists.code());
    assertTrue(first(exists).contains("the output folder exists"), exists.err());
    Run noModel = attrib(tmp, "batch", "--input", txt.toString(), "--out", "x");
    assertEquals(2, noModel.code());
    assertTrue(first(noModel).contains("--model DIR, or --modality NAME"), noModel.err());
    Run target =
        attrib(
            tmp,
            "batch",
            "--modality",
            "text",
            "--input",
            txt.toString(),
            "--out",
            tmp.resolve("o").toString(),
            "--target",
            "NOSUCH");
    assertEquals(2, target.code());
    assertTrue(first(target).contains("NOSUCH"), target.err());
    assertFalse(Files.exists(tmp.resolve("o")));
  }

  private static String first(Run r) {
    return r.err().lines().findFirst().orElse("");
  }
}
