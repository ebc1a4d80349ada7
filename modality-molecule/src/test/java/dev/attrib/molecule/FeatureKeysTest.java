package dev.attrib.molecule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.attrib.model.Manifest;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.NamedTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The featurisation keys beyond the demo's, the manifest's block order, and that the demo's
 * features are what they were. Expected values are worked out by hand from the chemistry: each atom
 * is described by the names of the features that are 1 (and its mass), not by vectors the code
 * printed.
 */
class FeatureKeysTest {

  private static Featurization spec(String json) {
    return Featurization.fromJson(JsonParser.parseString(json), "test");
  }

  /** Every atom and bond key, in an order of its own (not the registry's). */
  private static final Featurization ALL =
      spec(
          "{\"mass\": true, \"elements\": [\"C\", \"N\", \"O\"], \"atomicNumber\": [6, 7, 8],"
              + " \"degree\": [1, 2, 3], \"totalDegree\": [1, 2, 3, 4],"
              + " \"formalCharge\": [-1, 0, 1], \"totalHydrogens\": [0, 1, 2, 3],"
              + " \"implicitHydrogens\": [0, 1, 2, 3], \"radicalElectrons\": [0, 1],"
              + " \"isotope\": [0, 13], \"aromatic\": true,"
              + " \"hybridization\": [\"sp\", \"sp2\", \"sp3\"],"
              + " \"chirality\": [\"unspecified\", \"cw\", \"ccw\"], \"inRing\": true,"
              + " \"ringSizes\": [5, 6],"
              + " \"bondStereo\": [\"none\", \"cis\", \"trans\"],"
              + " \"bondTypes\": [\"single\", \"double\", \"triple\", \"aromatic\"],"
              + " \"conjugated\": true, \"bondInRing\": true, \"bondRingSizes\": [5, 6]}");

  private static final double MASS_C = 12.011;
  private static final double MASS_N = 14.007;
  private static final double MASS_O = 15.999;

  /** The names of the atom's features that are 1, and its mass feature. */
  private static void assertAtom(MolGraph g, int atom, double mass, String... ones) {
    float[] f = ALL.atomFeatures(g.atoms().get(atom));
    List<String> names = ALL.atomFeatureNames();
    assertEquals("mass", names.get(0), "mass is listed first, so it comes first");
    assertEquals(mass * 0.01, f[0], 2e-5, "atom " + atom + " mass");
    Set<String> got = new TreeSet<>();
    for (int i = 1; i < f.length; i++) {
      if (f[i] == 1) {
        got.add(names.get(i));
      } else {
        assertEquals(0f, f[i], "atom " + atom + " " + names.get(i));
      }
    }
    assertEquals(new TreeSet<>(List.of(ones)), got, "atom " + atom);
  }

  private static void assertBond(MolGraph g, int bond, String... ones) {
    float[] f = ALL.bondFeatures(g.bonds().get(bond), g);
    List<String> names = ALL.bondFeatureNames();
    Set<String> got = new TreeSet<>();
    for (int i = 0; i < f.length; i++) {
      if (f[i] == 1) {
        got.add(names.get(i));
      } else {
        assertEquals(0f, f[i], "bond " + bond + " " + names.get(i));
      }
    }
    assertEquals(new TreeSet<>(List.of(ones)), got, "bond " + bond);
  }

  private static String[] carbon(String... more) {
    List<String> l = new ArrayList<>(List.of("element=C", "atomicNumber=6"));
    l.addAll(List.of(more));
    return l.toArray(String[]::new);
  }

  @Test
  void benzene() {
    MolGraph g = MoleculeParser.graph("c1ccccc1");
    for (int i = 0; i < 6; i++) {
      // Two ring neighbours and one H: total degree 3; the H is not written, so implicit.
      assertAtom(
          g,
          i,
          MASS_C,
          carbon(
              "degree=2",
              "totalDegree=3",
              "formalCharge=0",
              "totalHydrogens=1",
              "implicitHydrogens=1",
              "radicalElectrons=0",
              "isotope=0",
              "aromatic",
              "hybridization=sp2",
              "chirality=unspecified",
              "inRing",
              "ringSize=6"));
      assertBond(
          g, i, "bondStereo=none", "bond=aromatic", "conjugated", "bondInRing", "bondRingSize=6");
    }
  }

