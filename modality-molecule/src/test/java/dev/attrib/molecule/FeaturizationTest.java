package dev.attrib.molecule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.attrib.spi.AttribException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden features, worked out by hand from the chemistry and the documented layout of {@link
 * Featurization#DEFAULT} (see docs/molecule-featurization.md):
 *
 * <pre>
 *  0- 9 element C N O F P S Cl Br I other   10-15 degree 0 1 2 3 4 other
 * 16-19 charge -1 0 +1 other                 20-24 hydrogens 0 1 2 3 other
 *    25 aromatic   26-29 sp sp2 sp3 other    30 in ring
 * pair: 0-3 single double triple aromatic, 4 conjugated, 5 in ring
 * </pre>
 */
class FeaturizationTest {
  private static final Featurization F = Featurization.DEFAULT;

  private static final int C = 0;
  private static final int N = 1;
  private static final int O = 2;
  private static final int DEG = 10;
  private static final int CHARGE_MINUS = 16;
  private static final int CHARGE_0 = 17;
  private static final int CHARGE_PLUS = 18;
  private static final int H = 20;
  private static final int AROMATIC = 25;
  private static final int SP2 = 27;
  private static final int SP3 = 28;
  private static final int RING = 30;

  /** A 31-long vector with ones at the given positions. */
  private static float[] atom(int... ones) {
    float[] f = new float[31];
    for (int i : ones) {
      f[i] = 1;
    }
    return f;
  }

  private static float[] pair(int... ones) {
    float[] f = new float[6];
    for (int i : ones) {
      f[i] = 1;
    }
    return f;
  }

  private static final float[] SINGLE = pair(0);
  private static final float[] SINGLE_CONJ = pair(0, 4);
  private static final float[] DOUBLE_CONJ = pair(1, 4);
  private static final float[] AROMATIC_BOND = pair(3, 4, 5);
  private static final float[] NONE = pair();

  private static float[] atomRow(float[] all, int i) {
    float[] r = new float[31];
    System.arraycopy(all, i * 31, r, 0, 31);
    return r;
  }

  private static float[] pairAt(float[] all, int n, int i, int j) {
    float[] r = new float[6];
    System.arraycopy(all, (i * n + j) * 6, r, 0, 6);
    return r;
  }

  @Test
  void layoutIsAsDocumented() {
    assertEquals(31, F.atomFeatureCount());
    assertEquals(6, F.pairFeatureCount());
    List<String> names = F.atomFeatureNames();
    assertEquals("element=C", names.get(C));
    assertEquals("element=other", names.get(9));
    assertEquals("degree=0", names.get(DEG));
    assertEquals("formalCharge=-1", names.get(CHARGE_MINUS));
    assertEquals("hydrogens=0", names.get(H));
    assertEquals("aromatic", names.get(AROMATIC));
    assertEquals("hybridization=sp2", names.get(SP2));
    assertEquals("inRing", names.get(RING));
    assertEquals(
        List.of(
            "bond=single",
            "bond=double",
            "bond=triple",
            "bond=aromatic",
            "conjugated",
            "bondInRing"),
        F.pairFeatureNames());
  }

  @Test
  void benzene() {
    MolGraph g = MoleculeParser.graph("c1ccccc1");
    float[] a = F.atomFeatures(g);
    float[] p = F.pairFeatures(g, 6);
    // Every atom: C, two heavy neighbours, neutral, one H, aromatic, sp2, in a ring.
    for (int i = 0; i < 6; i++) {
      assertArrayEquals(atom(C, DEG + 2, CHARGE_0, H + 1, AROMATIC, SP2, RING), atomRow(a, i));
      assertArrayEquals(AROMATIC_BOND, pairAt(p, 6, i, (i + 1) % 6), "bond " + i);
      assertArrayEquals(AROMATIC_BOND, pairAt(p, 6, (i + 1) % 6, i), "reverse bond " + i);
      assertArrayEquals(NONE, pairAt(p, 6, i, i), "diagonal");
      assertArrayEquals(NONE, pairAt(p, 6, i, (i + 2) % 6), "meta pair is not bonded");
      assertArrayEquals(NONE, pairAt(p, 6, i, (i + 3) % 6), "para pair is not bonded");
    }
    // The Kekulé spelling is the same molecule.
    MolGraph kekule = MoleculeParser.graph("C1=CC=CC=C1");
    assertArrayEquals(a, F.atomFeatures(kekule));
    assertArrayEquals(p, F.pairFeatures(kekule, 6));
  }

  @Test
  void pyridine() {
    MolGraph g = MoleculeParser.graph("c1ccncc1");
    float[] a = F.atomFeatures(g);
    float[] p = F.pairFeatures(g, 6);
    float[] carbon = atom(C, DEG + 2, CHARGE_0, H + 1, AROMATIC, SP2, RING);
    for (int i : new int[] {0, 1, 2, 4, 5}) {
      assertArrayEquals(carbon, atomRow(a, i), "carbon " + i);
    }
    // The ring nitrogen: two neighbours, no hydrogen.
    assertArrayEquals(atom(N, DEG + 2, CHARGE_0, H, AROMATIC, SP2, RING), atomRow(a, 3));
    assertArrayEquals(AROMATIC_BOND, pairAt(p, 6, 2, 3));
    assertArrayEquals(AROMATIC_BOND, pairAt(p, 6, 3, 4));
    assertArrayEquals(AROMATIC_BOND, pairAt(p, 6, 5, 0));
  }

  @Test
  void aceticAcid() {
    MolGraph g = MoleculeParser.graph("CC(=O)O");
    float[] a = F.atomFeatures(g);
    float[] p = F.pairFeatures(g, 4);
    assertArrayEquals(atom(C, DEG + 1, CHARGE_0, H + 3, SP3), atomRow(a, 0), "methyl");
    assertArrayEquals(atom(C, DEG + 3, CHARGE_0, H, SP2), atomRow(a, 1), "carboxyl C");
    assertArrayEquals(atom(O, DEG + 1, CHARGE_0, H, SP2), atomRow(a, 2), "carbonyl O");
    assertArrayEquals(atom(O, DEG + 1, CHARGE_0, H + 1, SP3), atomRow(a, 3), "hydroxyl O");
    // The methyl bond is not conjugated; C=O and C-OH form the conjugated carboxyl.
    assertArrayEquals(SINGLE, pairAt(p, 4, 0, 1));
    assertArrayEquals(DOUBLE_CONJ, pairAt(p, 4, 1, 2));
    assertArrayEquals(DOUBLE_CONJ, pairAt(p, 4, 2, 1));
    assertArrayEquals(SINGLE_CONJ, pairAt(p, 4, 1, 3));
    assertArrayEquals(NONE, pairAt(p, 4, 0, 2));
    assertArrayEquals(NONE, pairAt(p, 4, 2, 3));
    // Explicit hydrogens fold into their heavy atoms: same molecule, same order.
    MolGraph explicit = MoleculeParser.graph("[H]C([H])([H])C(=O)O[H]");
    assertArrayEquals(a, F.atomFeatures(explicit));
    assertArrayEquals(p, F.pairFeatures(explicit, 4));
  }

  @Test
  void chargedNitroGroup() {
    MolGraph g = MoleculeParser.graph("C[N+](=O)[O-]");
    float[] a = F.atomFeatures(g);
    float[] p = F.pairFeatures(g, 4);
    assertArrayEquals(atom(C, DEG + 1, CHARGE_0, H + 3, SP3), atomRow(a, 0));
    assertArrayEquals(atom(N, DEG + 3, CHARGE_PLUS, H, SP2), atomRow(a, 1), "N+");
    assertArrayEquals(atom(O, DEG + 1, CHARGE_0, H, SP2), atomRow(a, 2), "=O");
    // CDK types the oxide as O.minus, sp3 (documented: hybridisation is CDK's atom typer's).
    assertArrayEquals(atom(O, DEG + 1, CHARGE_MINUS, H, SP3), atomRow(a, 3), "O-");
    assertArrayEquals(SINGLE, pairAt(p, 4, 0, 1));
    assertArrayEquals(DOUBLE_CONJ, pairAt(p, 4, 1, 2));
    assertArrayEquals(SINGLE_CONJ, pairAt(p, 4, 1, 3));
    assertArrayEquals(SINGLE_CONJ, pairAt(p, 4, 3, 1));
  }

  @Test
  void otherSlotsCatchWhatTheListsLack() {
    // Se is not in the element list, a sulfur with 6 bonds is sp3d2 (not listed), charge +2.
    MolGraph g = MoleculeParser.graph("[Se]");
    float[] a = F.atomFeatures(g);
    assertEquals(1f, a[9], "element=other");
    MolGraph sf6 = MoleculeParser.graph("FS(F)(F)(F)(F)F");
    float[] s = atomRow(F.atomFeatures(sf6), 1);
    assertEquals(1f, s[5], "element=S");
    assertEquals(1f, s[15], "degree 6 = other");
    assertEquals(1f, s[29], "hybridization other");
  }

  @Test
  void withoutAromaticBondTypeAromaticBondsTakeTheirKekuleOrder() {
    Featurization kek =
        Featurization.fromJson(
            JsonParser.parseString(
                "{\"elements\": [\"C\"], \"bondTypes\": [\"single\", \"double\"]}"),
            "kekule");
    MolGraph g = MoleculeParser.graph("c1ccccc1");
    float[] p = kek.pairFeatures(g, 6);
    int singles = 0;
    int doubles = 0;
    for (int i = 0; i < 6; i++) {
      float[] b = pairAt2(p, 6, i, (i + 1) % 6);
      singles += (int) b[0];
      doubles += (int) b[1];
    }
    assertEquals(3, singles);
    assertEquals(3, doubles);
    assertEquals(2, kek.atomFeatureCount(), "C and other");
    AttribException e =
        assertThrows(AttribException.class, () -> kek.pairFeatures(MoleculeParser.graph("C#C"), 2));
    assertTrue(e.getMessage().contains("C0#C1"), e.getMessage());
    assertTrue(e.getMessage().contains("triple"), e.getMessage());
  }

  private static float[] pairAt2(float[] all, int n, int i, int j) {
    float[] r = new float[2];
    System.arraycopy(all, (i * n + j) * 2, r, 0, 2);
    return r;
  }

  @Test
  void jsonRoundTripAndErrors() {
    assertEquals(F, Featurization.fromJson(F.toJson(), "x"));
    JsonObject bad = F.toJson();
    bad.addProperty("charge", true);
    AttribException e =
        assertThrows(AttribException.class, () -> Featurization.fromJson(bad, "m/attrib.json"));
    assertTrue(e.getMessage().contains("m/attrib.json"), e.getMessage());
    assertTrue(e.getMessage().contains("'charge'"), e.getMessage());
    assertTrue(e.getMessage().contains("formalCharge"), e.getMessage());
    JsonObject badHyb =
        JsonParser.parseString("{\"bondTypes\":[\"single\"],\"hybridization\":[\"sp4\"]}")
            .getAsJsonObject();
    e = assertThrows(AttribException.class, () -> Featurization.fromJson(badHyb, "f"));
    assertTrue(e.getMessage().contains("sp4"), e.getMessage());
    JsonObject noBonds = JsonParser.parseString("{\"elements\":[\"C\"]}").getAsJsonObject();
    e = assertThrows(AttribException.class, () -> Featurization.fromJson(noBonds, "f"));
    assertTrue(e.getMessage().contains("bondTypes"), e.getMessage());
    JsonObject notInts =
        JsonParser.parseString("{\"bondTypes\":[\"single\"],\"degree\":[1.5]}").getAsJsonObject();
    e = assertThrows(AttribException.class, () -> Featurization.fromJson(notInts, "f"));
    assertTrue(e.getMessage().contains("degree"), e.getMessage());
  }
}
