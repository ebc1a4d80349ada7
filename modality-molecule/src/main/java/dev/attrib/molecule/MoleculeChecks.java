package dev.attrib.molecule;

import dev.attrib.ig.Activation;
import dev.attrib.ig.Example;
import dev.attrib.ig.ModelOutputs;
import dev.attrib.model.LoadedModel;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.ModelCheck;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The molecule modality's part of {@code attrib check}: padded atoms (all-zero atom and pair
 * features, {@code atom_mask} 0) must not change the output, since a model folder with {@code
 * padAtoms} gets every molecule padded to {@code maxAtoms}.
 *
 * <pre>{@code
 * MoleculeChecks.padding(model, encoded);   // PASS: 3 padded atoms change the output by 0 ...
 * }</pre>
 */
final class MoleculeChecks {
  private MoleculeChecks() {}

  /** Atoms the check appends (fewer when {@code maxAtoms} is near). */
  static final int PADDED = 3;

  /**
   * Largest change of the output, relative to its largest magnitude, that padded atoms may cause: a
   * mask applied by multiplication leaves exactly zero; sums over a longer axis may round
   * differently in float32 (1e-7 relative), a thousand times below this.
   */
  static final double TOLERANCE = 1e-4;

  static ModelCheck padding(LoadedModel model, MoleculeEncoding encoded) {
    MoleculeSpec spec = MoleculeSpec.of(model.manifest());
    if (!has(encoded, MoleculeModality.ATOM_MASK)) {
      return ModelCheck.skip(
          "padding",
          "the model takes no atom_mask, so attrib never pads its molecules (no padAtoms)");
    }
    Tensor atoms = encoded.tensor(MoleculeModality.ATOM_FEATURES).value();
    Tensor mask = encoded.tensor(MoleculeModality.ATOM_MASK).value();
    int n = Math.toIntExact(atoms.shape()[0]);
    int fa = Math.toIntExact(atoms.shape()[1]);
    int extra = spec.maxAtoms() > 0 ? Math.min(PADDED, spec.maxAtoms() - n) : PADDED;
    if (extra <= 0) {
      return ModelCheck.skip(
          "padding",
          "the input has the model's "
              + spec.maxAtoms()
              + " atoms (maxAtoms), leaving no room to pad; give a smaller molecule");
    }
    int m = n + extra;
    float[] a = new float[m * fa];
    System.arraycopy(atoms.floats(), 0, a, 0, n * fa);
    float[] k = new float[m];
    System.arraycopy(mask.floats(), 0, k, 0, n);
    // An edge list gets two padding edges per padded atom when the model masks edges (without
    // edge_mask attrib sends no padding edges, so none are added): mask 0, features 0, joining the
    // last padded atom to itself, as the modality pads to maxEdges.
    boolean edges = has(encoded, MoleculeModality.EDGE_MASK);
    int extraEdges = edges ? 2 * extra : 0;
    List<NamedTensor> longer = new ArrayList<>();
    for (NamedTensor t : encoded.tensors()) {
      longer.add(
          switch (t.name()) {
            case MoleculeModality.ATOM_FEATURES ->
                NamedTensor.attributable(t.name(), Tensor.of(a, m, fa));
            case MoleculeModality.PAIR_FEATURES ->
                NamedTensor.attributable(t.name(), padPairs(t.value(), n, m));
            case MoleculeModality.ATOM_MASK -> NamedTensor.fixed(t.name(), Tensor.of(k, m));
            case MoleculeModality.EDGE_INDEX ->
                NamedTensor.fixed(t.name(), padEdgeIndex(t.value(), extraEdges, m - 1));
            case MoleculeModality.EDGE_FEATURES ->
                NamedTensor.attributable(t.name(), padRows(t.value(), extraEdges));
            case MoleculeModality.EDGE_MASK ->
                NamedTensor.fixed(t.name(), padRows(t.value(), extraEdges));
            default -> t;
          });
    }
    double[] x;
    double[] y;
    try {
      x = ModelOutputs.at(model, new Example(encoded.tensors(), List.of()), Activation.NONE);
      y = ModelOutputs.at(model, new Example(longer, List.of()), Activation.NONE);
    } catch (AttribException e) {
      return ModelCheck.fail(
          "padding",
          "the network fails on the molecule with " + extra + " padded atoms: " + e.getMessage());
    }
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      diff = Math.max(diff, Math.abs(x[i] - y[i]));
      scale = Math.max(scale, Math.abs(x[i]));
    }
    double rel = x.length == y.length ? diff / Math.max(scale, 1e-12) : Double.POSITIVE_INFINITY;
    String what =
        String.format(
            Locale.ROOT,
            "%d padded atoms (zero features, atom_mask 0)%s change the output by %.2g relative"
                + " (tolerance %.0e)",
            extra,
            extraEdges > 0 ? " and " + extraEdges + " padded edges (edge_mask 0)" : "",
            rel,
            TOLERANCE);
    if (rel <= TOLERANCE) {
      return ModelCheck.pass("padding", what);
    }
    return ModelCheck.fail(
        "padding",
        what
            + ": padding leaks into the output; multiply atom states by atom_mask before every"
            + " sum over atoms"
            + (extraEdges > 0 ? ", and messages by edge_mask" : ""));
  }

  private static boolean has(MoleculeEncoding encoded, String name) {
    return encoded.tensors().stream().anyMatch(t -> t.name().equals(name));
  }

  /** The dense pair tensor {@code [n, n, Fp]} grown to {@code [m, m, Fp]} with zeros. */
  private static Tensor padPairs(Tensor pairs, int n, int m) {
    int fp = Math.toIntExact(pairs.shape()[2]);
    float[] p = new float[m * m * fp];
    float[] given = pairs.floats();
    for (int i = 0; i < n; i++) {
      System.arraycopy(given, i * n * fp, p, i * m * fp, n * fp);
    }
    return Tensor.of(p, m, m, fp);
  }

  /** {@code [E, ...]} floats with {@code extra} rows of zeros appended. */
  private static Tensor padRows(Tensor t, int extra) {
    long[] shape = t.shape().clone();
    long rows = shape[0];
    shape[0] = rows + extra;
    float[] v =
        java.util.Arrays.copyOf(t.floats(), Math.toIntExact(t.floats().length / rows * shape[0]));
    return Tensor.of(v, shape);
  }

  /** {@code edge_index [2, E]} with {@code extra} edges from {@code atom} to itself appended. */
  private static Tensor padEdgeIndex(Tensor index, int extra, int atom) {
    int e = Math.toIntExact(index.shape()[1]);
    long[] given = index.longs();
    long[] out = new long[2 * (e + extra)];
    System.arraycopy(given, 0, out, 0, e);
    System.arraycopy(given, e, out, e + extra, e);
    for (int j = e; j < e + extra; j++) {
      out[j] = atom;
      out[e + extra + j] = atom;
    }
    return Tensor.ofLongs(out, 2, e + extra);
  }
}
