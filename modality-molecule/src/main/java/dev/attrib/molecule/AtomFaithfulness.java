package dev.attrib.molecule;

import dev.attrib.ig.Activation;
import dev.attrib.ig.Example;
import dev.attrib.ig.Faithfulness;
import dev.attrib.ig.Target;
import dev.attrib.model.LoadedModel;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Atom deletion and insertion curves, the faithfulness metrics of {@code attrib eval} for
 * molecules: how fast the explained score falls when atoms are removed in attribution order, and
 * how fast it rises when they are put back.
 *
 * <pre>{@code
 * AtomFaithfulness.Report r = AtomFaithfulness.evaluate(
 *     new MoleculeModality(), model, "O=C(O)c1ccccc1[N+](=O)[O-]",
 *     ExplainSettings.defaults().withTarget("nitro"), AtomFaithfulness.DEFAULT_METHODS);
 * for (AtomFaithfulness.Curve c : r.curves()) {
 *   System.out.printf("%s deletion AUC %.3f insertion AUC %.3f%n",
 *       c.method(), c.deletionAuc(), c.insertionAuc());
 * }
 * }</pre>
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>"Removing" an atom zeroes its atom features and every pair entry in its row and column (or
 *       with an edge list, every edge into or out of it; so its bonds go too); the atom mask is
 *       left alone, so a removed atom is exactly what the {@code zero} baseline makes of it.
 *       Inserting starts from all atoms removed and puts back each atom's features, and a bond's
 *       pair entries once both its atoms are back.
 *   <li>Atoms are taken in {@link Faithfulness#ranking} order of their per-atom scores (most
 *       positive first; ties by index). Method {@code random} is a permutation drawn from the
 *       settings' seed.
 *   <li>A curve has {@code n + 1} points for {@code n} atoms (0, 1, ..., n atoms removed or
 *       inserted), the explained score at each (same class and activation as the explanation), and
 *       its area by the trapezoid rule over [0, 1]. Low deletion AUC and high insertion AUC are
 *       good.
 *   <li>Every method explains the same class: the first method's resolved target.
 * </ul>
 */
public final class AtomFaithfulness {
  private AtomFaithfulness() {}

  /** IG, saliency, gradient×input and the seeded random order. */
  public static final List<String> DEFAULT_METHODS =
      List.of("ig", "saliency", "gradient-x-input", "random");

  /** The name of the random-order control. */
  public static final String RANDOM = "random";

  /**
   * One method's curves on one molecule.
   *
   * @param method the method name as asked ({@code ig}, {@code random}, ...)
   * @param order atom indices in removal order
   * @param deletion the score with 0..n atoms removed
   * @param insertion the score with 0..n atoms inserted
   * @param deletionAuc area under the deletion curve (lower is better)
   * @param insertionAuc area under the insertion curve (higher is better)
   */
  public record Curve(
      String method,
      int[] order,
      double[] deletion,
      double[] insertion,
      double deletionAuc,
      double insertionAuc) {
    public Curve {
      order = order.clone();
      deletion = deletion.clone();
      insertion = insertion.clone();
    }

    @Override
    public int[] order() {
      return order.clone();
    }

    @Override
    public double[] deletion() {
      return deletion.clone();
    }

    @Override
    public double[] insertion() {
      return insertion.clone();
    }
  }

  /**
   * All methods' curves on one molecule.
   *
   * @param input the molecule as given
   * @param target the explained label
   * @param targetIndex the explained output
   * @param output the explained score at the whole molecule
   * @param curves one per method, in the order asked
   */
  public record Report(
      String input, String target, int targetIndex, double output, List<Curve> curves) {
    public Report {
      curves = List.copyOf(curves);
    }
  }

  /**
   * Mean areas of one method over a batch.
   *
   * @param method the method
   * @param molecules how many molecules
   * @param meanDeletionAuc mean deletion AUC
   * @param meanInsertionAuc mean insertion AUC
   */
  public record MethodSummary(
      String method, int molecules, double meanDeletionAuc, double meanInsertionAuc) {}

  /** Explains {@code input} with each method and measures its curves. */
  public static Report evaluate(
      MoleculeModality modality,
      LoadedModel model,
      String input,
      ExplainSettings settings,
      List<String> methods) {
    if (methods.isEmpty()) {
      throw new AttribException("no methods to evaluate");
    }
    Explainer<MoleculeEncoding> explainer = new Explainer<>(modality, model);
    MoleculeEncoding encoded = modality.encode(input, model, settings.options());
    Map<String, double[]> atomScores = new LinkedHashMap<>();
    ExplainSettings s = settings;
    Explanation<MoleculeEncoding> first = null;
    for (String m : methods) {
      if (m.equals(RANDOM)) {
        continue;
      }
      Explanation<MoleculeEncoding> e = explainer.explain(input, s.withMethod(m));
      if (first == null) {
        first = e;
        // Later methods explain the class the first one resolved ("predicted" stays fixed).
        s = s.withTarget(Integer.toString(e.attribution().targetIndex()));
      }
      atomScores.put(m, MoleculeScores.of(e.encoded(), e.attribution()).atoms());
    }
    if (first == null) {
      first = explainer.explain(input, s.withMethod("saliency"));
    }
    int targetIndex = first.attribution().targetIndex();
    if (targetIndex < 0) {
      throw new AttribException("faithfulness curves need a single-class target");
    }
    Activation act =
        settings.on().equals("probability") ? model.manifest().activation() : Activation.NONE;
    Target target = Target.index(targetIndex).on(act);
    int atoms = encoded.graph().atoms().size();
    List<Curve> curves = new ArrayList<>();
    for (String m : methods) {
      int[] order =
          m.equals(RANDOM)
              ? randomOrder(atoms, settings.config().seed())
              : Faithfulness.ranking(atomScores.get(m));
      curves.add(curve(model, encoded, target, m, order));
    }
    return new Report(
        input, first.targetLabel(), targetIndex, first.attribution().output(), curves);
  }

