package dev.attrib.spi;

import java.util.List;

/**
 * Attribution summarised per unit: one score per unit, in the modality's unit order.
 *
 * @param units the units (same order as {@link Encoding#units()})
 * @param scores one score per unit
 */
public record UnitScores(List<Unit> units, double[] scores) {
  public UnitScores {
    units = List.copyOf(units);
    scores = scores.clone();
    if (units.size() != scores.length) {
      throw new IllegalArgumentException(
          units.size() + " units but " + scores.length + " scores: need one score per unit");
    }
  }

  @Override
  public double[] scores() {
    return scores.clone();
  }

  public double score(int i) {
    return scores[i];
  }
}
