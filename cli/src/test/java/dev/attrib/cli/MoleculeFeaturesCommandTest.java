package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attrib molecule --features}: the model's features of an input, written for comparison with
 * another featuriser. Expected features are worked out by hand from the chemistry, as the names of
 * the features that are 1.
 */
class MoleculeFeaturesCommandTest {
  @TempDir Path home;
  @TempDir Path work;

  private String[] run(int expected, String... args) {
    return CliRun.run(home, expected, args);
  }

  private static JsonObject json(String line) {
    return JsonParser.parseString(line).getAsJsonObject();
  }

  /** The names of the features that are 1 (every other feature must be 0). */
  private static Set<String> ones(JsonObject molecule, String kind, int index) {
    JsonArray names = molecule.getAsJsonArray(kind + "FeatureNames");
    JsonArray values =
        molecule
            .getAsJsonArray(kind.equals("atom") ? "atoms" : "bonds")
            .get(index)
            .getAsJsonObject()
            .getAsJsonArray("features");
    assertEquals(names.size(), values.size());
    Set<String> out = new TreeSet<>();
    for (int i = 0; i < names.size(); i++) {
      double v = values.get(i).getAsDouble();
      if (v == 1) {
        out.add(names.get(i).getAsString());
      } else {
        assertEquals(0.0, v, names.get(i).getAsString());
      }
    }
    return out;
  }

  private static Set<String> set(String... names) {
    return new TreeSet<>(List.of(names));
  }

  /** The demo model's featurisation of the four worked examples of the issue. */
  @Test
  void theDemoFeaturesOfFourWorkedExamples() {
    String[] lines =
        run(0, "molecule", "--features", "c1ccccc1", "c1ccncc1", "CC(=O)O", "C[N+](=O)[O-]")[0]
            .lines()
            .toArray(String[]::new);
    assertEquals(4, lines.length);
    JsonObject benzene = json(lines[0]);
    assertEquals("c1ccccc1", benzene.get("input").getAsString());
    assertEquals(31, benzene.getAsJsonArray("atomFeatureNames").size());
    assertEquals(6, benzene.getAsJsonArray("atoms").size());
    for (int i = 0; i < 6; i++) {
      assertEquals(
          set(
              "element=C",
              "degree=2",
              "formalCharge=0",
              "hydrogens=1",
              "aromatic",
              "hybridization=sp2",
              "inRing"),
          ones(benzene, "atom", i));
      assertEquals(set("bond=aromatic", "conjugated", "bondInRing"), ones(benzene, "bond", i));
    }
    JsonObject pyridine = json(lines[1]);
    assertEquals(
        set(
            "element=N",
            "degree=2",
            "formalCharge=0",
            "hydrogens=0",
            "aromatic",
            "hybridization=sp2",
            "inRing"),
        ones(pyridine, "atom", 3));
    JsonObject acetic = json(lines[2]);
    assertEquals(
        set("element=C", "degree=1", "formalCharge=0", "hydrogens=3", "hybridization=sp3"),
        ones(acetic, "atom", 0));
    assertEquals(
        set("element=C", "degree=3", "formalCharge=0", "hydrogens=0", "hybridization=sp2"),
        ones(acetic, "atom", 1));
    assertEquals(
        set("element=O", "degree=1", "formalCharge=0", "hydrogens=0", "hybridization=sp2"),
        ones(acetic, "atom", 2));
    assertEquals(
        set("element=O", "degree=1", "formalCharge=0", "hydrogens=1", "hybridization=sp3"),
        ones(acetic, "atom", 3));
    assertEquals(set("bond=single"), ones(acetic, "bond", 0));
    assertEquals(set("bond=double", "conjugated"), ones(acetic, "bond", 1));
    assertEquals(set("bond=single", "conjugated"), ones(acetic, "bond", 2));
    JsonObject nitro = json(lines[3]);
    assertEquals(
        set("element=N", "degree=3", "formalCharge=1", "hydrogens=0", "hybridization=sp2"),
        ones(nitro, "atom", 1));
    assertEquals(
        set("element=O", "degree=1", "formalCharge=-1", "hydrogens=0", "hybridization=sp3"),
        ones(nitro, "atom", 3));
    JsonObject nitroBond = nitro.getAsJsonArray("bonds").get(2).getAsJsonObject();
    assertEquals("N1-O3", nitroBond.get("label").getAsString());
    assertEquals(1, nitroBond.get("begin").getAsInt());
    assertEquals(3, nitroBond.get("end").getAsInt());
    assertEquals(set("bond=single", "conjugated"), ones(nitro, "bond", 2));
  }

