package dev.attrib.molecule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.spi.AttribException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MoleculeReaderTest {
  @TempDir Path tmp;

  private Path write(String name, String text) throws IOException {
    Path p = tmp.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void smiFileWithIdsCommentsAndABadLine() throws IOException {
    Path f =
        write(
            "m.smi",
            "# a comment\n"
                + "c1ccccc1 benzene\n"
                + "\n"
                + "C1CC( broken one\n"
                + "CC(=O)O\tacetic acid\n"
                + "c1cccc1 not-kekulisable\n");
    MoleculeReader.Batch b = MoleculeReader.read(f);
    assertEquals(4, b.size());
    assertEquals(
        List.of(
            new MoleculeReader.Record(1, 2, "benzene", "c1ccccc1"),
            new MoleculeReader.Record(3, 5, "acetic acid", "CC(=O)O")),
        b.records());
    assertEquals(2, b.problems().size());
    MoleculeReader.Problem p = b.problems().get(0);
    assertEquals(2, p.number());
    assertEquals(4, p.line());
    assertEquals("broken one", p.id());
    assertEquals("C1CC(", p.text());
    String msg = p.message();
    assertTrue(msg.startsWith(f + ":4: molecule broken one ('C1CC('): invalid SMILES"), msg);
    assertEquals(6, b.problems().get(1).line());
  }

  @Test
  void csvWithHeaderQuotesAndMissingSmiles() throws IOException {
    Path f =
        write(
            "m.csv",
            "Name,activity,SMILES\n"
                + "\"aspirin, the drug\",1,CC(=O)Oc1ccccc1C(=O)O\n"
                + "nothing,0,\n"
                + "bad,1,C1CC(\n"
                + "\"quote\"\"d\",0,CCO\n");
    MoleculeReader.Batch b = MoleculeReader.read(f);
    assertEquals(2, b.records().size());
    assertEquals("aspirin, the drug", b.records().get(0).id());
    assertEquals("CC(=O)Oc1ccccc1C(=O)O", b.records().get(0).input());
    assertEquals(2, b.records().get(0).line());
    assertEquals("quote\"d", b.records().get(1).id());
    assertEquals(2, b.problems().size());
    assertEquals("no SMILES", b.problems().get(0).error());
    assertEquals(4, b.problems().get(1).line());
    assertEquals("bad", b.problems().get(1).id());

    Path noCol = write("x.csv", "id,structure\n1,CCO\n");
    AttribException e = assertThrows(AttribException.class, () -> MoleculeReader.read(noCol));
    assertTrue(e.getMessage().contains("no 'smiles' column"), e.getMessage());
    assertTrue(e.getMessage().contains("x.csv:1"), e.getMessage());
  }

  @Test
  void csvWithBomCrlfQuotedLineBreaksAndAnUnterminatedQuote() throws IOException {
    Path f = tmp.resolve("crlf.csv");
    String text =
        "\uFEFFid,smiles\r\n"
            + "\"two\r\nlines\",CCO\r\n"
            + "\r\n"
            + "\"open,C1CC\r\n"
            + "benzene, c1ccccc1 \r\n";
    Files.write(f, text.getBytes(StandardCharsets.UTF_8));
    MoleculeReader.Batch b = MoleculeReader.read(f);
    assertEquals(
        List.of(
            new MoleculeReader.Record(1, 2, "two\nlines", "CCO"),
            new MoleculeReader.Record(3, 6, "benzene", "c1ccccc1")),
        b.records());
    assertEquals(1, b.problems().size());
    MoleculeReader.Problem p = b.problems().get(0);
    assertEquals(5, p.line(), "the line the quote opens on");
    assertTrue(
        p.message().startsWith(f + ":5: molecule #2 ('\"open,C1CC'): unterminated quote"),
        p.message());
  }

  @Test
  void tsvQuotesTabsAndANonUtf8LineCostsItsRowOnly() throws IOException {
    Path f = tmp.resolve("m.tsv");
    byte[] head = "name\tSMILES\n\"a\tb\"\tCCO\n".getBytes(StandardCharsets.UTF_8);
    byte[] latin = "caf\u00e9\tCC\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] tail = "c\tCCN\n".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.write(head);
    all.write(latin);
    all.write(tail);
    Files.write(f, all.toByteArray());
    MoleculeReader.Batch b = MoleculeReader.read(f);
    assertEquals(List.of("a\tb", "c"), b.records().stream().map(r -> r.id()).toList());
    assertEquals(1, b.problems().size());
    assertTrue(b.problems().get(0).message().startsWith(f + ":3: molecule #2"));
    assertTrue(b.problems().get(0).error().startsWith("not UTF-8 text"));

    Path badHeader = tmp.resolve("h.tsv");
    Files.write(badHeader, "\"smiles\tid\nCCO\t1\n".getBytes(StandardCharsets.UTF_8));
    AttribException e = assertThrows(AttribException.class, () -> MoleculeReader.read(badHeader));
    assertTrue(
        e.getMessage().startsWith(badHeader + ":1: cannot read the header line"), e.getMessage());
  }

  @Test
  void sdfRecordsKeepTheirMolBlockAndBadRecordsNameTheirLine() throws IOException {
    String ethanol =
        "ethanol\n  test\n\n  3  2  0  0  0  0  0  0  0  0999 V2000\n"
            + "    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0\n"
            + "    1.2990    0.7500    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0\n"
            + "    2.5981    0.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0\n"
            + "  1  2  1  0\n  2  3  1  0\nM  END\n";
    String broken =
        "broken\n  test\n\n  2  1  0  0  0  0  0  0  0  0999 V2000\n"
            + "    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0\n"
            + "  1  2  1  0\nM  END\n";
    Path f =
        write(
            "m.sdf",
            ethanol
                + "> <ID>\nE1\n\n$$$$\n"
                + broken
                + "$$$$\n"
                + ethanol.replace("ethanol", "")
                + "$$$$\n");
    MoleculeReader.Batch b = MoleculeReader.read(f);
    assertEquals(3, b.size());
    assertEquals(2, b.records().size());
    assertEquals("ethanol", b.records().get(0).id());
    assertEquals(1, b.records().get(0).line());
    assertTrue(b.records().get(0).input().endsWith("M  END\n"), "data items are dropped");
    assertEquals("#3", b.records().get(1).id(), "a blank title becomes the record number");
    assertEquals(
        MoleculeParser.graph("CCO").atoms(),
        MoleculeParser.graph(b.records().get(0).input()).atoms());
    MoleculeReader.Problem p = b.problems().get(0);
    assertEquals("broken", p.id());
    assertEquals(15, p.line(), "10 lines of MOL block, 3 of data, the $$$$ line");
    assertTrue(p.error().startsWith("unreadable MOL block"), p.error());
  }

  @Test
  void sdfGoesOnPastEveryKindOfBadRecordAndReadsCrlfAndV3000() throws IOException {
    String ethanol = SDF_CCO.replace("$$$$\n", "");
    String v3000 =
        "v3000\n  test\n\n  0  0  0     0  0            999 V3000\n"
            + "M  V30 BEGIN CTAB\nM  V30 COUNTS 2 1 0 0 0\nM  V30 BEGIN ATOM\n"
            + "M  V30 1 C 0 0 0 0\nM  V30 2 N 1.5 0 0 0\nM  V30 END ATOM\n"
            + "M  V30 BEGIN BOND\nM  V30 1 1 1 2\nM  V30 END BOND\nM  V30 END CTAB\nM  END\n";
    String noEnd = "no end\n  test\n\n  1  0  0  0  0  0  0  0  0  0999 V2000\n";
    String badBond = ethanol.replace("ethanol", "bad bond").replace("  2  3  1  0", "  2  9  1  0");
    // The last record is unreadable and has no $$$$ after it: CDK stops at the end of the file.
    String text =
        (ethanol + "$$$$\n" + noEnd + "$$$$\n" + v3000 + "$$$$\n" + badBond).replace("\n", "\r\n");
    Path f = tmp.resolve("mixed.sdf");
    Files.write(f, text.getBytes(StandardCharsets.UTF_8));
    MoleculeReader.Batch b = MoleculeReader.read(f);
    assertEquals(List.of("ethanol", "v3000"), b.records().stream().map(r -> r.id()).toList());
    assertEquals(List.of(1, 3), b.records().stream().map(r -> r.number()).toList());
    assertEquals(17, b.records().get(1).line());
    assertEquals(2, MoleculeParser.graph(b.records().get(1).input()).atoms().size());
    assertEquals(2, b.problems().size());
    MoleculeReader.Problem noEndProblem = b.problems().get(0);
    assertEquals("no end", noEndProblem.id());
    assertEquals(12, noEndProblem.line());
    assertEquals("no 'M  END' line: not a MOL block", noEndProblem.error());
    MoleculeReader.Problem last = b.problems().get(1);
    assertEquals("bad bond", last.id());
    assertEquals(4, last.number());
    assertTrue(last.error().startsWith("unreadable MOL block"), last.error());

    Path latin = tmp.resolve("latin.sdf");
    byte[] good = (ethanol + "$$$$\n").getBytes(StandardCharsets.UTF_8);
    byte[] bad =
        (ethanol.replace("ethanol", "caf\u00e9") + "$$$$\n").getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.write(bad);
    both.write(good);
    Files.write(latin, both.toByteArray());
    MoleculeReader.Batch l = MoleculeReader.read(latin);
    assertEquals(1, l.records().size());
    assertEquals(12, l.records().get(0).line());
    assertEquals("#1", l.problems().get(0).id(), "the undecodable title is not shown");
    assertTrue(
        l.problems().get(0).error().startsWith("line 1 is not UTF-8"), l.problems().get(0).error());
  }

  @Test
  void emptyFilesAndUnknownTypesAreErrorsNamingTheFile() throws IOException {
    for (String name : new String[] {"e.smi", "e.csv", "e.sdf"}) {
      Path f = write(name, name.endsWith(".smi") ? "# only a comment\n\n" : "");
      AttribException e = assertThrows(AttribException.class, () -> MoleculeReader.read(f));
      assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("no molecules"), e.getMessage());
    }
    Path headerOnly = write("h.csv", "smiles,id\n");
    assertThrows(AttribException.class, () -> MoleculeReader.read(headerOnly));
    Path xyz = write("m.xyz", "C 0 0 0\n");
    AttribException e = assertThrows(AttribException.class, () -> MoleculeReader.read(xyz));
    assertTrue(e.getMessage().contains("'.xyz'"), e.getMessage());
    AttribException missing =
        assertThrows(AttribException.class, () -> MoleculeReader.read(tmp.resolve("none.smi")));
    assertTrue(missing.getMessage().contains("none.smi"), missing.getMessage());
  }

  @Test
  void aLineThatIsNotUtf8IsOneBadRecordNamedByItsLine() throws IOException {
    Path f = tmp.resolve("latin1.smi");
    Files.write(f, "CCO ethanol\nCC caf\u00e9\nc1ccccc1\n".getBytes(StandardCharsets.ISO_8859_1));
    MoleculeReader.Batch b = MoleculeReader.read(f);
    assertEquals(List.of("CCO", "c1ccccc1"), b.records().stream().map(r -> r.input()).toList());
    assertEquals(1, b.problems().size());
    String msg = b.problems().get(0).message();
    assertTrue(msg.startsWith(f + ":2: molecule #2"), msg);
    assertTrue(msg.endsWith("not UTF-8 text (byte 0xe9 at byte 7 of the line)"), msg);
  }

  @Test
  void contentWithoutAFileNameIsReadAsWhatItLooksLike() {
    MoleculeReader.Batch sdf =
        MoleculeReader.read(SDF_CCO.getBytes(StandardCharsets.UTF_8), "stdin", null);
    assertEquals("ethanol", sdf.records().get(0).id());
    MoleculeReader.Batch csv =
        MoleculeReader.read(
            "id,SMILES\nethanol,CCO\n".getBytes(StandardCharsets.UTF_8), "stdin", null);
    assertEquals("ethanol", csv.records().get(0).id());
    MoleculeReader.Batch smi =
        MoleculeReader.read("CCO\nCC,O\n".getBytes(StandardCharsets.UTF_8), "stdin", null);
    assertEquals(2, smi.size(), "SMILES lines: the comma is not a column separator here");
  }

  private static final String SDF_CCO =
      "ethanol\n  test\n\n  3  2  0  0  0  0  0  0  0  0999 V2000\n"
          + "    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0\n"
          + "    1.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0\n"
          + "    2.0000    0.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0\n"
          + "  1  2  1  0\n  2  3  1  0\nM  END\n$$$$\n";

  @Test
  void cdkPrintsNothingOfItsOwnForAnUnreadableRecord() throws IOException {
    // A bond to atom 9 of 2: CDK's MDL reader logs an error before it throws.
    Path f =
        write(
            "bad.sdf",
            "broken\n  test\n\n  2  1  0  0  0  0  0  0  0  0999 V2000\n"
                + "    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0\n"
                + "    1.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0\n"
                + "  1  9  1  0\nM  END\n$$$$\n");
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    MoleculeReader.Batch b;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      b = MoleculeReader.read(f);
    } finally {
      System.setErr(saved);
    }
    assertEquals(1, b.problems().size(), "the record is reported as a problem");
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }
}