  @Test
  void pyridine() {
    MolGraph g = MoleculeParser.graph("c1ccncc1");
    // The nitrogen: two ring neighbours, its lone pair in the plane, no hydrogen.
    assertAtom(
        g,
        3,
        MASS_N,
        "element=N",
        "atomicNumber=7",
        "degree=2",
        "totalDegree=2",
        "formalCharge=0",
        "totalHydrogens=0",
        "implicitHydrogens=0",
        "radicalElectrons=0",
        "isotope=0",
        "aromatic",
        "hybridization=sp2",
        "chirality=unspecified",
        "inRing",
        "ringSize=6");
    assertAtom(
        g,
        2,
        MASS_C,
        carbon(
            "degree=2",
            "totalDegree=3",
            "formalCharge=0",
            "totalHydrogens=1",
            "implicitHydrogens=1",
            "radicalElectrons=0",
            "isotope=0",
            "aromatic",
            "hybridization=sp2",
            "chirality=unspecified",
            "inRing",
            "ringSize=6"));
    // c2:n3 is bond 2.
    assertEquals("c2:n3", g.bonds().get(2).label(g));
    assertBond(
        g, 2, "bondStereo=none", "bond=aromatic", "conjugated", "bondInRing", "bondRingSize=6");
  }

  @Test
  void aceticAcid() {
    MolGraph g = MoleculeParser.graph("CC(=O)O");
    String[] common = {
      "formalCharge=0", "radicalElectrons=0", "isotope=0", "chirality=unspecified"
    };
    assertAtom(
        g,
        0,
        MASS_C,
        concat(
            carbon("degree=1", "totalDegree=4", "totalHydrogens=3", "implicitHydrogens=3"),
            common,
            "hybridization=sp3"));
    assertAtom(
        g,
        1,
        MASS_C,
        concat(
            carbon("degree=3", "totalDegree=3", "totalHydrogens=0", "implicitHydrogens=0"),
            common,
            "hybridization=sp2"));
    assertAtom(
        g,
        2,
        MASS_O,
        concat(
            new String[] {
              "element=O",
              "atomicNumber=8",
              "degree=1",
              "totalDegree=1",
              "totalHydrogens=0",
              "implicitHydrogens=0"
            },
            common,
            "hybridization=sp2"));
    assertAtom(
        g,
        3,
        MASS_O,
        concat(
            new String[] {
              "element=O",
              "atomicNumber=8",
              "degree=1",
              "totalDegree=2",
              "totalHydrogens=1",
              "implicitHydrogens=1"
            },
            common,
            "hybridization=sp3"));
    assertBond(g, 0, "bondStereo=none", "bond=single");
    assertBond(g, 1, "bondStereo=none", "bond=double", "conjugated");
    assertBond(g, 2, "bondStereo=none", "bond=single", "conjugated");
    // Written-out hydrogens are folded into their atoms: still counted, but not implicit.
    MolGraph explicit = MoleculeParser.graph("[H]C([H])([H])C(=O)O[H]");
    assertEquals(3, explicit.atoms().get(0).hydrogens());
    assertEquals(0, explicit.atoms().get(0).implicitHydrogens());
    assertEquals(1, explicit.atoms().get(3).hydrogens());
    assertEquals(0, explicit.atoms().get(3).implicitHydrogens());
  }

