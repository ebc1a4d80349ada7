package dev.attrib.ig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import dev.attrib.internal.ModelFunction;
import dev.attrib.internal.TinyNets;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaithfulnessTest {
  @Test
  void rankingIsByDescendingScoreWithStableTies() {
    assertArrayEquals(new int[] {2, 0, 3, 1}, Faithfulness.ranking(new double[] {0.5, -1, 2, 0.5}));
  }

  @Test
  void aucOfALineAndAStep() {
    assertEquals(0.5, Faithfulness.auc(new double[] {0, 0.25, 0.5, 0.75, 1}), 1e-12);
    assertEquals(0.6875, Faithfulness.auc(new double[] {1, 1, 0.5, 0.5, 0.5}), 1e-12);
    assertEquals(2.0 / 3, Faithfulness.mean(new double[] {1, 1, 0}), 1e-12);
    assertThrows(AttribException.class, () -> Faithfulness.auc(new double[] {1}));
  }

  @Test
  void batchedScoresEqualOneByOne() {
    ModelFunction f = TinyNets.mlp(Device.cpu(), 4, 8, 2, true, true, 3);
    List<Example> ex = new ArrayList<>();
    for (long s = 0; s < 7; s++) {
      ex.add(Example.of(CompletenessTest.input(s, 4)));
    }
    double[] batched = Faithfulness.scores(f, ex, Target.index(1), 3);
    for (int i = 0; i < ex.size(); i++) {
      double alone = new Saliency().attribute(f, ex.get(i), Target.index(1)).output();
      assertEquals(alone, batched[i], 1e-6);
    }
  }

  @Test
  void perturbedCopiesMustShareFixedInputs() {
    ModelFunction f = in -> in.get(0).sum(new int[] {1}).reshape(-1, 1);
    Example a =
        new Example(
            List.of(
                NamedTensor.attributable("x", Tensor.of(new float[] {1, 2}, 2)),
                NamedTensor.fixed("m", Tensor.ofLongs(new long[] {1, 1}, 2))),
            List.of());
    Example b =
        new Example(
            List.of(
                NamedTensor.attributable("x", Tensor.of(new float[] {1, 2}, 2)),
                NamedTensor.fixed("m", Tensor.ofLongs(new long[] {1, 0}, 2))),
            List.of());
    assertThrows(
        AttribException.class, () -> Faithfulness.scores(f, List.of(a, b), Target.index(0), 2));
    Example c = Faithfulness.replace(a, 0, Tensor.of(new float[] {5, 5}, 2));
    assertArrayEquals(
        new double[] {3, 10}, Faithfulness.scores(f, List.of(a, c), Target.index(0), 2), 1e-6);
  }
}
