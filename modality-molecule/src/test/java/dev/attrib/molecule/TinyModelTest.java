package dev.attrib.molecule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.attrib.ig.Activation;
import dev.attrib.ig.Attribution;
import dev.attrib.ig.Example;
import dev.attrib.ig.IntegratedGradients;
import dev.attrib.ig.Methods;
import dev.attrib.ig.ModelOutputs;
import dev.attrib.ig.Target;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelLoader;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Options;
import dev.attrib.spi.Tensor;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IG through the modality on the tiny TorchScript model, checked against plain-Java maths. */
class TinyModelTest {
  private static LoadedModel model;
  private static final MoleculeModality MOL = new MoleculeModality();
  private static final TinyModel.Net NET = new TinyModel.Net();

  @BeforeAll
  static void load() {
    model = TinyModel.load();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static double[] doubles(Tensor t) {
    double[] d = new double[t.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = t.get(i);
    }
    return d;
  }

  @Test
  void javaNetworkMatchesTheTorchScriptModule() {
    for (String smi : new String[] {"c1ccncc1", "O=C(O)c1ccccc1[N+](=O)[O-]", "C"}) {
      MoleculeEncoding enc = MOL.encode(smi, model, Options.NONE);
      double[] torch =
          ModelOutputs.at(model, new Example(enc.tensors(), java.util.List.of()), Activation.NONE);
      int n = (int) enc.tensors().get(0).value().shape()[0];
      double[] java =
          NET.logits(
              doubles(enc.tensors().get(0).value()),
              doubles(enc.tensors().get(1).value()),
              doubles(enc.tensors().get(2).value()),
              n);
      assertArrayEquals(java, torch, 1e-5, smi);
    }
  }

  /**
   * IG of the sigmoid of output 1 from the zero baseline, computed independently: central
   * differences in double precision for the gradient and Simpson's rule (200 intervals) for the
   * path integral, only over the nonzero inputs (the others get exactly zero).
   */
  private static double[][] referenceIg(MoleculeEncoding enc, int task) {
    double[] a = doubles(enc.tensors().get(0).value());
    double[] p = doubles(enc.tensors().get(1).value());
    double[] mask = doubles(enc.tensors().get(2).value());
    int n = mask.length;
    double[][] x = {a, p};
    double[][] ig = {new double[a.length], new double[p.length]};
    int intervals = 200;
    double h = 1e-6;
    for (int which = 0; which < 2; which++) {
      for (int i = 0; i < x[which].length; i++) {
        if (x[which][i] == 0) {
          continue;
        }
        double integral = 0;
        for (int s = 0; s <= intervals; s++) {
          double alpha = (double) s / intervals;
          double w = (s == 0 || s == intervals) ? 1 : (s % 2 == 1 ? 4 : 2);
          double[][] z = {scale(a, alpha), scale(p, alpha)};
          double keep = z[which][i];
          z[which][i] = keep + h;
          double up = sigmoid(NET.logits(z[0], z[1], mask, n)[task]);
          z[which][i] = keep - h;
          double down = sigmoid(NET.logits(z[0], z[1], mask, n)[task]);
          integral += w * (up - down) / (2 * h);
        }
        ig[which][i] = x[which][i] * integral / (3.0 * intervals);
      }
    }
    return ig;
  }

  private static double[] scale(double[] v, double s) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * s;
    }
    return out;
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  @Test
  void igMatchesAnIndependentIntegral() {
    for (String smi : new String[] {"C[N+](=O)[O-]", "c1ccncc1"}) {
      Explanation<MoleculeEncoding> e =
          new Explainer<>(MOL, model)
              .explain(
                  smi,
                  ExplainSettings.defaults()
                      .withTarget("beta")
                      .withConfig(Methods.config().steps(64).build()));
      double[][] ref = referenceIg(e.encoded(), 1);
      double max = 0;
      for (double[] r : ref) {
        for (double v : r) {
          max = Math.max(max, Math.abs(v));
        }
      }
      assertTrue(max > 1e-3, "the reference must not be trivially zero: " + max);
      Attribution att = e.attribution();
      double[] gotA = doubles(att.scores(MoleculeModality.ATOM_FEATURES));
      double[] gotP = doubles(att.scores(MoleculeModality.PAIR_FEATURES));
      assertArrayEquals(ref[0], gotA, 2e-4 * max + 1e-7, smi + " atom features");
      assertArrayEquals(ref[1], gotP, 2e-4 * max + 1e-7, smi + " pair features");
      assertTrue(att.completeness().holds(0.001), att.completeness().toString());
    }
  }

