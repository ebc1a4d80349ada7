package dev.attrib.spi;

import dev.attrib.ig.Attribution;
import java.util.List;
import java.util.Objects;

/**
 * Everything a renderer needs to show one attributed input: the shared parts (modality, model, the
 * encoded input, the overall prediction, what was explained on, the baseline) and one {@link Row}
 * per target, in the order the modality named them ({@link Modality#targets}).
 *
 * <pre>{@code
 * Explanation<TextEncoding> e = new Explainer<>(text, model).explain("how many ...?", settings);
 * e.rows().size();                 // 1: a classifier explains one class
 * e.attribution().completeness();  // the single row's, as e.row().attribution().completeness()
 * Explanation<TranslationEncoding> t = new Explainer<>(translation, model).explain("good morning", s);
 * for (Explanation.Row r : t.rows()) {      // one per output piece
 *   System.out.println(r.label() + " " + r.units().score(1));
 * }
 * }</pre>
 *
 * <p>The single-row accessors ({@link #row()}, {@link #attribution()}, {@link #units()}, {@link
 * #targetLabel()}) are for the common case of one target; on an explanation with several rows they
 * throw an {@link AttribException} saying so, so a renderer of one target never shows one row of
 * several as if it were the whole.
 *
 * @param <E> the modality's encoding type
 * @param modality the modality name
 * @param model the model folder's path or name
 * @param encoded the encoded input, with the modality's typed facts
 * @param prediction what the model predicted for the whole input
 * @param on {@code probability} or {@code logit}
 * @param method the attribution method's registry name (its rows' settings say how it ran)
 * @param baseline the name of the baseline used (null where the caller did not say)
 * @param rows one row per target, in order (may be empty: a translation with no output piece)
 */
public record Explanation<E extends Encoding>(
    String modality,
    String model,
    E encoded,
    Prediction prediction,
    String on,
    String method,
    String baseline,
    List<Row> rows) {

  public Explanation {
    Objects.requireNonNull(encoded, "encoded");
    rows = List.copyOf(rows);
  }

  /**
   * One target's attribution.
   *
   * @param label what was explained: a class label, an output piece
   * @param index its class index (or vocabulary id), or -1 when it is not a single class
   * @param score the model's score for it at the input, F(x), on {@link Explanation#on()}
   * @param attribution the raw attribution, with its completeness and settings
   * @param units the per-unit scores, one per unit of the encoding, in unit order
   * @param prediction what the model itself would have predicted for this row
   */
  public record Row(
      String label,
      int index,
      double score,
      Attribution attribution,
      UnitScores units,
      Prediction prediction) {
    public Row {
      Objects.requireNonNull(attribution, "attribution");
      Objects.requireNonNull(units, "units");
    }
  }

  /**
   * A one-row explanation (renderers' tests build them by hand): the row is named {@code
   * targetLabel}, its index and score are the attribution's, its prediction the overall one.
   */
  public static <E extends Encoding> Explanation<E> of(
      String modality,
      String model,
      E encoded,
      Prediction prediction,
      String targetLabel,
      String on,
      Attribution attribution,
      UnitScores units,
      String baseline) {
    Row row =
        new Row(
            targetLabel,
            attribution.targetIndex(),
            attribution.output(),
            attribution,
            units,
            prediction);
    return new Explanation<>(
        modality,
        model,
        encoded,
        prediction,
        on,
        attribution.settings().method(),
        baseline,
        List.of(row));
  }

  /**
   * The only row.
   *
   * @throws AttribException when there are several (or none): say which row to show
   */
  public Row row() {
    if (rows.size() != 1) {
      throw new AttribException(
          "this "
              + modality
              + " explanation has "
              + rows.size()
              + " rows (one per target) where exactly one is needed; explain a single target, or"
              + " use a format that shows every row");
    }
    return rows.get(0);
  }

  /** The only row's attribution ({@link #row()}). */
  public Attribution attribution() {
    return row().attribution();
  }

  /** The only row's per-unit scores ({@link #row()}). */
  public UnitScores units() {
    return row().units();
  }

  /** The only row's label ({@link #row()}). */
  public String targetLabel() {
    return row().label();
  }

  /**
   * This explanation as one of encoding type {@code type}, for code that holds an {@code
   * Explanation<?>} (a front end's list of results) and needs the modality's fields.
   *
   * @throws AttribException when the encoding is of another type (another modality's explanation)
   */
  @SuppressWarnings("unchecked") // checked: E occurs only in encoded, which is an F
  public <F extends Encoding> Explanation<F> as(Class<F> type) {
    if (!type.isInstance(encoded)) {
      throw new AttribException(
          "not an explanation of "
              + type.getSimpleName()
              + " (modality "
              + modality
              + ", encoded as "
              + encoded.getClass().getSimpleName()
              + ")",
          AttribException.RUNTIME,
          null);
    }
    return (Explanation<F>) this;
  }
}
