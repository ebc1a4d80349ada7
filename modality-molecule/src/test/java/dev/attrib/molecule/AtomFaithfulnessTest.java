package dev.attrib.molecule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.ig.Activation;
import dev.attrib.ig.Example;
import dev.attrib.ig.Faithfulness;
import dev.attrib.ig.ModelOutputs;
import dev.attrib.model.LoadedModel;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Options;
import dev.attrib.spi.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AtomFaithfulnessTest {
  private static final MoleculeModality MOL = new MoleculeModality();
  private static final String SMILES = "O=C(O)c1ccccc1[N+](=O)[O-]";
  private static LoadedModel model;

  @BeforeAll
  static void load() {
    model = TinyModel.load();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static double sigmoidOutput(MoleculeEncoding enc, int task) {
    return ModelOutputs.at(model, new Example(enc.tensors(), List.of()), Activation.SIGMOID)[task];
  }

  @Test
  void curvesRunBetweenTheMoleculeAndTheZeroBaseline() {
    ExplainSettings s = ExplainSettings.defaults().withTarget("beta");
    AtomFaithfulness.Report r =
        AtomFaithfulness.evaluate(MOL, model, SMILES, s, AtomFaithfulness.DEFAULT_METHODS);
    assertEquals("beta", r.target());
    assertEquals(1, r.targetIndex());
    assertEquals(
        AtomFaithfulness.DEFAULT_METHODS, r.curves().stream().map(c -> c.method()).toList());
    MoleculeEncoding enc = MOL.encode(SMILES, model, Options.NONE);
    double full = sigmoidOutput(enc, 1);
    List<NamedTensor> zero = new ArrayList<>();
    for (NamedTensor t : enc.tensors()) {
      zero.add(
          t.attributable()
              ? NamedTensor.attributable(t.name(), Tensor.zeros(t.value().shape()))
              : t);
    }
    double empty = ModelOutputs.at(model, new Example(zero, List.of()), Activation.SIGMOID)[1];
    for (AtomFaithfulness.Curve c : r.curves()) {
      assertEquals(13, c.deletion().length);
      assertEquals(full, c.deletion()[0], 1e-6, c.method());
      assertEquals(empty, c.deletion()[12], 1e-6, c.method());
      assertEquals(empty, c.insertion()[0], 1e-6, c.method());
      assertEquals(full, c.insertion()[12], 1e-6, c.method());
      assertEquals(Faithfulness.auc(c.deletion()), c.deletionAuc(), 0.0);
      int[] sorted = c.order();
      Arrays.sort(sorted);
      assertArrayEquals(java.util.stream.IntStream.range(0, 12).toArray(), sorted, "a permutation");
    }
    double[] igAtoms =
        MoleculeScores.of(enc, new Explainer<>(MOL, model).explain(SMILES, s).attribution())
            .atoms();
    assertArrayEquals(Faithfulness.ranking(igAtoms), r.curves().get(0).order());
  }

  @Test
  void deletingOneAtomAlsoDeletesItsBonds() {
    MoleculeEncoding enc = MOL.encode(SMILES, model, Options.NONE);
    // Remove only atom 9 (the nitro N), by hand: its row and its pair row and column.
    float[] a = enc.tensors().get(0).value().floats();
    float[] p = enc.tensors().get(1).value().floats();
    Arrays.fill(a, 9 * 31, 10 * 31, 0f);
    for (int j = 0; j < 12; j++) {
      Arrays.fill(p, (9 * 12 + j) * 6, (9 * 12 + j + 1) * 6, 0f);
      Arrays.fill(p, (j * 12 + 9) * 6, (j * 12 + 9 + 1) * 6, 0f);
    }
    List<NamedTensor> in =
        List.of(
            NamedTensor.attributable("atom_features", Tensor.of(a, 12, 31)),
            NamedTensor.attributable("pair_features", Tensor.of(p, 12, 12, 6)),
            enc.tensors().get(2));
    double want = ModelOutputs.at(model, new Example(in, List.of()), Activation.SIGMOID)[0];
    int[] order = {9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11};
    AtomFaithfulness.Curve c =
        AtomFaithfulness.curve(
            model, enc, dev.attrib.ig.Target.index(0).on(Activation.SIGMOID), "by hand", order);
    assertEquals(want, c.deletion()[1], 1e-6);
    assertNotEquals(c.deletion()[0], c.deletion()[1]);
  }

  @Test
  void randomOrderIsSeededAndSummariesAverage() {
    assertArrayEquals(AtomFaithfulness.randomOrder(10, 3), AtomFaithfulness.randomOrder(10, 3));
    assertTrue(
        !Arrays.equals(AtomFaithfulness.randomOrder(10, 3), AtomFaithfulness.randomOrder(10, 4)));
    ExplainSettings s = ExplainSettings.defaults();
    List<AtomFaithfulness.Report> reports = new ArrayList<>();
    for (String smi : List.of("CC(F)=O", "c1ccncc1")) {
      reports.add(AtomFaithfulness.evaluate(MOL, model, smi, s, List.of("ig", "random")));
    }
    List<AtomFaithfulness.MethodSummary> sum = AtomFaithfulness.summarize(reports);
    assertEquals(List.of("ig", "random"), sum.stream().map(m -> m.method()).toList());
    double mean =
        (reports.get(0).curves().get(0).deletionAuc()
                + reports.get(1).curves().get(0).deletionAuc())
            / 2;
    assertEquals(mean, sum.get(0).meanDeletionAuc(), 1e-12);
    assertEquals(2, sum.get(0).molecules());
  }
}
