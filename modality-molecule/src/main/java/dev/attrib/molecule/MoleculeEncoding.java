package dev.attrib.molecule;

import dev.attrib.spi.Encoding;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Unit;
import java.util.List;
import java.util.Objects;

/**
 * A molecule as the {@code molecule} modality encodes it: the featurised graph as model inputs, its
 * atoms and bonds as units, and the parsed graph the summariser and the depictions read.
 *
 * <pre>{@code
 * MoleculeEncoding e = MoleculeModality.encode("O=C(O)c1ccccc1[N+](=O)[O-]", spec);
 * e.graph().atoms().size();    // 12 heavy atoms, in the molecule's atom order
 * e.graph().title();           // the title after the SMILES or of the MOL block, or ""
 * }</pre>
 *
 * @param input the SMILES or MOL block as given
 * @param tensors {@code atom_features [N, Fa]}, {@code pair_features [N, N, Fp]} (attributable),
 *     {@code atom_mask [N]}
 * @param units the atoms (kind {@code atom}) then the bonds (kind {@code bond})
 * @param graph the parsed molecule: atoms, bonds, title
 */
public record MoleculeEncoding(
    String input, List<NamedTensor> tensors, List<Unit> units, MolGraph graph) implements Encoding {

  public MoleculeEncoding {
    Objects.requireNonNull(input, "input");
    tensors = List.copyOf(tensors);
    units = List.copyOf(units);
    Objects.requireNonNull(graph, "graph");
  }
}