  @Test
  void chargedNitroGroup() {
    MolGraph g = MoleculeParser.graph("C[N+](=O)[O-]");
    String[] common = {"radicalElectrons=0", "isotope=0", "chirality=unspecified"};
    // N+: three neighbours, four bonds' worth (like C), so no radical and no H.
    assertAtom(
        g,
        1,
        MASS_N,
        concat(
            new String[] {
              "element=N",
              "atomicNumber=7",
              "degree=3",
              "totalDegree=3",
              "formalCharge=1",
              "totalHydrogens=0",
              "implicitHydrogens=0"
            },
            common,
            "hybridization=sp2"));
    assertAtom(
        g,
        2,
        MASS_O,
        concat(
            new String[] {
              "element=O",
              "atomicNumber=8",
              "degree=1",
              "totalDegree=1",
              "formalCharge=0",
              "totalHydrogens=0",
              "implicitHydrogens=0"
            },
            common,
            "hybridization=sp2"));
    // O-: one bond, like F, so no radical; CDK types the oxide sp3.
    assertAtom(
        g,
        3,
        MASS_O,
        concat(
            new String[] {
              "element=O",
              "atomicNumber=8",
              "degree=1",
              "totalDegree=1",
              "formalCharge=-1",
              "totalHydrogens=0",
              "implicitHydrogens=0"
            },
            common,
            "hybridization=sp3"));
    assertBond(g, 0, "bondStereo=none", "bond=single");
    assertBond(g, 1, "bondStereo=none", "bond=double", "conjugated");
    assertBond(g, 2, "bondStereo=none", "bond=single", "conjugated");
  }

  private static String[] concat(String[] a, String[] b, String... c) {
    List<String> l = new ArrayList<>(List.of(a));
    l.addAll(List.of(b));
    l.addAll(List.of(c));
    return l.toArray(String[]::new);
  }

  @Test
  void radicalsIsotopesAndMass() {
    MolGraph ethyl = MoleculeParser.graph("[CH2]C");
    assertEquals(
        1, ethyl.atoms().get(0).radicalElectrons(), "[CH2]C: 2 H + 1 bond, one short of 4");
    assertEquals(0, ethyl.atoms().get(1).radicalElectrons());
    assertEquals(0, MoleculeParser.graph("[CH3]C").atoms().get(0).radicalElectrons(), "ethane");
    assertEquals(1, MoleculeParser.graph("[CH3]").atoms().get(0).radicalElectrons(), "methyl");
    assertEquals(2, MoleculeParser.graph("[O]").atoms().get(0).radicalElectrons(), "atomic O");
    assertEquals(0, MoleculeParser.graph("[NH4+]").atoms().get(0).radicalElectrons());
    assertEquals(0, MoleculeParser.graph("CS(=O)(=O)C").atoms().get(1).radicalElectrons());
    // Total valence: bond orders (Kekulé) plus H.
    assertEquals(6, MoleculeParser.graph("CS(=O)(=O)C").atoms().get(1).valence(), "sulfone S");
    assertEquals(4, MoleculeParser.graph("c1ccccc1").atoms().get(0).valence(), "benzene C");
    assertEquals(4, MoleculeParser.graph("C[N+](=O)[O-]").atoms().get(1).valence(), "nitro N+");
    assertEquals(3, MoleculeParser.graph("[CH2]C").atoms().get(0).valence(), "ethyl radical C");
    Featurization tv = spec("{\"totalValence\": [2, 3, 4], \"bondTypes\": [\"single\"]}");
    assertArrayEquals(
        new float[] {0, 0, 0, 1},
        tv.atomFeatures(MoleculeParser.graph("CS(=O)(=O)C").atoms().get(1)));
    MolGraph c13 = MoleculeParser.graph("[13CH4]");
    assertEquals(13, c13.atoms().get(0).isotope());
    assertEquals(13.00335, c13.atoms().get(0).mass(), 1e-4, "the isotope's exact mass");
    float[] f = ALL.atomFeatures(c13.atoms().get(0));
    assertEquals(1f, f[ALL.atomFeatureNames().indexOf("isotope=13")]);
    assertEquals(35.45, MoleculeParser.graph("CCl").atoms().get(1).mass(), 0.01);
    Featurization scaled = spec("{\"mass\": 1.0, \"bondTypes\": [\"single\"]}");
    assertArrayEquals(
        new float[] {(float) MoleculeParser.graph("O").atoms().get(0).mass()},
        scaled.atomFeatures(MoleculeParser.graph("O").atoms().get(0)));
    assertEquals(MASS_O, MoleculeParser.graph("O").atoms().get(0).mass(), 2e-3);
  }