  @Test
  void unitScoresAreSumsOverFeaturesAndBothBondDirections() {
    Explanation<MoleculeEncoding> e =
        new Explainer<>(MOL, model)
            .explain("CC(=O)O", ExplainSettings.defaults().withTarget("alpha"));
    double[] a = doubles(e.attribution().scores(MoleculeModality.ATOM_FEATURES));
    double[] p = doubles(e.attribution().scores(MoleculeModality.PAIR_FEATURES));
    MoleculeScores s = MoleculeScores.of(e.encoded(), e.attribution());
    for (int i = 0; i < 4; i++) {
      double sum = 0;
      for (int f = 0; f < 31; f++) {
        sum += a[i * 31 + f];
      }
      assertEquals(sum, s.atoms()[i], 1e-9, "atom " + i);
      assertEquals(sum, e.units().score(i), 1e-9, "unit " + i);
    }
    // Bond 1 is C1=O2: entries [1,2,:] and [2,1,:].
    double bond = 0;
    for (int f = 0; f < 6; f++) {
      bond += p[(1 * 4 + 2) * 6 + f] + p[(2 * 4 + 1) * 6 + f];
    }
    assertEquals(bond, s.bonds()[1], 1e-9);
    assertEquals(bond, e.units().score(4 + 1), 1e-9, "bonds follow the atoms in unit order");
    assertEquals("C1=O2", e.units().units().get(5).text());
    AtomBondSplit split = s.split();
    assertEquals(0.0, split.unbondedPairs(), 0.0, "unbonded pairs are zero at input and baseline");
    assertEquals(e.attribution().completeness().sum(), split.total(), 1e-5);
    assertEquals(1.0, split.atomsFraction() + split.bondsFraction(), 1e-12);
    assertTrue(split.bondsFraction() != 0 && split.atomsFraction() != 0, split.toString());
  }

  @Test
  void baselinesGiveCompletenessAndTheUnbondedOneAttributesBondsOnly() {
    for (String b : new String[] {"zero", "unbonded", "carbon"}) {
      Explanation<MoleculeEncoding> e =
          new Explainer<>(MOL, model)
              .explain("O=C(O)c1ccccc1[N+](=O)[O-]", ExplainSettings.defaults().withBaseline(b));
      assertTrue(
          e.attribution().completeness().holds(0.01), b + ": " + e.attribution().completeness());
      MoleculeScores s = MoleculeScores.of(e.encoded(), e.attribution());
      if (b.equals("unbonded")) {
        for (double v : s.atoms()) {
          assertEquals(0.0, v, 0.0, "unbonded baseline keeps the atoms: they get nothing");
        }
        assertEquals(1.0, s.split().bondsFraction(), 1e-9);
      }
    }
    MoleculeEncoding enc = MOL.encode("CO", model, Options.NONE);
    float[] carbon =
        MOL.baseline("carbon").create(enc, model, Options.NONE, 0).get(0).get(0).floats();
    // Lone methane carbon: C, degree 0, neutral, 4 H (= other), sp3, for both atoms.
    float[] want = new float[31];
    for (int i : new int[] {0, 10, 17, 24, 28}) {
      want[i] = 1;
    }
    for (int atom = 0; atom < 2; atom++) {
      float[] row = java.util.Arrays.copyOfRange(carbon, atom * 31, atom * 31 + 31);
      assertArrayEquals(want, row, "atom " + atom);
    }
  }

  @Test
  void paddingToMaxAtomsChangesNothing(@TempDir Path tmp) {
    String padded =
        TinyModel.manifest().replace("\"maxAtoms\": 16,", "\"maxAtoms\": 16, \"padAtoms\": true,");
    assertTrue(padded.contains("padAtoms"));
    Path dir = TinyModel.withManifest(tmp, padded);
    try (LoadedModel pm = ModelLoader.load(dir, MOL.manifestKeys(), Device.cpu())) {
      String smi = "Oc1ccccc1";
      MoleculeEncoding enc = MOL.encode(smi, pm, Options.NONE);
      assertArrayEquals(new long[] {16, 31}, enc.tensors().get(0).value().shape());
      assertArrayEquals(new long[] {16, 16, 6}, enc.tensors().get(1).value().shape());
      float[] mask = enc.tensors().get(2).value().floats();
      assertEquals(7.0, new Tensor(new long[] {16}, mask, null).sum(), 0.0);
      ExplainSettings s = ExplainSettings.defaults().withTarget("alpha");
      for (String b : new String[] {"zero", "carbon"}) {
        double[] p = new Explainer<>(MOL, pm).explain(smi, s.withBaseline(b)).units().scores();
        double[] u = new Explainer<>(MOL, model).explain(smi, s.withBaseline(b)).units().scores();
        assertArrayEquals(u, p, 1e-5, b);
      }
    }
  }

  @Test
  void saliencyAndGradientTimesInputGoThroughTheSameSummary() {
    for (String m : new String[] {"saliency", "gradient-x-input"}) {
      Explanation<MoleculeEncoding> e =
          new Explainer<>(MOL, model).explain("c1ccncc1", ExplainSettings.defaults().withMethod(m));
      assertEquals(6 + 6, e.units().scores().length);
      assertEquals(null, e.attribution().completeness());
    }
    IntegratedGradients ig = IntegratedGradients.builder().steps(32).build();
    MoleculeEncoding enc = MOL.encode("CCN", model, Options.NONE);
    Attribution a =
        ig.attribute(model, new Example(enc.tensors(), java.util.List.of()), Target.index(0));
    assertEquals(3 + 2, MOL.summarize(enc, a).scores().length);
  }
}
