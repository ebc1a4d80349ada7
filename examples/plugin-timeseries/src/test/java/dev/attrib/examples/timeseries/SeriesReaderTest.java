package dev.attrib.examples.timeseries;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.model.Manifest;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The input formats and the manifest keys, without a network. */
class SeriesReaderTest {
  private static final ModelSpec ANY = new ModelSpec(Path.of("attrib.json"), null, List.of(), null);

  @TempDir Path dir;

  private static Series read(String input, ModelSpec spec, Map<String, String> options) {
    return SeriesReader.read(input, spec, Options.of(options));
  }

  private static Series read(String input) {
    return read(input, ANY, Map.of());
  }

  private static String fail(String input, ModelSpec spec, Map<String, String> options) {
    return assertThrows(AttribException.class, () -> read(input, spec, options)).getMessage();
  }

  private static ModelSpec spec(String json, Path dir) throws IOException {
    Files.writeString(dir.resolve("attrib.json"), json);
    return ModelSpec.of(Manifest.read(dir, ModelSpec.KEYS));
  }

  @Test
  void oneLineIsOneChannelWithOneValuePerStep() {
    Series s = read(" 0.1, -5e-1 ,2 ");
    assertEquals(3, s.length());
    assertEquals(List.of("ch0"), s.channelNames());
    assertArrayEquals(new float[] {0.1f, -0.5f, 2f}, s.flat());
    assertArrayEquals(new int[] {1, 6, 13}, s.starts());
    assertArrayEquals(new int[] {4, 11, 14}, s.ends());
    assertEquals(List.of("0", "1", "2"), s.stepLabels());
  }

