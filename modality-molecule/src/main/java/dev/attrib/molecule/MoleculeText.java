package dev.attrib.molecule;

import dev.attrib.ig.Completeness;
import dev.attrib.spi.Explanation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The words every molecule renderer shares: the headline, the legend line and the top-atom list.
 * Returns raw (unescaped) text; each renderer escapes it for its format. Each is about one row (one
 * task) of an explanation; the forms without a row take a one-row explanation's.
 *
 * <pre>{@code
 * MoleculeText.headline(e);   // "task nitro: 0.98 (atoms 46% of the score, bonds 54%, completeness delta 0.3%)"
 * MoleculeText.legend(e, e.row());     // "Sigmoid score for task nitro: 0.98"
 * MoleculeText.topAtoms(e, 3);   // "N9 +0.31, O10 +0.22, O11 +0.21"
 * }</pre>
 */
public final class MoleculeText {
  private MoleculeText() {}

  /** {@link #headline(Explanation, Explanation.Row)} of a one-row explanation. */
  public static String headline(Explanation<MoleculeEncoding> e) {
    return headline(e, e.row());
  }

  /** The summary line of the issue: task, score, atoms/bonds split, completeness delta. */
  public static String headline(Explanation<MoleculeEncoding> e, Explanation.Row r) {
    MoleculeScores s = MoleculeScores.of(e.encoded(), r.attribution());
    StringBuilder b = new StringBuilder();
    b.append("task ")
        .append(r.label())
        .append(": ")
        .append(String.format(Locale.ROOT, "%.2f", r.attribution().output()));
    List<String> parts = new ArrayList<>();
    AtomBondSplit split = s.split();
    if (!Double.isNaN(split.atomsFraction())) {
      parts.add("atoms " + percent(split.atomsFraction()) + " of the score");
      parts.add("bonds " + percent(split.bondsFraction()));
      if (Math.abs(split.unbondedFraction()) >= 0.0005) {
        parts.add("unbonded pairs " + percent(split.unbondedFraction()));
      }
    }
    Completeness c = r.attribution().completeness();
    if (c != null) {
      parts.add("completeness delta " + percentFine(c.relativeDelta()));
    }
    if (!parts.isEmpty()) {
      b.append(" (").append(String.join(", ", parts)).append(')');
    }
    return b.toString();
  }

  /** The depiction legend: {@code "Sigmoid score for task nitro: 0.98"}. */
  public static String legend(Explanation<MoleculeEncoding> e, Explanation.Row r) {
    return scoreKind(e, r) + " for task " + r.label() + ": " + fmt2(r.attribution().output());
  }

  /** {@code Softmax score}, {@code Sigmoid score}, {@code Logit} or {@code Score}. */
  static String scoreKind(Explanation<MoleculeEncoding> e, Explanation.Row r) {
    if ("logit".equals(e.on())) {
      return "Logit";
    }
    String t = r.attribution().target();
    if (t.contains("(softmax)")) {
      return "Softmax score";
    }
    if (t.contains("(sigmoid)")) {
      return "Sigmoid score";
    }
    return "Score";
  }

  /** The {@code k} atoms with the largest absolute scores, e.g. {@code N9 +0.31, O10 +0.22}. */
  public static String topAtoms(Explanation<MoleculeEncoding> e, int k) {
    return topAtoms(e, e.row(), k);
  }

  /** {@link #topAtoms(Explanation, int)} of one row. */
  public static String topAtoms(Explanation<MoleculeEncoding> e, Explanation.Row r, int k) {
    MoleculeScores s = MoleculeScores.of(e.encoded(), r.attribution());
    List<String> out = new ArrayList<>();
    for (int i : s.topAtoms(k)) {
      out.add(s.graph().atoms().get(i).label() + " " + signed(s.atoms()[i]));
    }
    return String.join(", ", out);
  }

  /** The {@code k} bonds with the largest absolute scores, e.g. {@code N9=O10 +0.12}. */
  public static String topBonds(Explanation<MoleculeEncoding> e, int k) {
    return topBonds(e, e.row(), k);
  }

  /** {@link #topBonds(Explanation, int)} of one row. */
  public static String topBonds(Explanation<MoleculeEncoding> e, Explanation.Row r, int k) {
    MoleculeScores s = MoleculeScores.of(e.encoded(), r.attribution());
    List<String> out = new ArrayList<>();
    for (int i : s.topBonds(k)) {
      out.add(s.graph().bonds().get(i).label(s.graph()) + " " + signed(s.bonds()[i]));
    }
    return String.join(", ", out);
  }

  static String signed(double v) {
    String s = String.format(Locale.ROOT, "%+.2f", v);
    // Scores under half a hundredth print as +0.00 or -0.00; "0.00" reads better for both.
    return s.equals("+0.00") || s.equals("-0.00") ? String.format(Locale.ROOT, "%+.3f", v) : s;
  }

  static String fmt2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  static String percent(double f) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * f);
  }

  private static String percentFine(double f) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * f);
  }
}
