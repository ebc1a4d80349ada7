package dev.attrib.molecule;

/**
 * How an attribution's total divides between atoms, bonds and the remaining (unbonded) atom pairs.
 * The IG paper (Sundararajan et al. 2017, section 6.3) reports bonded pairs carrying 46% of one
 * molecule's score; this is that number for any explanation.
 *
 * <pre>{@code
 * AtomBondSplit s = MoleculeScores.of(encoded, attribution).split();
 * System.out.printf("atoms %.0f%%, bonds %.0f%%%n", 100 * s.atomsFraction(), 100 * s.bondsFraction());
 * }</pre>
 *
 * <p>Fractions are of {@link #total()}, the sum of all attributions (for IG, F(x) - F(x') up to the
 * completeness delta), so the three add up to 1; they are {@code NaN} when the total is zero. With
 * the {@code zero}, {@code unbonded} and {@code carbon} baselines the unbonded pairs are zero at
 * the input and at the baseline, so they get exactly nothing and atoms + bonds = 100%.
 *
 * @param atoms sum of the atom-feature attributions
 * @param bonds sum of the pair-feature attributions of bonded pairs (both directions)
 * @param unbondedPairs sum of the pair-feature attributions of all other pairs
 * @param total atoms + bonds + unbondedPairs
 */
public record AtomBondSplit(double atoms, double bonds, double unbondedPairs, double total) {

  public static AtomBondSplit of(double atoms, double bonds, double unbondedPairs) {
    return new AtomBondSplit(atoms, bonds, unbondedPairs, atoms + bonds + unbondedPairs);
  }

  public double atomsFraction() {
    return fraction(atoms);
  }

  public double bondsFraction() {
    return fraction(bonds);
  }

  public double unbondedFraction() {
    return fraction(unbondedPairs);
  }

  private double fraction(double part) {
    return total == 0 ? Double.NaN : part / total;
  }
}
