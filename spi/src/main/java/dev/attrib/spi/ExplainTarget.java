package dev.attrib.spi;

import dev.attrib.ig.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One row a modality asks the {@link Explainer} to attribute: which scalar of the output ({@link
 * #target()}), the fixed inputs this row needs in place of the encoding's, and how to name it.
 *
 * <pre>{@code
 * ExplainTarget.of(Target.predicted(Activation.SOFTMAX));              // a classifier's one row
 * ExplainTarget.of(Target.label("nitro", labels, Activation.SIGMOID));  // one task of several
 * // output piece j of a translation: position j of [1, j+1, V], with the decoded prefix as tgt_ids
 * new ExplainTarget("morgen", 42, Target.at(j, 42, Activation.SOFTMAX),
 *     List.of(NamedTensor.fixed("tgt_ids", Tensor.ofLongs(prefix, j + 1))), best);
 * }</pre>
 *
 * <p>Contract: a fixed input replaces the encoding's input of the same name (which must exist and
 * be fixed, not attributable); the attributable inputs and the baseline are the encoding's for
 * every row, so the rows of one explanation share their units.
 *
 * @param label the row's label (a class label, an output piece), or null to take it from the
 *     resolved target: the manifest's label of its class, or its description
 * @param index the class index the row explains, or -1 to take it from the resolved target
 * @param target the scalar of the output explained
 * @param fixed fixed inputs that replace the encoding's of the same name for this row (e.g. a
 *     decoded prefix); empty for none
 * @param prediction what the model itself would have predicted there (e.g. its own choice of piece
 *     at this position), or null for the explanation's overall prediction
 */
public record ExplainTarget(
    String label, int index, Target target, List<NamedTensor> fixed, Prediction prediction) {

  public ExplainTarget {
    Objects.requireNonNull(target, "target");
    fixed = List.copyOf(fixed);
    for (NamedTensor t : fixed) {
      if (t.attributable()) {
        throw new IllegalArgumentException(
            "a row replaces fixed inputs only, but '" + t.name() + "' is attributable");
      }
    }
  }

  /** A row on the encoding's own inputs, named after its resolved target. */
  public static ExplainTarget of(Target target) {
    return new ExplainTarget(null, -1, target, List.of(), null);
  }

  /**
   * The model inputs of this row: the encoding's, in forward order, with {@link #fixed()} in place
   * of those of the same name.
   *
   * @throws AttribException when a replacement names no fixed input of the encoding
   */
  public List<NamedTensor> inputs(Encoding encoding) {
    if (fixed.isEmpty()) {
      return encoding.tensors();
    }
    Map<String, NamedTensor> byName = new HashMap<>();
    for (NamedTensor t : fixed) {
      byName.put(t.name(), t);
    }
    List<NamedTensor> out = new ArrayList<>(encoding.tensors().size());
    for (NamedTensor t : encoding.tensors()) {
      NamedTensor r = byName.remove(t.name());
      if (r != null && t.attributable()) {
        throw new AttribException(
            "a row cannot replace the attributable input '" + t.name() + "'",
            AttribException.RUNTIME,
            null);
      }
      out.add(r != null ? r : t);
    }
    if (!byName.isEmpty()) {
      throw new AttribException(
          "a row replaces inputs the encoding does not have: " + byName.keySet(),
          AttribException.RUNTIME,
          null);
    }
    return out;
  }
}
