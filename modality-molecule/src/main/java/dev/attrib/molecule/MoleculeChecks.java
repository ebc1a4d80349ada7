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
    Tensor atoms = encoded.tensor(MoleculeModality.ATOM_FEATURES).value();
    Tensor pairs = encoded.tensor(MoleculeModality.PAIR_FEATURES).value();
    Tensor mask = encoded.tensor(MoleculeModality.ATOM_MASK).value();
    int n = Math.toIntExact(atoms.shape()[0]);
    int fa = Math.toIntExact(atoms.shape()[1]);
    int fp = Math.toIntExact(pairs.shape()[2]);
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
    float[] p = new float[m * m * fp];
    float[] given = pairs.floats();
    for (int i = 0; i < n; i++) {
      System.arraycopy(given, i * n * fp, p, i * m * fp, n * fp);
    }
    float[] k = new float[m];
    System.arraycopy(mask.floats(), 0, k, 0, n);
    List<NamedTensor> longer = new ArrayList<>();
    for (NamedTensor t : encoded.tensors()) {
      longer.add(
          switch (t.name()) {
            case MoleculeModality.ATOM_FEATURES ->
                NamedTensor.attributable(t.name(), Tensor.of(a, m, fa));
            case MoleculeModality.PAIR_FEATURES ->
                NamedTensor.attributable(t.name(), Tensor.of(p, m, m, fp));
            case MoleculeModality.ATOM_MASK -> NamedTensor.fixed(t.name(), Tensor.of(k, m));
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
            "%d padded atoms (zero features, atom_mask 0) change the output by %.2g relative"
                + " (tolerance %.0e)",
            extra,
            rel,
            TOLERANCE);
    if (rel <= TOLERANCE) {
      return ModelCheck.pass("padding", what);
    }
    return ModelCheck.fail(
        "padding",
        what
            + ": padding leaks into the output; multiply atom states by atom_mask before every"
            + " sum over atoms");
  }
}
