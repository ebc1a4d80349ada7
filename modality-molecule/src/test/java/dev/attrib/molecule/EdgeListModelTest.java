package dev.attrib.molecule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.attrib.ig.Activation;
import dev.attrib.ig.Example;
import dev.attrib.ig.Faithfulness;
import dev.attrib.ig.Methods;
import dev.attrib.ig.Target;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelLoader;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Options;
import dev.attrib.spi.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge-list contract on the TorchScript GNN of {@code edge-list-gnn/export.py}: encoding, IG
 * completeness, bond scores against an independent finite-difference integral, padding.
 */
class EdgeListModelTest {
  static final Path DIR = Path.of("src/test/resources/edge-list-gnn");
  private static final MoleculeModality MOL = new MoleculeModality();
  private static LoadedModel model;

  @BeforeAll
  static void load() {
    model = ModelLoader.load(DIR, MOL.manifestKeys(), Device.cpu());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static Tensor input(MoleculeEncoding e, String name) {
    return e.tensors().stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow()
        .value();
  }

  @Test
  void encodesTheEdgeListInTheManifestsInputOrder() {
    MoleculeEncoding e = MOL.encode("CC(=O)O", model, Options.NONE);
    assertEquals(
        List.of("atom_features", "edge_index", "edge_features", "atom_mask", "edge_mask"),
        e.tensors().stream().map(NamedTensor::name).toList());
    assertEquals(
        List.of(true, false, true, false, false),
        e.tensors().stream().map(NamedTensor::attributable).toList());
    assertArrayEquals(new long[] {4, 34}, input(e, "atom_features").shape());
    assertArrayEquals(new long[] {2, 6}, input(e, "edge_index").shape());
    assertArrayEquals(new long[] {6, 12}, input(e, "edge_features").shape());
    // Bonds C0-C1, C1=O2, C1-O3; bond k is edges 2k (begin to end) and 2k + 1 (back).
    assertArrayEquals(
        new long[] {0, 1, 1, 2, 1, 3, 1, 0, 2, 1, 3, 1}, input(e, "edge_index").longs());
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, input(e, "edge_mask").floats());
    // The bond features' block order is the manifest's: bondTypes (4), bondStereo (3 + other),
    // conjugated, bondRingSizes (5, 6, other). C1=O2: double, no stereo, conjugated, no ring.
    float[] ef = input(e, "edge_features").floats();
    float[] cDoubleO = {0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0};
    assertArrayEquals(cDoubleO, java.util.Arrays.copyOfRange(ef, 2 * 12, 3 * 12));
    assertArrayEquals(cDoubleO, java.util.Arrays.copyOfRange(ef, 3 * 12, 4 * 12));
    float[] methyl = {1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0};
    assertArrayEquals(methyl, java.util.Arrays.copyOfRange(ef, 0, 12));
  }

  @Test
  void completenessWithinOnePercent() {
    for (String smi :
        new String[] {
          "O=C(O)c1ccccc1[N+](=O)[O-]", "c1ccncc1", "C[C@@H](N)C(=O)O", "F/C=C/Cl", "C1CCSC1"
        }) {
      for (String task : new String[] {"alpha", "beta"}) {
        for (String baseline : new String[] {"zero", "unbonded", "carbon"}) {
          Explanation<MoleculeEncoding> e =
              new Explainer<>(MOL, model)
                  .explain(smi, ExplainSettings.defaults().withTarget(task).withBaseline(baseline));
          var c = e.attribution().completeness();
          String what = smi + " " + task + " " + baseline + ": " + c;
          assertTrue(c.holds(0.01), what);
          MoleculeScores s = MoleculeScores.of(e.encoded(), e.attribution());
          assertEquals(c.sum(), s.split().total(), 1e-5, what);
          assertEquals(0.0, s.split().unbondedPairs(), 0.0, what);
          if (baseline.equals("unbonded")) {
            for (double v : s.atoms()) {
              assertEquals(0.0, v, 0.0, "the unbonded baseline keeps the atoms: " + what);
            }
          }
        }
      }
    }
  }

