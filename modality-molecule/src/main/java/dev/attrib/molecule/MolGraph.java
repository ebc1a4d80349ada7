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
  /** An atom's chirality when it has none (or none CDK perceives as tetrahedral). */
  public static final String UNSPECIFIED = "unspecified";

  /** A bond's stereo when it has none. */
  public static final String NO_STEREO = "none";

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
   * @param implicitHydrogens hydrogens not given as atoms of their own in the input (a SMILES
   *     atom's valence-model or bracket count, a MOL block's implicit count); {@code hydrogens}
   *     minus those written as {@code [H]} atoms
   * @param radicalElectrons unpaired electrons: CDK's single electrons (a MOL block's {@code RAD}),
   *     or what a bracket atom lacks of its element's next standard valence ({@code [CH2]C}: 1)
   * @param mass the atom's mass: the isotope's exact mass when the input names one, else the
   *     element's standard atomic weight (CDK's natural mass), 0 for pseudo atoms
   * @param isotope the mass number the input names, or 0
   * @param chirality {@code unspecified}, {@code cw} or {@code ccw}: tetrahedral parity looking
   *     from the first neighbour in atom order (an implicit H at the centre's own index); {@code
   *     docs/molecule-featurization.md} compares it with RDKit's chiral tag
   * @param ringSizes the sizes of CDK's relevant cycles (the union of all smallest sets of smallest
   *     rings) through the atom, ascending and distinct, empty when not in a ring
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
      boolean inRing,
      int implicitHydrogens,
      int radicalElectrons,
      double mass,
      int isotope,
      String chirality,
      List<Integer> ringSizes,
      int valence) {

    public Atom {
      ringSizes = List.copyOf(ringSizes);
    }

    /**
     * An atom with only the properties of the first featurisation (implicit hydrogens all of its
     * hydrogens, no radicals, mass 0, no isotope, no chirality, no ring sizes, single bonds).
     */
    public Atom(
        int index,
        String symbol,
        int atomicNumber,
        int formalCharge,
        int hydrogens,
        int degree,
        boolean aromatic,
        String hybridization,
        boolean inRing) {
      this(
          index,
          symbol,
          atomicNumber,
          formalCharge,
          hydrogens,
          degree,
          aromatic,
          hybridization,
          inRing,
          hydrogens,
          0,
          0,
          0,
          UNSPECIFIED,
          List.of(),
          degree + hydrogens);
    }

    /** Heavy-atom neighbours plus hydrogens (RDKit's total degree). */
    public int totalDegree() {
      return degree + hydrogens;
    }

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
   * @param stereo {@code none}, {@code cis} or {@code trans}: the double bond's configuration as
   *     the lowest-index heavy neighbours of its two atoms see it
   * @param ringSizes the sizes of the rings (CDK's relevant cycles) through the bond, ascending
   */
  public record Bond(
      int index,
      int begin,
      int end,
      String type,
      String kekuleType,
      boolean conjugated,
      boolean inRing,
      String stereo,
      List<Integer> ringSizes) {

    public Bond {
      ringSizes = List.copyOf(ringSizes);
    }

    /** A bond without stereo or ring sizes. */
    public Bond(
        int index,
        int begin,
        int end,
        String type,
        String kekuleType,
        boolean conjugated,
        boolean inRing) {
      this(index, begin, end, type, kekuleType, conjugated, inRing, NO_STEREO, List.of());
    }

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
