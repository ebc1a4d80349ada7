package dev.attrib.spi;

import dev.attrib.ig.Attribution;

/**
 * Everything a renderer needs to show one attributed input.
 *
 * @param modality the modality name
 * @param model the model folder's path or name
 * @param encoded the encoded input (units, extras)
 * @param prediction what the model predicted
 * @param targetLabel the label of the explained output
 * @param on {@code probability} or {@code logit}
 * @param attribution raw attributions, completeness and settings
 * @param units the per-unit summary
 * @param baseline the name of the baseline used (null where the caller did not say)
 */
public record Explanation(
    String modality,
    String model,
    Encoded encoded,
    Prediction prediction,
    String targetLabel,
    String on,
    Attribution attribution,
    UnitScores units,
    String baseline) {

  /** Without the baseline's name (kept for renderers' tests that build explanations by hand). */
  public Explanation(
      String modality,
      String model,
      Encoded encoded,
      Prediction prediction,
      String targetLabel,
      String on,
      Attribution attribution,
      UnitScores units) {
    this(modality, model, encoded, prediction, targetLabel, on, attribution, units, null);
  }
}