  /** A user's model folder: its own keys and order; only the manifest is read, not the network. */
  @Test
  void aUsersFeaturizationInItsOwnOrderAsCsv() throws Exception {
    Path model = Files.createDirectories(work.resolve("model"));
    Files.writeString(
        model.resolve("attrib.json"),
        "{\"modality\": \"molecule\", \"format\": \"torchscript\", \"labels\": [\"a\"],"
            + " \"inputs\": [\"atom_features\", \"edge_index\", \"edge_features\"],"
            + " \"featurization\": {\"chirality\": [\"unspecified\", \"cw\", \"ccw\"],"
            + " \"mass\": true, \"elements\": [\"C\", \"N\", \"O\"],"
            + " \"implicitHydrogens\": [0, 1, 2, 3], \"radicalElectrons\": [0, 1],"
            + " \"bondTypes\": [\"single\", \"double\", \"aromatic\"],"
            + " \"bondRingSizes\": {\"values\": [6], \"other\": false}}}");
    String csv =
        run(
            0,
            "molecule",
            "--features",
            "--format",
            "csv",
            "--model",
            model.toString(),
            "C[N+](=O)[O-] nitromethane",
            "c1ccncc1")[0];
    List<String> rows = csv.lines().toList();
    assertEquals(
        "molecule,name,kind,index,label,begin,end,chirality=unspecified,chirality=cw,chirality=ccw,"
            + "chirality=other,mass,element=C,element=N,element=O,element=other,"
            + "implicitHydrogens=0,implicitHydrogens=1,implicitHydrogens=2,implicitHydrogens=3,"
            + "implicitHydrogens=other,radicalElectrons=0,radicalElectrons=1,radicalElectrons=other,"
            + "bond=single,bond=double,bond=aromatic,bondRingSize=6",
        rows.get(0));
    assertEquals(1 + (4 + 3) + (6 + 6), rows.size(), csv);
    // N+ of nitromethane: no chirality, mass 14.007 * 0.01, N, no H, no radical; no bond columns.
    List<String> n = List.of(rows.get(2).split(",", -1));
    assertEquals(List.of("1", "nitromethane", "atom", "1", "N1", "", ""), n.subList(0, 7));
    assertEquals(List.of("1", "0", "0", "0"), n.subList(7, 11));
    assertEquals(0.14007, Double.parseDouble(n.get(11)), 1e-4);
    assertEquals(List.of("0", "1", "0", "0"), n.subList(12, 16));
    assertEquals(List.of("1", "0", "0", "0", "0", "1", "0", "0"), n.subList(16, 24));
    assertEquals(List.of("", "", "", ""), n.subList(24, 28));
    // A pyridine ring bond: aromatic, in the six-ring; atom columns empty.
    List<String> b = List.of(rows.get(1 + 7 + 6).split(",", -1));
    assertEquals(List.of("2", "c1ccncc1", "bond", "0", "c0:c1", "0", "1"), b.subList(0, 7));
    assertEquals(new ArrayList<>(java.util.Collections.nCopies(17, "")), b.subList(7, 24));
    assertEquals(List.of("0", "0", "1", "1"), b.subList(24, 28));
  }

  @Test
  void untrustedTitlesCannotReachTheTerminalRaw() {
    String[] r = run(0, "molecule", "--features", "CC \u001b[2Jtitle\u009b");
    assertFalse(r[0].contains("\u001b"), r[0]);
    assertFalse(r[0].contains("\u009b"), r[0]);
    assertEquals("\u001b[2Jtitle\u009b", json(r[0].strip()).get("id").getAsString());
    String csv = run(0, "molecule", "--features", "--format", "csv", "CC =1+1 \u001b")[0];
    assertFalse(csv.contains("\u001b"), csv);
    assertTrue(csv.contains(",'=1+1 \\x1b,"), csv);
  }

  @Test
  void problemsAreOneLine() throws Exception {
    String err = run(2, "molecule", "--features", "--format", "svg", "C")[1];
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.contains("json or csv"), err);
    Path model = Files.createDirectories(work.resolve("bad"));
    Files.writeString(
        model.resolve("attrib.json"),
        "{\"modality\": \"molecule\", \"format\": \"torchscript\","
            + " \"featurization\": {\"chiralty\": [\"cw\"], \"bondTypes\": [\"single\"]}}");
    err = run(2, "molecule", "--features", "--model", model.toString(), "C")[1];
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.contains("'chiralty'") && err.contains("chirality"), err);
    Path smi = work.resolve("m.smi");
    Files.writeString(smi, "CCO ethanol\nC1CC(( broken\n");
    String[] r = run(2, "molecule", "--features", "--input", smi.toString());
    assertEquals(1, r[0].lines().count(), r[0]);
    assertEquals("ethanol", json(r[0].strip()).get("id").getAsString());
    assertTrue(r[1].contains("m.smi:2"), r[1]);
  }
}
