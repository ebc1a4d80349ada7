package dev.attrib.molecule;

import dev.attrib.ig.Activation;
import dev.attrib.ig.Attribution;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.Manifest;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Baseline;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.ExplainTarget;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Modality;
import dev.attrib.spi.ModelCheck;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Options;
import dev.attrib.spi.Renderer;
import dev.attrib.spi.Tensor;
import dev.attrib.spi.UnitScores;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code molecule} modality: which atoms and bonds drive a molecule model's prediction.
 *
 * <pre>{@code
 * MoleculeModality mol = new MoleculeModality();
 * try (LoadedModel model = ModelLoader.load(dir, mol.manifestKeys(), Device.cpu())) {
 *   Explanation<MoleculeEncoding> e = new Explainer<>(mol, model)
 *       .explain("O=C(O)c1ccccc1[N+](=O)[O-]", ExplainSettings.defaults().withTarget("nitro"));
 *   System.out.print(new String(mol.renderer("plain").render(e, Options.NONE), UTF_8));
 *   Files.write(Path.of("out.svg"), mol.renderer("svg").render(e, Options.NONE));
 * }
 * }</pre>
 *
 * <p>Contract:
 *
 * <ul>
 *   <li><b>Input</b>: one SMILES string (optionally followed by a title) or one MOL block, parsed
 *       and perceived by {@link MoleculeParser}; batches of them are read by {@link
 *       MoleculeReader}.
 *   <li><b>Model inputs</b>, in forward order, for a molecule of {@code N} atoms ({@code N =
 *       maxAtoms} when the manifest sets {@code padAtoms}): attributable {@code atom_features [N,
 *       Fa]} and {@code pair_features [N, N, Fp]} (float32, as the manifest's {@code featurization}
 *       spells out, see {@link Featurization}; pair entries of bonded atoms in both directions,
 *       zero elsewhere), and fixed {@code atom_mask [N]} as <b>float32</b> (1 for an atom, 0 for
 *       padding), so a model multiplies by it directly. That is the dense contract; a manifest
 *       whose {@code inputs} list {@code edge_index} and {@code edge_features} gets the edge list
 *       instead: {@code atom_features [N, Fa]}, fixed {@code edge_index int64 [2, E]} (bond k is
 *       edges 2k and 2k + 1, one per direction), attributable {@code edge_features [E, Fe]}, and
 *       the masks it lists ({@code atom_mask [N]}, {@code edge_mask [E]}). Inputs come in the order
 *       the manifest's {@code inputs} lists them.
 *   <li><b>Units</b>: the atoms (kind {@code atom}, text like {@code N9} or {@code c3}: the symbol,
 *       lower case when aromatic, and the 0-based atom index) in the molecule's atom order, then
 *       the bonds (kind {@code bond}, text like {@code N9=O10}) in its bond order.
 *   <li><b>Scores</b>: an atom's score is the sum of its atom-feature attributions, a bond's the
 *       sum of its pair-feature (or edge-feature) attributions in both directions; {@link
 *       MoleculeScores} has them and the atoms-versus-bonds {@link AtomBondSplit}.
 *   <li><b>Baselines</b>: {@code zero} (default: all atom and pair features zero, the IG paper's
 *       choice), {@code unbonded} (atom features kept, pair features zero: attributes the bonds
 *       only), {@code carbon} (every atom a lone methane carbon, pairs zero). Padding stays zero in
 *       all of them.
 *   <li><b>Targets</b>: one row, the task the settings choose (the predicted one by default), or
 *       with the target {@value #ALL_TASKS} one row per task of the manifest's labels, in their
 *       order ({@code attrib molecule --task all}).
 *   <li>A molecule with more atoms than the manifest's {@code maxAtoms} is an {@link
 *       AttribException} naming it.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class MoleculeModality implements Modality<MoleculeEncoding> {

  static {
    // Before CDK's classes create their loggers: see CdkLogging.
    CdkLogging.install();
  }

  /** The registry name. */
  public static final String NAME = "molecule";

  public static final String ATOM_FEATURES = "atom_features";
  public static final String PAIR_FEATURES = "pair_features";
  public static final String ATOM_MASK = "atom_mask";
  public static final String EDGE_INDEX = "edge_index";
  public static final String EDGE_FEATURES = "edge_features";
  public static final String EDGE_MASK = "edge_mask";

  /** The target that asks for one row per task. */
  public static final String ALL_TASKS = "all";

  /** Options, all for the renderers: see {@link MoleculeRenderers}. */
  public static final Set<String> OPTIONS =
      Set.of("atom-indices", "atom-values", "legend", "top", "zoom");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "molecules from SMILES or MOL/SDF: atom and bond attribution, CDK depiction";
  }

  @Override
  public Set<String> manifestKeys() {
    return MoleculeSpec.KEYS;
  }

  @Override
  public Set<String> options() {
    return OPTIONS;
  }

  @Override
  public MoleculeEncoding encode(String input, LoadedModel model, Options options) {
    options.requireKnown(OPTIONS, "modality " + NAME);
    return encode(input, MoleculeSpec.of(model.manifest()));
  }

  /**
   * Encodes without a loaded model, from the molecule part of its manifest: the tensors of the
   * manifest's {@code inputs}, in that order (see {@link MoleculeSpec}).
   */
  public static MoleculeEncoding encode(String input, MoleculeSpec spec) {
    MolGraph g = MoleculeParser.graph(input);
    int atoms = g.atoms().size();
    if (spec.maxAtoms() > 0 && atoms > spec.maxAtoms()) {
      throw new AttribException(
          "molecule '"
              + MoleculeParser.shortText(input)
              + "' has "
              + atoms
              + " heavy atoms, more than the model's limit of "
              + spec.maxAtoms()
              + " (maxAtoms in attrib.json)");
    }
    int n = spec.padAtoms() ? spec.maxAtoms() : atoms;
    Featurization f = spec.featurization();
    float[] mask = new float[n];
    for (int i = 0; i < atoms; i++) {
      mask[i] = 1;
    }
    Map<String, NamedTensor> made = new HashMap<>();
    made.put(
        ATOM_FEATURES,
        NamedTensor.attributable(
            ATOM_FEATURES, Tensor.of(f.atomFeatures(g, n), n, f.atomFeatureCount())));
    made.put(ATOM_MASK, NamedTensor.fixed(ATOM_MASK, Tensor.of(mask, n)));
    if (spec.edgeList()) {
      edges(input, g, spec, n, made);
    } else {
      made.put(
          PAIR_FEATURES,
          NamedTensor.attributable(
              PAIR_FEATURES, Tensor.of(f.pairFeatures(g, n), n, n, f.pairFeatureCount())));
    }
    List<NamedTensor> tensors = new ArrayList<>();
    for (String name : spec.inputs()) {
      tensors.add(made.get(name));
    }
    return new MoleculeEncoding(input, tensors, MoleculeScores.units(g), g);
  }

  /**
   * The edge list: bond k is edges 2k (begin to end) and 2k + 1 (end to begin), both with the
   * bond's features; padding edges (to {@code maxEdges}) have mask 0, features 0 and join the last
   * atom row to itself, a padding atom whenever the molecule is shorter than the rows.
   */
  private static void edges(
      String input, MolGraph g, MoleculeSpec spec, int n, Map<String, NamedTensor> made) {
    Featurization f = spec.featurization();
    int fe = f.bondFeatureCount();
    int e = 2 * g.bonds().size();
    if (spec.maxEdges() > 0 && e > spec.maxEdges()) {
      throw new AttribException(
          "molecule '"
              + MoleculeParser.shortText(input)
              + "' has "
              + e
              + " edges (2 per bond), more than the model's limit of "
              + spec.maxEdges()
              + " (maxEdges in attrib.json)");
    }
    int rows = spec.padAtoms() ? spec.maxEdges() : e;
    long[] index = new long[2 * rows];
    float[] features = new float[rows * fe];
    float[] mask = new float[rows];
    for (MolGraph.Bond b : g.bonds()) {
      float[] bf = f.bondFeatures(b, g);
      int k = 2 * b.index();
      index[k] = b.begin();
      index[rows + k] = b.end();
      index[k + 1] = b.end();
      index[rows + k + 1] = b.begin();
      System.arraycopy(bf, 0, features, k * fe, fe);
      System.arraycopy(bf, 0, features, (k + 1) * fe, fe);
      mask[k] = 1;
      mask[k + 1] = 1;
    }
    for (int k = e; k < rows; k++) {
      index[k] = n - 1;
      index[rows + k] = n - 1;
    }
    made.put(EDGE_INDEX, NamedTensor.fixed(EDGE_INDEX, Tensor.ofLongs(index, 2, rows)));
    made.put(EDGE_FEATURES, NamedTensor.attributable(EDGE_FEATURES, Tensor.of(features, rows, fe)));
    made.put(EDGE_MASK, NamedTensor.fixed(EDGE_MASK, Tensor.of(mask, rows)));
  }

  /**
   * One row per task with the target {@value #ALL_TASKS} (unless a task is named so), in the
   * manifest's label order; otherwise the default single row.
   */
  @Override
  public List<ExplainTarget> targets(
      MoleculeEncoding encoded, LoadedModel model, ExplainSettings settings) {
    Manifest mf = model.manifest();
    if (!allTasks(settings, mf)) {
      return Modality.super.targets(encoded, model, settings);
    }
    Activation act = settings.on().equals("probability") ? mf.activation() : Activation.NONE;
    List<ExplainTarget> rows = new ArrayList<>();
    for (String task : mf.labels()) {
      rows.add(ExplainTarget.of(Explainer.target(task, mf, act)));
    }
    return rows;
  }

  /** {@value #ALL_TASKS}, or what the default accepts. */
  @Override
  public void checkTarget(ExplainSettings settings, Manifest manifest) {
    if (!allTasks(settings, manifest)) {
      Modality.super.checkTarget(settings, manifest);
    }
  }

  private static boolean allTasks(ExplainSettings settings, Manifest mf) {
    if (!ALL_TASKS.equals(settings.target()) || mf.labels().contains(ALL_TASKS)) {
      return false;
    }
    if (mf.labels().isEmpty()) {
      throw new AttribException(
          mf.file() + " names no tasks (labels), so there is no task list for the target 'all'");
    }
    return true;
  }

  @Override
  public List<Baseline<MoleculeEncoding>> baselines() {
    return List.of(ZERO, UNBONDED, CARBON);
  }

  @Override
  public UnitScores summarize(MoleculeEncoding encoded, Attribution attribution) {
    return MoleculeScores.of(encoded, attribution).unitScores();
  }

  @Override
  public List<Renderer<MoleculeEncoding>> renderers() {
    return MoleculeRenderers.ALL;
  }

  /**
   * One baseline sample: per attributable input of the encoding, in order, the atom features as
   * {@code atoms} makes them from the input's and zeros for the pair or edge features.
   */
  private static List<List<Tensor>> sample(
      MoleculeEncoding encoded, java.util.function.UnaryOperator<Tensor> atoms) {
    List<Tensor> out = new ArrayList<>();
    for (NamedTensor t : encoded.tensors()) {
      if (t.attributable()) {
        out.add(t.name().equals(ATOM_FEATURES) ? atoms.apply(t.value()) : zeros(t.value()));
      }
    }
    return List.of(out);
  }

  private static Tensor zeros(Tensor t) {
    return Tensor.zeros(t.shape());
  }

  /** All atom and pair (or edge) features zero. */
  static final Baseline<MoleculeEncoding> ZERO =
      Baseline.of(
          "zero",
          "all atom and bond features zero (the IG paper's choice)",
          (encoded, model, options, seed) -> sample(encoded, MoleculeModality::zeros));

  /** Atom features as they are, pair (or edge) features zero. */
  static final Baseline<MoleculeEncoding> UNBONDED =
      Baseline.of(
          "unbonded",
          "atoms as they are, no bonds: attributes the bonds only",
          (encoded, model, options, seed) -> sample(encoded, t -> t));

  /** Every atom a neutral sp3 carbon with four hydrogens and no bonds. */
  static final Baseline<MoleculeEncoding> CARBON =
      Baseline.of(
          "carbon",
          "every atom a lone methane carbon (neutral sp3 C, 4 H, degree 0), no bonds",
          MoleculeModality::carbon);

  /**
   * Methane's carbon as the parser perceives it: every property of a lone CH4. In a holder, so that
   * loading the modality (every CLI command does) parses nothing.
   */
  private static final class Methane {
    static final MolGraph.Atom ATOM = MoleculeParser.graph("C").atoms().get(0);
  }

  private static List<List<Tensor>> carbon(
      MoleculeEncoding encoded, LoadedModel model, Options options, long seed) {
    MolGraph g = encoded.graph();
    Featurization f = MoleculeSpec.of(model.manifest()).featurization();
    float[] carbon = f.atomFeatures(Methane.ATOM);
    return sample(
        encoded,
        t -> {
          int fa = (int) t.shape()[1];
          if (fa != f.atomFeatureCount()) {
            throw new AttribException(
                "carbon baseline: the input has "
                    + fa
                    + " atom features but the model's featurization makes "
                    + f.atomFeatureCount());
          }
          float[] data = new float[t.size()];
          for (int i = 0; i < g.atoms().size(); i++) {
            System.arraycopy(carbon, 0, data, i * fa, fa);
          }
          return Tensor.of(data, t.shape());
        });
  }

  /** Parses a boolean option ({@code true}/{@code false}, {@code yes}/{@code no}, {@code 1/0}). */
  static boolean flag(Options o, String key, boolean fallback) {
    String v = o.get(key, null);
    if (v == null) {
      return fallback;
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1", "" -> true;
      case "false", "no", "0" -> false;
      default -> throw new AttribException("option " + key + "=" + v + " must be true or false");
    };
  }

  /** Padded atoms (atom_mask 0) do not change the output; see {@link MoleculeChecks}. */
  @Override
  public List<ModelCheck> checkInput(LoadedModel model, MoleculeEncoding encoded) {
    return List.of(MoleculeChecks.padding(model, encoded));
  }

  /** {@code attrib check}'s sample: benzoic acid (aromatic ring, carbonyl, hydroxyl). */
  @Override
  public MoleculeEncoding sample(LoadedModel model, Options options) {
    return encode("c1ccccc1C(=O)O benzoic acid", model, options);
  }
}