  /**
   * Every atom's and bond's IG score against an integral that never uses the engine's gradients: IG
   * of a group S of input coordinates is the integral over a of the directional derivative of F
   * along (x - x') restricted to S, taken here by central differences of F and the midpoint rule. A
   * bond's group is both its edges' features, so this also checks the sum over directions.
   */
  @Test
  void atomAndBondScoresMatchAFiniteDifferenceIntegral() {
    String smi = "O=C(O)c1ccccc1[N+](=O)[O-]";
    Explanation<MoleculeEncoding> e =
        new Explainer<>(MOL, model)
            .explain(
                smi,
                ExplainSettings.defaults()
                    .withTarget("beta")
                    .withOn("logit")
                    .withConfig(Methods.config().steps(64).build()));
    MoleculeScores got = MoleculeScores.of(e.encoded(), e.attribution());
    MoleculeEncoding enc = e.encoded();
    MolGraph g = enc.graph();
    float[] a = input(enc, "atom_features").floats();
    float[] f = input(enc, "edge_features").floats();
    int fa = 34;
    int fe = 12;
    // The logit: the sigmoid of this molecule's beta is saturated (0.99995), its gradients tiny.
    Target target = Target.index(1).on(Activation.NONE);
    int points = 64;
    double h = 1e-2;
    List<Example> examples = new ArrayList<>();
    // Groups: atoms 0..n-1, then bonds.
    List<boolean[][]> groups = new ArrayList<>();
    for (MolGraph.Atom at : g.atoms()) {
      boolean[] ma = new boolean[a.length];
      java.util.Arrays.fill(ma, at.index() * fa, (at.index() + 1) * fa, true);
      groups.add(new boolean[][] {ma, new boolean[f.length]});
    }
    for (MolGraph.Bond b : g.bonds()) {
      boolean[] mf = new boolean[f.length];
      java.util.Arrays.fill(mf, 2 * b.index() * fe, (2 * b.index() + 2) * fe, true);
      groups.add(new boolean[][] {new boolean[a.length], mf});
    }
    for (boolean[][] grp : groups) {
      for (int k = 0; k < points; k++) {
        double alpha = (k + 0.5) / points;
        for (int sign : new int[] {1, -1}) {
          float[] pa = new float[a.length];
          float[] pf = new float[f.length];
          // The zero baseline: z = alpha x, moved by sign h along x restricted to the group.
          for (int i = 0; i < a.length; i++) {
            pa[i] = (float) (a[i] * (alpha + (grp[0][i] ? sign * h : 0)));
          }
          for (int i = 0; i < f.length; i++) {
            pf[i] = (float) (f[i] * (alpha + (grp[1][i] ? sign * h : 0)));
          }
          examples.add(with(enc, pa, pf));
        }
      }
    }
    double[] scores = Faithfulness.scores(model, examples, target, 128);
    double[] want = new double[groups.size()];
    for (int grp = 0; grp < groups.size(); grp++) {
      double sum = 0;
      for (int k = 0; k < points; k++) {
        int at = (grp * points + k) * 2;
        sum += (scores[at] - scores[at + 1]) / (2 * h);
      }
      want[grp] = sum / points;
    }
    int n = g.atoms().size();
    double max = 0;
    for (double w : want) {
      max = Math.max(max, Math.abs(w));
    }
    assertTrue(max > 1e-3, "the reference must not be trivially zero: " + max);
    double tol = 1e-3 * max;
    double worst = 0;
    for (int i = 0; i < n; i++) {
      worst = Math.max(worst, Math.abs(want[i] - got.atoms()[i]));
    }
    for (MolGraph.Bond b : g.bonds()) {
      worst = Math.max(worst, Math.abs(want[n + b.index()] - got.bonds()[b.index()]));
    }
    System.out.printf(
        java.util.Locale.ROOT,
        "edge-list IG vs finite differences: largest difference %.3g of largest score %.3g%n",
        worst,
        max);
    for (int i = 0; i < n; i++) {
      assertEquals(want[i], got.atoms()[i], tol, "atom " + g.atoms().get(i).label());
    }
    for (MolGraph.Bond b : g.bonds()) {
      assertEquals(want[n + b.index()], got.bonds()[b.index()], tol, "bond " + b.label(g));
    }
  }

  private static Example with(MoleculeEncoding enc, float[] atoms, float[] edges) {
    List<NamedTensor> in = new ArrayList<>();
    for (NamedTensor t : enc.tensors()) {
      if (t.name().equals("atom_features")) {
        in.add(NamedTensor.attributable(t.name(), Tensor.of(atoms, t.value().shape())));
      } else if (t.name().equals("edge_features")) {
        in.add(NamedTensor.attributable(t.name(), Tensor.of(edges, t.value().shape())));
      } else {
        in.add(t);
      }
    }
    return new Example(in, List.of());
  }