  @Test
  void chiralityTagsLookFromTheFirstNeighbourInAtomOrder() {
    Featurization chir =
        spec("{\"chirality\": [\"unspecified\", \"cw\", \"ccw\"], \"bondTypes\": [\"single\"]}");
    // Neighbours in atom order F0, (H at the centre's index 1), Cl2, Br3: as written.
    assertEquals("cw", MoleculeParser.graph("F[C@@H](Cl)Br").atoms().get(1).chirality());
    assertEquals("ccw", MoleculeParser.graph("F[C@H](Cl)Br").atoms().get(1).chirality());
    assertArrayEquals(
        new float[] {0, 1, 0, 0},
        chir.atomFeatures(MoleculeParser.graph("F[C@@H](Cl)Br").atoms().get(1)));
    // The H written first: looking from H (the centre's own index 0), then F1, Cl2, Br3.
    assertEquals("cw", MoleculeParser.graph("[C@@H](F)(Cl)Br").atoms().get(0).chirality());
    // A ring closure: the SMILES order at C1 is C0, H, N6 (the digit), C2; atom order swaps the
    // last two, so @@ (clockwise as written) is anticlockwise in atom order.
    assertEquals("ccw", MoleculeParser.graph("C[C@@H]1CCCCN1").atoms().get(1).chirality());
    assertEquals(MolGraph.UNSPECIFIED, MoleculeParser.graph("FC(Cl)Br").atoms().get(1).chirality());
  }

  @Test
  void bondStereoSeenFromTheLowestIndexNeighbours() {
    assertEquals("trans", MoleculeParser.graph("F/C=C/F").bonds().get(1).stereo());
    assertEquals("cis", MoleculeParser.graph("F/C=C\\F").bonds().get(1).stereo());
    // C(/F)=C/F is F\C=C/F: the two F are cis.
    assertEquals("cis", MoleculeParser.graph("C(/F)=C/F").bonds().get(1).stereo());
    // Here F2 and F4 are cis as in the line above, so the lowest-index neighbour of C1, the
    // methyl C0, is trans to F4.
    MolGraph g = MoleculeParser.graph("CC(/F)=C/F");
    assertEquals("C1=C3", g.bonds().get(2).label(g));
    assertEquals("trans", g.bonds().get(2).stereo());
    assertEquals(MolGraph.NO_STEREO, MoleculeParser.graph("CC=CC").bonds().get(1).stereo());
  }

  @Test
  void ringSizesOfFusedRings() {
    // Indane: benzene c0..c5 fused to a five-ring c3, c4, C6, C7, C8 at the bond c3-c4.
    MolGraph g = MoleculeParser.graph("c1ccc2c(c1)CCC2");
    assertEquals(List.of(6), g.atoms().get(0).ringSizes());
    assertEquals(List.of(5, 6), g.atoms().get(3).ringSizes());
    assertEquals(List.of(5, 6), g.atoms().get(4).ringSizes());
    assertEquals(List.of(5), g.atoms().get(7).ringSizes());
    MolGraph.Bond fusion =
        g.bonds().stream().filter(b -> b.begin() == 3 && b.end() == 4).findFirst().orElseThrow();
    assertEquals(List.of(5, 6), fusion.ringSizes());
    Featurization rings =
        spec(
            "{\"ringSizes\": {\"values\": [5, 6], \"other\": false}, \"bondTypes\": [\"single\","
                + " \"double\", \"aromatic\"], \"bondRingSizes\": [3, 5]}");
    assertEquals(List.of("ringSize=5", "ringSize=6"), rings.atomFeatureNames());
    assertArrayEquals(new float[] {1, 1}, rings.atomFeatures(g.atoms().get(3)));
    assertArrayEquals(
        new float[] {0, 0}, rings.atomFeatures(MoleculeParser.graph("CC").atoms().get(0)));
    // The fusion bond: aromatic, in a five-ring (listed) and a six-ring (other).
    assertArrayEquals(new float[] {0, 0, 1, 0, 1, 1}, rings.bondFeatures(fusion, g));
    assertEquals(List.of(), MoleculeParser.graph("CCO").atoms().get(1).ringSizes());
  }