  @Test
  void rowsAreStepsAndColumnsAreChannels() {
    Series s = read("1,2; 3,4;5,6");
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, s.flat());
    assertEquals(List.of("ch0", "ch1"), s.channelNames());
    assertArrayEquals(new int[] {0, 5, 9}, s.starts());
    Series newlines = read("1,2\n3,4\n");
    assertArrayEquals(new float[] {1, 2, 3, 4}, newlines.flat());
    Series oneStep = read("1,2;");
    assertEquals(1, oneStep.length());
    assertEquals(2, oneStep.channels());
  }

  @Test
  void csvFilesWithHeaderCommentsAndATimeColumn() throws IOException {
    Path csv = dir.resolve("r.csv");
    Files.writeString(csv, "# a comment\ntime,b,a\n\n0.0,1,2\n0.5,3,4\n");
    Series all = read(csv.toString(), ANY, Map.of());
    assertEquals(List.of("time", "b", "a"), all.channelNames());
    assertEquals(List.of(4, 5), all.lines());
    Series timed = read(csv.toString(), ANY, Map.of("time-column", "time"));
    assertEquals(List.of("b", "a"), timed.channelNames());
    assertEquals(List.of("0.0", "0.5"), timed.stepLabels());
    assertArrayEquals(new float[] {1, 2, 3, 4}, timed.flat());
    ModelSpec named = new ModelSpec(Path.of("attrib.json"), 2, List.of("a", "b"), null);
    Series byName = read(csv.toString(), named, Map.of());
    assertEquals(List.of("a", "b"), byName.channelNames());
    assertArrayEquals(new float[] {2, 1, 4, 3}, byName.flat(), "the manifest's order");
    Series byNumber = read(csv.toString(), ANY, Map.of("time-column", "1"));
    assertEquals(List.of("b", "a"), byNumber.channelNames());
    Path bom = dir.resolve("excel.csv");
    Files.writeString(bom, "\uFEFFa,b\n1,2\n");
    assertEquals(List.of("a", "b"), read(bom.toString()).channelNames());
  }

  @Test
  void timestampsThatAreNotNumbersNeedTheTimeColumnOption() throws IOException {
    Path csv = dir.resolve("stamps.csv");
    Files.writeString(csv, "12:00:00,1,2\n12:00:01,3,4\n");
    Series s = read(csv.toString(), ANY, Map.of("time-column", "1"));
    assertEquals(List.of("12:00:00", "12:00:01"), s.stepLabels());
    assertEquals(2, s.length(), "no header: the first row holds values");
  }

  @Test
  void tsvAndOtherDelimiters() throws IOException {
    Path tsv = dir.resolve("r.tsv");
    Files.writeString(tsv, "1\t2\n3\t4\n");
    assertArrayEquals(new float[] {1, 2, 3, 4}, read(tsv.toString()).flat());
    Path semi = dir.resolve("r.txt");
    Files.writeString(semi, "1;2\n3;4\n");
    assertArrayEquals(
        new float[] {1, 2, 3, 4},
        read(semi.toString(), ANY, Map.of("delimiter", "semicolon")).flat());
    Path spaces = dir.resolve("s.txt");
    Files.writeString(spaces, "  1   2\n3 4\n");
    assertArrayEquals(
        new float[] {1, 2, 3, 4},
        read(spaces.toString(), ANY, Map.of("delimiter", "space")).flat());
    assertTrue(fail("1,2", ANY, Map.of("delimiter", "pipe")).contains("delimiter=pipe"));
  }

  @Test
  void badValuesNameWhereTheyAre() throws IOException {
    assertEquals("series '1, x, 3', step 1: 'x' is not a number", fail("1, x, 3", ANY, Map.of()));
    assertEquals("series '1,,3', step 1: '' is not a number (empty)", fail("1,,3", ANY, Map.of()));
    assertTrue(fail("1e99", ANY, Map.of()).contains("too large for float32"));
    assertTrue(fail("Infinity, 1", ANY, Map.of()).contains("'Infinity' is not a number"));
    assertTrue(fail("1f, 2", ANY, Map.of()).contains("'1f' is not a number"));
    Path csv = dir.resolve("ragged.csv");
    Files.writeString(csv, "a,b\n1,2\n3\n");
    assertEquals(
        csv + " line 3: 1 values but the header has 2", fail(csv.toString(), ANY, Map.of()));
    Path empty = dir.resolve("empty.csv");
    Files.writeString(empty, "# nothing\n\n");
    assertEquals(empty + ": no values", fail(empty.toString(), ANY, Map.of()));
    assertTrue(fail("   ", ANY, Map.of()).startsWith("empty input"));
    assertTrue(fail(dir.toString(), ANY, Map.of()).contains("is a folder"));
  }

  @Test
  void theManifestFixesChannelsAndLength() {
    ModelSpec two = new ModelSpec(Path.of("m/attrib.json"), 2, List.of(), 3);
    assertEquals(
        "series '1,2,3; 4,5,6': 3 channels but the model takes 2 (channels in m/attrib.json)",
        fail("1,2,3; 4,5,6", two, Map.of()));
    assertEquals(
        "series '1,2; 3,4': 2 steps but the model takes exactly 3 (length in m/attrib.json)",
        fail("1,2; 3,4", two, Map.of()));
    assertEquals(3, read("1,2;3,4;5,6", two, Map.of()).length());
  }

  @Test
  void missingNamedColumnsAreListed() throws IOException {
    Path csv = dir.resolve("r.csv");
    Files.writeString(csv, "lead1,lead3\n1,2\n");
    ModelSpec named = new ModelSpec(Path.of("m/attrib.json"), 2, List.of("lead1", "lead2"), null);
    assertEquals(
        csv
            + ": no column 'lead2', which the model needs (channelNames in m/attrib.json);"
            + " columns: lead1, lead3",
        fail(csv.toString(), named, Map.of()));
    assertEquals(
        csv + ": no column 'when' for option time-column; columns: lead1, lead3",
        fail(csv.toString(), ANY, Map.of("time-column", "when")));
  }

  @Test
  void manifestKeysAreCheckedAndUnknownOnesRejected() throws IOException {
    String head = "{\"modality\": \"timeseries\", \"format\": \"torchscript\", ";
    ModelSpec ok = spec(head + "\"channelNames\": [\"a\", \"b\"], \"length\": 8}", dir);
    assertEquals(2, ok.channels());
    assertEquals(8, ok.length());
    Path file = dir.resolve("attrib.json");
    assertEquals(
        file + ": 'channels' must be a positive whole number, not 1.5",
        assertThrows(AttribException.class, () -> spec(head + "\"channels\": 1.5}", dir))
            .getMessage());
    assertTrue(
        assertThrows(AttribException.class, () -> spec(head + "\"length\": \"8\"}", dir))
            .getMessage()
            .contains("'length' must be a positive whole number"));
    assertTrue(
        assertThrows(
                AttribException.class,
                () -> spec(head + "\"channels\": 3, \"channelNames\": [\"a\", \"b\"]}", dir))
            .getMessage()
            .contains("'channels' is 3 but 'channelNames' names 2 channels"));
    assertTrue(
        assertThrows(
                AttribException.class, () -> spec(head + "\"channelNames\": [\"a\", \"a\"]}", dir))
            .getMessage()
            .contains("distinct"));
    assertTrue(
        assertThrows(AttribException.class, () -> spec(head + "\"inputs\": [\"x\"]}", dir))
            .getMessage()
            .contains("takes one input, [\"series\"]"));
    String unknown =
        assertThrows(AttribException.class, () -> spec(head + "\"chanels\": 2}", dir)).getMessage();
    assertTrue(unknown.contains("unknown key 'chanels'"), unknown);
    assertTrue(unknown.contains("channelNames, channels"), unknown);
  }
}