  /** Deletion and insertion curves for a given atom order. */
  public static Curve curve(
      LoadedModel model, MoleculeEncoding encoded, Target target, String method, int[] order) {
    int atoms = encoded.graph().atoms().size();
    if (order.length != atoms) {
      throw new AttribException(
          "an atom order needs all " + atoms + " atoms but has " + order.length);
    }
    Tensor af = tensor(encoded, MoleculeModality.ATOM_FEATURES);
    boolean edgeList = has(encoded, MoleculeModality.EDGE_FEATURES);
    String bondName = edgeList ? MoleculeModality.EDGE_FEATURES : MoleculeModality.PAIR_FEATURES;
    Tensor bf = tensor(encoded, bondName);
    int n = (int) af.shape()[0];
    int fa = (int) af.shape()[1];
    // A bond row (a pair [i, j] or an edge) and the two atoms it joins.
    int rows = edgeList ? (int) bf.shape()[0] : n * n;
    int fb = (int) bf.shape()[bf.shape().length - 1];
    int[] from = new int[rows];
    int[] to = new int[rows];
    if (edgeList) {
      long[] index = tensor(encoded, MoleculeModality.EDGE_INDEX).longs();
      for (int k = 0; k < rows; k++) {
        from[k] = (int) index[k];
        to[k] = (int) index[rows + k];
      }
    } else {
      for (int k = 0; k < rows; k++) {
        from[k] = k / n;
        to[k] = k % n;
      }
    }
    float[] a = af.floats();
    float[] p = bf.floats();
    Example base = new Example(encoded.tensors(), List.of());
    List<Example> del = new ArrayList<>();
    List<Example> ins = new ArrayList<>();
    for (int k = 0; k <= atoms; k++) {
      boolean[] chosen = new boolean[n];
      for (int i = 0; i < k; i++) {
        chosen[order[i]] = true;
      }
      float[] da = a.clone();
      float[] dp = p.clone();
      float[] ia = new float[a.length];
      float[] ip = new float[p.length];
      for (int i = 0; i < n; i++) {
        if (chosen[i]) {
          java.util.Arrays.fill(da, i * fa, (i + 1) * fa, 0f);
          System.arraycopy(a, i * fa, ia, i * fa, fa);
        }
      }
      for (int r = 0; r < rows; r++) {
        int at = r * fb;
        if (chosen[from[r]] || chosen[to[r]]) {
          java.util.Arrays.fill(dp, at, at + fb, 0f);
        }
        if (chosen[from[r]] && chosen[to[r]]) {
          System.arraycopy(p, at, ip, at, fb);
        }
      }
      del.add(replace(base, bondName, da, af.shape(), dp, bf.shape()));
      ins.add(replace(base, bondName, ia, af.shape(), ip, bf.shape()));
    }
    double[] d = Faithfulness.scores(model, del, target, 32);
    double[] in = Faithfulness.scores(model, ins, target, 32);
    return new Curve(method, order, d, in, Faithfulness.auc(d), Faithfulness.auc(in));
  }

  /** Mean areas per method, in the order the methods first appear. */
  public static List<MethodSummary> summarize(List<Report> reports) {
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (Report r : reports) {
      for (Curve c : r.curves()) {
        double[] s = sums.computeIfAbsent(c.method(), k -> new double[3]);
        s[0] += 1;
        s[1] += c.deletionAuc();
        s[2] += c.insertionAuc();
      }
    }
    List<MethodSummary> out = new ArrayList<>();
    for (Map.Entry<String, double[]> e : sums.entrySet()) {
      double[] s = e.getValue();
      out.add(new MethodSummary(e.getKey(), (int) s[0], s[1] / s[0], s[2] / s[0]));
    }
    return out;
  }

  /** A permutation of {@code 0..n-1} drawn from {@code seed} (Fisher–Yates). */
  public static int[] randomOrder(int n, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random r = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  private static boolean has(MoleculeEncoding e, String name) {
    return e.tensors().stream().anyMatch(t -> t.name().equals(name));
  }

  private static Example replace(
      Example base,
      String bondName,
      float[] atoms,
      long[] atomShape,
      float[] pairs,
      long[] pairShape) {
    List<NamedTensor> in = new ArrayList<>();
    for (NamedTensor t : base.inputs()) {
      if (t.name().equals(MoleculeModality.ATOM_FEATURES)) {
        in.add(NamedTensor.attributable(t.name(), Tensor.of(atoms, atomShape)));
      } else if (t.name().equals(bondName)) {
        in.add(NamedTensor.attributable(t.name(), Tensor.of(pairs, pairShape)));
      } else {
        in.add(t);
      }
    }
    return new Example(in, List.of());
  }

  private static Tensor tensor(MoleculeEncoding e, String name) {
    for (NamedTensor t : e.tensors()) {
      if (t.name().equals(name)) {
        return t.value();
      }
    }
    throw new AttribException("not an input encoded by the molecule modality (no " + name + ")");
  }
}
