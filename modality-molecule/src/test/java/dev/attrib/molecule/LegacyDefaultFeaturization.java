package dev.attrib.molecule;

import java.util.List;

/**
 * A frozen copy of the featuriser as it was before blocks followed the manifest's order (commit
 * a7b8dbb), fixed to {@link Featurization#DEFAULT}'s lists: the reference for the test that the
 * demo model's features did not change. Do not edit.
 */
final class LegacyDefaultFeaturization {
  private LegacyDefaultFeaturization() {}

  private static final List<String> ELEMENTS =
      List.of("C", "N", "O", "F", "P", "S", "Cl", "Br", "I");
  private static final List<Integer> DEGREE = List.of(0, 1, 2, 3, 4);
  private static final List<Integer> CHARGE = List.of(-1, 0, 1);
  private static final List<Integer> HYDROGENS = List.of(0, 1, 2, 3);
  private static final List<String> HYBRID = List.of("sp", "sp2", "sp3");
  private static final List<String> BOND_TYPES = List.of("single", "double", "triple", "aromatic");

  static float[] atomFeatures(MolGraph.Atom a) {
    float[] f = new float[31];
    int o = 0;
    o = oneHot(f, o, ELEMENTS, a.symbol());
    o = oneHot(f, o, DEGREE, a.degree());
    o = oneHot(f, o, CHARGE, a.formalCharge());
    o = oneHot(f, o, HYDROGENS, a.hydrogens());
    f[o++] = a.aromatic() ? 1 : 0;
    o = oneHot(f, o, HYBRID, a.hybridization());
    f[o++] = a.inRing() ? 1 : 0;
    return f;
  }

  private static int oneHot(float[] f, int offset, List<?> values, Object value) {
    int i = value == null ? -1 : values.indexOf(value);
    f[offset + (i < 0 ? values.size() : i)] = 1;
    return offset + values.size() + 1;
  }

  static float[] bondFeatures(MolGraph.Bond b) {
    float[] f = new float[6];
    String type = b.type();
    f[BOND_TYPES.indexOf(type)] = 1;
    f[4] = b.conjugated() ? 1 : 0;
    f[5] = b.inRing() ? 1 : 0;
    return f;
  }

  static float[] atomFeatures(MolGraph g, int n) {
    float[] out = new float[n * 31];
    for (MolGraph.Atom a : g.atoms()) {
      System.arraycopy(atomFeatures(a), 0, out, a.index() * 31, 31);
    }
    return out;
  }

  static float[] pairFeatures(MolGraph g, int n) {
    float[] out = new float[n * n * 6];
    for (MolGraph.Bond b : g.bonds()) {
      float[] f = bondFeatures(b);
      System.arraycopy(f, 0, out, (b.begin() * n + b.end()) * 6, 6);
      System.arraycopy(f, 0, out, (b.end() * n + b.begin()) * 6, 6);
    }
    return out;
  }
}
