package dev.attrib.molecule;

import dev.attrib.ig.Attribution;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Tensor;
import dev.attrib.spi.Unit;
import dev.attrib.spi.UnitScores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A molecule attribution summarised per atom and per bond.
 *
 * <pre>{@code
 * MoleculeScores s = MoleculeScores.of(explanation.encoded(), row.attribution());
 * s.atoms()[9];                 // score of atom 9: the sum over its atom features
 * s.bonds()[3];                 // score of bond 3: the sum over its pair entries, both directions
 * s.split().bondsFraction();    // share of the total carried by bonds
 * s.topAtoms(5);                // atom indices by decreasing |score|
 * }</pre>
 *
 * <p>Contract: one score per atom in the molecule's atom order and one per bond in its bond order;
 * padding rows (when the model pads to {@code maxAtoms}) belong to no unit and their pair entries
 * count as unbonded pairs.
 *
 * @param graph the molecule
 * @param atoms one score per atom
 * @param bonds one score per bond
 * @param split atoms vs bonds vs unbonded pairs
 */
public record MoleculeScores(MolGraph graph, double[] atoms, double[] bonds, AtomBondSplit split) {

  public MoleculeScores {
    atoms = atoms.clone();
    bonds = bonds.clone();
  }

  @Override
  public double[] atoms() {
    return atoms.clone();
  }

  @Override
  public double[] bonds() {
    return bonds.clone();
  }

  /**
   * Summarises the raw attribution of an input encoded by {@link MoleculeModality}: with the dense
   * contract a bond's score sums its pair entries {@code [i, j]} and {@code [j, i]}, with the edge
   * list its two edges' features; padding edges count as unbonded pairs.
   */
  public static MoleculeScores of(MoleculeEncoding encoded, Attribution attribution) {
    if (has(encoded, MoleculeModality.EDGE_FEATURES)) {
      return ofEdges(encoded, attribution);
    }
    MolGraph g = encoded.graph();
    Tensor af = attribution.scores(MoleculeModality.ATOM_FEATURES);
    Tensor pf = attribution.scores(MoleculeModality.PAIR_FEATURES);
    long[] as = af.shape();
    long[] ps = pf.shape();
    if (as.length != 2 || ps.length != 3 || ps[0] != as[0] || ps[1] != as[0]) {
      throw new AttribException(
          "molecule attribution has unexpected shapes "
              + Arrays.toString(as)
              + " and "
              + Arrays.toString(ps));
    }
    int n = (int) as[0];
    int fa = (int) as[1];
    int fp = (int) ps[2];
    float[] a = af.floats();
    float[] p = pf.floats();
    double[] atoms = new double[g.atoms().size()];
    double atomTotal = atomScores(a, n, fa, atoms);
    double[] bonds = new double[g.bonds().size()];
    boolean[] bonded = new boolean[n * n];
    double bondTotal = 0;
    for (MolGraph.Bond b : g.bonds()) {
      double s = pair(p, n, fp, b.begin(), b.end()) + pair(p, n, fp, b.end(), b.begin());
      bonds[b.index()] = s;
      bondTotal += s;
      bonded[b.begin() * n + b.end()] = true;
      bonded[b.end() * n + b.begin()] = true;
    }
    double rest = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (!bonded[i * n + j]) {
          rest += pair(p, n, fp, i, j);
        }
      }
    }
    return new MoleculeScores(g, atoms, bonds, AtomBondSplit.of(atomTotal, bondTotal, rest));
  }

  /** Per-atom sums into {@code atoms}; returns the total over all rows, padding included. */
  private static double atomScores(float[] a, int n, int fa, double[] atoms) {
    double total = 0;
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int k = 0; k < fa; k++) {
        s += a[i * fa + k];
      }
      if (i < atoms.length) {
        atoms[i] = s;
      }
      // Padding rows are zero at input and baseline, so they add nothing; kept for exactness.
      total += s;
    }
    return total;
  }

  private static MoleculeScores ofEdges(MoleculeEncoding encoded, Attribution attribution) {
    MolGraph g = encoded.graph();
    Tensor af = attribution.scores(MoleculeModality.ATOM_FEATURES);
    Tensor ef = attribution.scores(MoleculeModality.EDGE_FEATURES);
    long[] as = af.shape();
    long[] es = ef.shape();
    if (as.length != 2 || es.length != 2 || es[0] < 2L * g.bonds().size()) {
      throw new AttribException(
          "molecule edge-list attribution has unexpected shapes "
              + Arrays.toString(as)
              + " and "
              + Arrays.toString(es));
    }
    int fe = (int) es[1];
    float[] e = ef.floats();
    double[] atoms = new double[g.atoms().size()];
    double atomTotal = atomScores(af.floats(), (int) as[0], (int) as[1], atoms);
    double[] bonds = new double[g.bonds().size()];
    double bondTotal = 0;
    for (MolGraph.Bond b : g.bonds()) {
      double s = row(e, fe, 2 * b.index()) + row(e, fe, 2 * b.index() + 1);
      bonds[b.index()] = s;
      bondTotal += s;
    }
    double rest = 0;
    for (int k = 2 * g.bonds().size(); k < es[0]; k++) {
      rest += row(e, fe, k);
    }
    return new MoleculeScores(g, atoms, bonds, AtomBondSplit.of(atomTotal, bondTotal, rest));
  }

  private static double row(float[] x, int width, int r) {
    double s = 0;
    for (int k = 0; k < width; k++) {
      s += x[r * width + k];
    }
    return s;
  }

  private static boolean has(MoleculeEncoding e, String name) {
    for (var t : e.tensors()) {
      if (t.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static double pair(float[] p, int n, int fp, int i, int j) {
    double s = 0;
    int base = (i * n + j) * fp;
    for (int k = 0; k < fp; k++) {
      s += p[base + k];
    }
    return s;
  }

  /** Atoms then bonds, as the units of {@link MoleculeModality#encode}. */
  public UnitScores unitScores() {
    List<Unit> units = units(graph);
    double[] s = new double[atoms.length + bonds.length];
    System.arraycopy(atoms, 0, s, 0, atoms.length);
    System.arraycopy(bonds, 0, s, atoms.length, bonds.length);
    return new UnitScores(units, s);
  }

  /** The units of a molecule: atoms (kind {@code atom}) then bonds (kind {@code bond}). */
  static List<Unit> units(MolGraph g) {
    List<Unit> units = new ArrayList<>();
    for (MolGraph.Atom a : g.atoms()) {
      units.add(Unit.of(units.size(), "atom", a.label()));
    }
    for (MolGraph.Bond b : g.bonds()) {
      units.add(Unit.of(units.size(), "bond", b.label(g)));
    }
    return units;
  }

  /** Atom indices by decreasing absolute score (ties: lower index first), at most {@code k}. */
  public int[] topAtoms(int k) {
    return top(atoms, k);
  }

  /** Bond indices by decreasing absolute score (ties: lower index first), at most {@code k}. */
  public int[] topBonds(int k) {
    return top(bonds, k);
  }

  private static int[] top(double[] s, int k) {
    Integer[] idx = new Integer[s.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(
        idx, Comparator.<Integer>comparingDouble(i -> -Math.abs(s[i])).thenComparingInt(i -> i));
    return Arrays.stream(idx).limit(Math.max(0, k)).mapToInt(Integer::intValue).toArray();
  }

  /** The largest absolute atom or bond score (the colour scale's end), or 0. */
  public double maxAbs() {
    double m = 0;
    for (double v : atoms) {
      m = Math.max(m, Math.abs(v));
    }
    for (double v : bonds) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