  @Test
  void blocksComeInTheManifestsOrder() {
    Featurization f =
        spec(
            "{\"hybridization\": [\"sp\", \"sp2\", \"sp3\"], \"bondInRing\": true,"
                + " \"aromatic\": true, \"elements\": [\"C\", \"N\"],"
                + " \"bondTypes\": [\"single\", \"double\", \"triple\", \"aromatic\"]}");
    assertEquals(
        List.of(
            "hybridization=sp",
            "hybridization=sp2",
            "hybridization=sp3",
            "hybridization=other",
            "aromatic",
            "element=C",
            "element=N",
            "element=other"),
        f.atomFeatureNames());
    assertEquals(
        List.of("bondInRing", "bond=single", "bond=double", "bond=triple", "bond=aromatic"),
        f.bondFeatureNames());
    MolGraph py = MoleculeParser.graph("c1ccncc1");
    assertArrayEquals(new float[] {0, 1, 0, 0, 1, 0, 1, 0}, f.atomFeatures(py.atoms().get(3)));
    assertArrayEquals(new float[] {1, 0, 0, 0, 1}, f.bondFeatures(py.bonds().get(0), py));
    assertEquals(List.copyOf(f.toJson().keySet()).get(0), "hybridization", "toJson keeps order");
  }

  /**
   * Through a manifest, as a user's model folder gives it: the demo's blocks in another order make
   * the demo's features with their columns permuted block by block.
   */
  @Test
  void aManifestWithReorderedBlocksGetsItsOrder(@TempDir Path tmp) throws IOException {
    String manifest = TinyModel.manifest();
    String reordered =
        manifest.replaceAll(
            "(?s)\"featurization\": \\{.*?\\},",
            "\"featurization\": {\"inRing\": true, \"hybridization\": [\"sp\", \"sp2\", \"sp3\"],"
                + " \"aromatic\": true, \"hydrogens\": [0, 1, 2, 3], \"formalCharge\": [-1, 0, 1],"
                + " \"degree\": [0, 1, 2, 3, 4], \"elements\": [\"C\", \"N\", \"O\", \"F\", \"P\","
                + " \"S\", \"Cl\", \"Br\", \"I\"], \"bondInRing\": true, \"conjugated\": true,"
                + " \"bondTypes\": [\"single\", \"double\", \"triple\", \"aromatic\"]},");
    assertTrue(reordered.contains("\"inRing\": true, \"hybridization\""));
    Files.writeString(tmp.resolve("attrib.json"), reordered);
    MoleculeSpec spec = MoleculeSpec.of(Manifest.read(tmp, MoleculeSpec.KEYS));
    String smi = "O=C(O)c1ccccc1[N+](=O)[O-]";
    MoleculeEncoding got = MoleculeModality.encode(smi, spec);
    MolGraph g = got.graph();
    int n = g.atoms().size();
    float[] atoms = tensor(got, "atom_features");
    float[] pairs = tensor(got, "pair_features");
    // The default layout: element 0-9, degree 10-15, charge 16-19, H 20-24, aromatic 25,
    // hybridization 26-29, ring 30. Reordered: ring, hybridization, aromatic, H, charge, degree,
    // element.
    int[] from = new int[31];
    int k = 0;
    for (int[] block :
        new int[][] {{30, 31}, {26, 30}, {25, 26}, {20, 25}, {16, 20}, {10, 16}, {0, 10}}) {
      for (int c = block[0]; c < block[1]; c++) {
        from[k++] = c;
      }
    }
    float[] old = LegacyDefaultFeaturization.atomFeatures(g, n);
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 31; c++) {
        assertEquals(old[i * 31 + from[c]], atoms[i * 31 + c], "atom " + i + " column " + c);
      }
    }
    // Bonds: ring, conjugated, then the four types.
    float[] oldPairs = LegacyDefaultFeaturization.pairFeatures(g, n);
    int[] pairFrom = {5, 4, 0, 1, 2, 3};
    for (int p = 0; p < n * n; p++) {
      for (int c = 0; c < 6; c++) {
        assertEquals(oldPairs[p * 6 + pairFrom[c]], pairs[p * 6 + c], "pair " + p + " col " + c);
      }
    }
  }

  private static float[] tensor(MoleculeEncoding e, String name) {
    for (NamedTensor t : e.tensors()) {
      if (t.name().equals(name)) {
        return t.value().floats();
      }
    }
    throw new AssertionError(name);
  }

  /** The demo model's features are bit for bit what the featuriser made before this change. */
  @Test
  void theDemoFeaturizationIsUnchanged() {
    assertEquals(31, Featurization.DEFAULT.atomFeatureCount());
    assertEquals(6, Featurization.DEFAULT.pairFeatureCount());
    for (String smi :
        new String[] {
          "c1ccccc1",
          "C1=CC=CC=C1",
          "c1ccncc1",
          "CC(=O)O",
          "C[N+](=O)[O-]",
          "O=C(O)c1ccccc1[N+](=O)[O-]",
          "FC(F)(F)C(=O)Cl",
          "c1ccc2[nH]ccc2c1",
          "C#N",
          "CS(=O)(=O)N",
          "OP(=O)(O)O",
          "Brc1ccc(I)cc1",
          "[Se]",
          "FS(F)(F)(F)(F)F",
          "C[C@@H](N)C(=O)O",
          "F/C=C/F",
          "[NH4+].[Cl-]",
          "[H]C([H])([H])C(=O)O[H]",
          "C1CC2CCC1C2",
          "o1cccc1",
          "c1ccsc1"
        }) {
      MolGraph g = MoleculeParser.graph(smi);
      int n = g.atoms().size();
      assertArrayEquals(
          LegacyDefaultFeaturization.atomFeatures(g, n),
          Featurization.DEFAULT.atomFeatures(g, n),
          smi);
      assertArrayEquals(
          LegacyDefaultFeaturization.pairFeatures(g, n + 2),
          Featurization.DEFAULT.pairFeatures(g, n + 2),
          smi);
    }
    // And the manifest JSON the demo's trainer writes from it keeps its keys and order.
    assertEquals(
        List.of(
            "elements",
            "degree",
            "formalCharge",
            "hydrogens",
            "aromatic",
            "hybridization",
            "inRing",
            "bondTypes",
            "conjugated",
            "bondInRing"),
        List.copyOf(Featurization.DEFAULT.toJson().keySet()));
  }

  @Test
  void bondTypesWithAnOtherSlotTakeUnlistedTypesThere() {
    Featurization f =
        spec("{\"bondTypes\": {\"values\": [\"single\", \"double\"], \"other\": true}}");
    assertEquals(List.of("bond=single", "bond=double", "bond=other"), f.bondFeatureNames());
    MolGraph g = MoleculeParser.graph("C#N");
    assertArrayEquals(new float[] {0, 0, 1}, f.bondFeatures(g.bonds().get(0), g));
    assertEquals(Featurization.KEYS, Featurization.keyDescriptions().keySet());
  }

  @Test
  void unknownKeysListTheAvailableOnesOnOneLine() {
    AttribException e =
        assertThrows(
            AttribException.class,
            () -> spec("{\"chiralty\": [\"cw\"], \"bondTypes\": [\"single\"]}"));
    String m = e.getMessage();
    assertFalse(m.contains("\n"), m);
    assertTrue(m.contains("'chiralty'"), m);
    for (String k : Featurization.KEYS) {
      assertTrue(m.contains(k), k + " in " + m);
    }
    e =
        assertThrows(
            AttribException.class,
            () -> spec("{\"chirality\": [\"R\"], \"bondTypes\": [\"single\"]}"));
    assertTrue(e.getMessage().contains("'R'") && e.getMessage().contains("ccw"), e.getMessage());
    e =
        assertThrows(
            AttribException.class,
            () ->
                spec(
                    "{\"degree\": {\"values\": [1], \"others\": true}, \"bondTypes\": [\"single\"]}"));
    assertTrue(e.getMessage().contains("'others'"), e.getMessage());
  }
}
