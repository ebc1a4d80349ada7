package dev.attrib.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.ig.Attribution;
import dev.attrib.ig.Example;
import dev.attrib.ig.IntegratedGradients;
import dev.attrib.ig.ModelOutputs;
import dev.attrib.ig.Target;
import dev.attrib.model.LoadedModel;
import dev.attrib.spi.conformance.ModalityConformanceKit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * Multi-target explanations through the one {@link Explainer}: a plugin's per-position outputs
 * ({@link SequenceModality}) give one row per position, in order, each its own position's
 * attribution; and the conformance kit checks such a modality row by row.
 */
class SequenceExplainerTest extends ModalityConformanceKit {
  private static LoadedModel model;

  @BeforeAll
  static void load(@TempDir Path dir) throws Exception {
    model = SequenceModality.load(dir);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Override
  protected Modality<?> modality() {
    return new SequenceModality();
  }

  @Override
  protected LoadedModel model() {
    return model;
  }

  @Override
  protected List<String> inputs() {
    return List.of("1, -0.5, 2; 0.3, 0.2, 0.1; -1, 1, 0.5", "0.5, 0.5, 0.5");
  }

  @Override
  protected int expectedRows(String input, ExplainSettings settings) {
    return input.split(";").length;
  }

  @Test
  void oneRowPerPositionEachOnItsOwnPosition() {
    Explanation<SequenceModality.Steps> e =
        new Explainer<>(new SequenceModality(), model).explain(inputs().get(0), settings());
    assertEquals(3, e.rows().size());
    assertEquals("3 positions", e.prediction().label());
    assertEquals("sequence", e.modality());
    assertEquals("zero", e.baseline());
    for (int t = 0; t < 3; t++) {
      Explanation.Row r = e.rows().get(t);
      // The model works position by position: row t owes everything to position t.
      for (int u = 0; u < 3; u++) {
        if (u == t) {
          assertTrue(Math.abs(r.units().score(u)) > 1e-4, "row " + t + " unit " + u);
        } else {
          assertEquals(0.0, r.units().score(u), 0.0, "row " + t + " unit " + u);
        }
      }
      assertTrue(
          r.attribution().completeness().holds(0.01), r.attribution().completeness()::toString);
      // Its label and index are the predicted tag at position t, its score that tag's probability.
      double[] p = tagProbabilities(inputs().get(0), t);
      int best = p[0] >= p[1] ? 0 : 1;
      assertEquals(best, r.index());
      assertEquals(List.of("in", "out").get(best), r.label());
      assertEquals(p[best], r.score(), 1e-6);
      assertEquals(e.prediction(), r.prediction(), "no per-row prediction: the overall one");
    }
  }

  /** The softmax over the two tags at position t, straight from the model. */
  private static double[] tagProbabilities(String input, int t) {
    Encoding enc = new SequenceModality().encode(input, model, Options.NONE);
    double[] all =
        ModelOutputs.at(
            model, new Example(enc.tensors(), List.of()), dev.attrib.ig.Activation.NONE);
    double a = all[2 * t];
    double b = all[2 * t + 1];
    double m = Math.max(a, b);
    double ea = Math.exp(a - m);
    double eb = Math.exp(b - m);
    return new double[] {ea / (ea + eb), eb / (ea + eb)};
  }

  @Test
  void singleRowAccessorsRefuseSeveralRows() {
    Explanation<SequenceModality.Steps> e =
        new Explainer<>(new SequenceModality(), model).explain(inputs().get(0), settings());
    AttribException x = assertThrows(AttribException.class, e::attribution);
    assertTrue(x.getMessage().contains("3 rows"), x.getMessage());
    Explanation<SequenceModality.Steps> one =
        new Explainer<>(new SequenceModality(), model).explain(inputs().get(1), settings());
    assertEquals(one.rows().get(0).attribution(), one.attribution());
    assertEquals(one.rows().get(0).label(), one.targetLabel());
  }

  @Test
  void aRowsFixedInputsReplaceTheEncodingsByName() {
    Encoding enc =
        Encoding.of(
            "x",
            List.of(
                NamedTensor.attributable("x", Tensor.of(new float[] {1, 2}, 2)),
                NamedTensor.fixed("mask", Tensor.ofLongs(new long[] {1, 1}, 2))),
            List.of(Unit.of(0, "a", "a"), Unit.of(1, "b", "b")));
    NamedTensor half = NamedTensor.fixed("mask", Tensor.ofLongs(new long[] {1, 0}, 2));
    ExplainTarget t = new ExplainTarget("a", 0, Target.index(0), List.of(half), null);
    List<NamedTensor> in = t.inputs(enc);
    assertEquals(List.of("x", "mask"), in.stream().map(NamedTensor::name).toList());
    assertEquals(half, in.get(1));
    assertEquals(enc.tensors().get(0), in.get(0));
    ExplainTarget wrong =
        new ExplainTarget(
            "a",
            0,
            Target.index(0),
            List.of(NamedTensor.fixed("tgt_ids", Tensor.ofLongs(new long[] {2}, 1))),
            null);
    AttribException x = assertThrows(AttribException.class, () -> wrong.inputs(enc));
    assertTrue(x.getMessage().contains("tgt_ids"), x.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ExplainTarget(
                "a",
                0,
                Target.index(0),
                List.of(NamedTensor.attributable("x", Tensor.of(new float[] {0, 0}, 2))),
                null));
  }

  @Test
  void positionalTargetsPickTheirPositionsClass() {
    Encoding enc = new SequenceModality().encode(inputs().get(0), model, Options.NONE);
    Example ex = new Example(enc.tensors(), List.of());
    IntegratedGradients ig = IntegratedGradients.builder().steps(16).build();
    Attribution a = ig.attribute(model, ex, Target.at(2, 1, dev.attrib.ig.Activation.SOFTMAX));
    assertEquals(1, a.targetIndex());
    assertEquals(tagProbabilities(inputs().get(0), 2)[1], a.output(), 1e-6);
    AttribException out =
        assertThrows(
            AttribException.class,
            () -> ig.attribute(model, ex, Target.at(3, 0, dev.attrib.ig.Activation.NONE)));
    assertTrue(out.getMessage().contains("position 3"), out.getMessage());
  }

  /** A modality that names one row fewer than its inputs have positions: the kit must notice. */
  static final class DropsARow extends SequenceExplainerTest {
    @Override
    protected Modality<?> modality() {
      return new SequenceModality() {
        @Override
        public List<ExplainTarget> targets(Steps e, LoadedModel m, ExplainSettings s) {
          return new ArrayList<>(super.targets(e, m, s).subList(0, e.units().size() - 1));
        }
      };
    }
  }

  @Test
  void theKitCatchesAModalityThatDropsARow() {
    assertThrows(
        AssertionFailedError.class, () -> new DropsARow().rowsFollowTheModalitysTargetsInOrder());
  }
}
