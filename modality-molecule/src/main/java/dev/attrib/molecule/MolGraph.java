package dev.attrib.molecule;

import java.util.List;

/**
 * A perceived molecule as plain values: what the featuriser reads and what units are named after.
 * Made by {@link MoleculeParser#graph(String)}; atoms and bonds keep the molecule's order.
 *
 * <pre>{@code
 * MolGraph g = MoleculeParser.graph("CC(=O)O");
 * g.atoms().get(1).label();    // "C1"
 * g.bonds().get(1).label(g);   // "C1=O2"
 * }</pre>
 *
 * @param atoms heavy atoms, in input order
 * @param bonds bonds between them, in input order
 * @param title the title that came with the input (after the SMILES, or a MOL block's first line),
 *     or empty; untrusted text
 */
public record MolGraph(List<Atom> atoms, List<Bond> bonds, String title) {
  public MolGraph {
    atoms = List.copyOf(atoms);
    bonds = List.copyOf(bonds);
  }

  /**
   * One heavy atom.
   *
   * @param index position in the molecule's atom order
   * @param symbol element symbol as CDK spells it ({@code C}, {@code Cl}, {@code R} for pseudo
   *     atoms)
   * @param atomicNumber atomic number, 0 for pseudo atoms
   * @param formalCharge formal charge
   * @param hydrogens total attached hydrogens (implicit and any kept explicit ones)
   * @param degree heavy-atom neighbours (bonds in the graph)
   * @param aromatic in an aromatic ring (Daylight model)
   * @param hybridization {@code sp}, {@code sp2}, {@code sp3}, {@code sp3d}, {@code sp3d2}, or null
   *     when CDK's atom typer finds no type
   * @param inRing in any ring
   */
  public record Atom(
      int index,
      String symbol,
      int atomicNumber,
      int formalCharge,
      int hydrogens,
      int degree,
      boolean aromatic,
      String hybridization,
      boolean inRing) {

    /** SMILES-style symbol (lower case when aromatic) with the atom index, e.g. {@code c3}. */
    public String label() {
      return (aromatic ? symbol.toLowerCase(java.util.Locale.ROOT) : symbol) + index;
    }
  }

  /**
   * One bond.
   *
   * @param index position in the molecule's bond order
   * @param begin index of the first atom
   * @param end index of the second atom
   * @param type {@code single}, {@code double}, {@code triple}, {@code quadruple}, {@code aromatic}
   *     or {@code unset}
   * @param kekuleType the bond order in a Kekulé structure (never {@code aromatic})
   * @param conjugated part of a conjugated system (see {@code docs/molecule-featurization.md})
   * @param inRing in any ring
   */
  public record Bond(
      int index,
      int begin,
      int end,
      String type,
      String kekuleType,
      boolean conjugated,
      boolean inRing) {

    /** SMILES-style bond label, e.g. {@code N9=O10}, {@code c3:c4}. */
    public String label(MolGraph g) {
      String sym =
          switch (type) {
            case "double" -> "=";
            case "triple" -> "#";
            case "quadruple" -> "$";
            case "aromatic" -> ":";
            case "single" -> "-";
            default -> "~";
          };
      return g.atoms().get(begin).label() + sym + g.atoms().get(end).label();
    }
  }
}