  @Test
  void paddedAtomsAndEdgesChangeNothing(@TempDir Path tmp) throws IOException {
    String manifest = Files.readString(DIR.resolve("attrib.json"));
    String padded =
        manifest.replace(
            "\"maxAtoms\": 32", "\"maxAtoms\": 32, \"padAtoms\": true, \"maxEdges\": 80");
    assertTrue(padded.contains("maxEdges"));
    Files.copy(DIR.resolve("model.pt"), tmp.resolve("model.pt"));
    Files.writeString(tmp.resolve("attrib.json"), padded);
    try (LoadedModel pm = ModelLoader.load(tmp, MOL.manifestKeys(), Device.cpu())) {
      String smi = "Oc1ccccc1C(=O)O";
      MoleculeEncoding enc = MOL.encode(smi, pm, Options.NONE);
      assertArrayEquals(new long[] {32, 34}, input(enc, "atom_features").shape());
      assertArrayEquals(new long[] {2, 80}, input(enc, "edge_index").shape());
      assertEquals(20.0, input(enc, "edge_mask").sum(), 0.0, "10 bonds, 2 edges each");
      assertEquals(10.0, input(enc, "atom_mask").sum(), 0.0);
      // Padding edges join the last (padding) atom row to itself.
      long[] index = input(enc, "edge_index").longs();
      assertEquals(31, index[20]);
      assertEquals(31, index[80 + 79]);
      ExplainSettings s = ExplainSettings.defaults().withTarget("alpha");
      for (String b : new String[] {"zero", "carbon"}) {
        Explanation<MoleculeEncoding> p = new Explainer<>(MOL, pm).explain(smi, s.withBaseline(b));
        double[] u = new Explainer<>(MOL, model).explain(smi, s.withBaseline(b)).units().scores();
        assertArrayEquals(u, p.units().scores(), 1e-5, b);
        assertEquals(
            0.0, MoleculeScores.of(p.encoded(), p.attribution()).split().unbondedPairs(), 0.0);
      }
    }
  }

  @Test
  void atomDeletionRemovesTheAtomsEdges() {
    ExplainSettings s = ExplainSettings.defaults().withTarget("alpha");
    AtomFaithfulness.Report r =
        AtomFaithfulness.evaluate(MOL, model, "CC(=O)O", s, List.of("ig", "random"));
    MoleculeEncoding enc = MOL.encode("CC(=O)O", model, Options.NONE);
    Target t = Target.index(0).on(Activation.SIGMOID);
    double whole =
        Faithfulness.scores(model, List.of(new Example(enc.tensors(), List.of())), t, 1)[0];
    double none =
        Faithfulness.scores(model, List.of(with(enc, new float[4 * 34], new float[6 * 12])), t, 1)[
            0];
    for (AtomFaithfulness.Curve c : r.curves()) {
      assertEquals(whole, c.deletion()[0], 1e-6, c.method());
      assertEquals(none, c.deletion()[4], 1e-6, c.method() + ": all atoms and edges gone");
      assertEquals(none, c.insertion()[0], 1e-6, c.method());
      assertEquals(whole, c.insertion()[4], 1e-6, c.method() + ": all back");
    }
  }

  @Test
  void inputsThatFitNeitherContractAreRejectedNamingThem(@TempDir Path tmp) throws IOException {
    String manifest = Files.readString(DIR.resolve("attrib.json"));
    String[][] cases = {
      {"[\"atom_features\", \"edge_index\", \"edge_feature\"]", "'edge_feature'"},
      {"[\"atom_features\", \"pair_features\", \"edge_index\", \"edge_features\"]", "both"},
      {"[\"atom_features\", \"edge_features\"]", "both edge_index and edge_features"},
      {"[\"edge_index\", \"edge_features\"]", "lacks atom_features"},
    };
    for (String[] c : cases) {
      String bad =
          manifest.replaceFirst(
              "\"inputs\": \\[[^]]*\\]",
              java.util.regex.Matcher.quoteReplacement("\"inputs\": " + c[0]));
      assertTrue(bad.contains(c[0]), bad);
      Files.writeString(tmp.resolve("attrib.json"), bad);
      var mf = dev.attrib.model.Manifest.read(tmp, MOL.manifestKeys());
      var e =
          org.junit.jupiter.api.Assertions.assertThrows(
              dev.attrib.spi.AttribException.class, () -> MoleculeSpec.of(mf));
      assertTrue(e.getMessage().contains(c[1]), e.getMessage());
      assertTrue(e.getMessage().contains("attrib.json"), e.getMessage());
    }
    String noMaxEdges =
        manifest.replace("\"maxAtoms\": 32", "\"maxAtoms\": 32, \"padAtoms\": true");
    Files.writeString(tmp.resolve("attrib.json"), noMaxEdges);
    var mf = dev.attrib.model.Manifest.read(tmp, MOL.manifestKeys());
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            dev.attrib.spi.AttribException.class, () -> MoleculeSpec.of(mf));
    assertTrue(e.getMessage().contains("maxEdges"), e.getMessage());
  }

  @Test
  void moleculesOverTheEdgeLimitAreRejectedNamingThem(@TempDir Path tmp) throws IOException {
    String manifest =
        Files.readString(DIR.resolve("attrib.json"))
            .replace("\"maxAtoms\": 32", "\"maxAtoms\": 32, \"maxEdges\": 4");
    Files.writeString(tmp.resolve("attrib.json"), manifest);
    MoleculeSpec spec = MoleculeSpec.of(dev.attrib.model.Manifest.read(tmp, MOL.manifestKeys()));
    assertEquals(4, MoleculeModality.encode("CCC", spec).tensors().get(1).value().shape()[1]);
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            dev.attrib.spi.AttribException.class, () -> MoleculeModality.encode("CCCC", spec));
    assertTrue(
        e.getMessage().contains("CCCC") && e.getMessage().contains("maxEdges"), e.getMessage());
  }
}
