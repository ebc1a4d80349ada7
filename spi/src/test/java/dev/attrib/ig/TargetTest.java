package dev.attrib.ig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.attrib.internal.Activations;
import dev.attrib.internal.ModelFunction;
import dev.attrib.internal.Targets;
import dev.attrib.internal.TinyNets;
import dev.attrib.spi.AttribException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetTest {
  private final ModelFunction f = TinyNets.mlp(Device.cpu(), 4, 8, 3, true, true, 2);
  private final Example ex = Example.of(CompletenessTest.input(5, 4));

  @Test
  void probabilityTargetIsTheSoftmaxOfTheLogits() {
    Attribution logit = new Saliency(false).attribute(f, ex, Target.index(1));
    Attribution prob = new Saliency(false).attribute(f, ex, Target.index(1).on(Activation.SOFTMAX));
    assertTrue(logit.output() != prob.output());
    assertTrue(prob.output() > 0 && prob.output() < 1);
    // Softmax probabilities of the three classes sum to one.
    double total = 0;
    for (int k = 0; k < 3; k++) {
      total += new Saliency().attribute(f, ex, Target.index(k).on(Activation.SOFTMAX)).output();
    }
    assertEquals(1.0, total, 1e-6);
    Attribution ig =
        IntegratedGradients.builder()
            .build()
            .attribute(f, ex, Target.index(1).on(Activation.SOFTMAX));
    assertTrue(ig.completeness().holds(1e-4));
  }

  @Test
  void predictedTargetIsTheArgmaxAtTheInput() {
    int best = -1;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < 3; k++) {
      double s = new Saliency().attribute(f, ex, Target.index(k)).output();
      if (s > bestScore) {
        bestScore = s;
        best = k;
      }
    }
    Attribution a = new Saliency().attribute(f, ex, Target.predicted(Activation.NONE));
    assertEquals(best, a.targetIndex());
    assertEquals(bestScore, a.output(), 1e-6);
  }

  @Test
  void labelsAndErrors() {
    List<String> labels = List.of("NUMERIC", "STRING", "DATETIME");
    assertEquals(2, Target.label("DATETIME", labels, Activation.SOFTMAX).index());
    AttribException e =
        assertThrows(AttribException.class, () -> Target.label("YES", labels, Activation.NONE));
    assertTrue(e.getMessage().contains("NUMERIC, STRING, DATETIME"), e.getMessage());
    AttribException range =
        assertThrows(AttribException.class, () -> new Saliency().attribute(f, ex, Target.index(7)));
    assertTrue(range.getMessage().contains("3 outputs"), range.getMessage());
  }

  @Test
  void customScalarTarget() {
    Target sum = Targets.of("sum of logits", out -> out.sum(new int[] {1}));
    Attribution a = IntegratedGradients.builder().build().attribute(f, ex, sum);
    double bySum = 0;
    for (int k = 0; k < 3; k++) {
      bySum += IntegratedGradients.builder().build().attribute(f, ex, Target.index(k)).total();
    }
    assertEquals(bySum, a.total(), 1e-5); // linearity in the output
    assertEquals(-1, a.targetIndex());
  }

  /** Six inputs read as two positions of three classes: {@code [B, 6] -> [B, 2, 3]}, tanh'd. */
  private final ModelFunction perPosition =
      in -> ai.djl.nn.Activation.tanh(in.head().reshape(in.head().getShape().get(0), 2, 3));

  private final Example six =
      Example.of(dev.attrib.spi.Tensor.of(new float[] {0.2f, -1f, 0.5f, 1.5f, 0.1f, -0.3f}, 6));

  @Test
  void positionalTargetsTakeTheActivationOverTheirPositionOnly() {
    Attribution a =
        new Saliency(false).attribute(perPosition, six, Target.at(1, 0, Activation.SOFTMAX));
    double[] t = {Math.tanh(1.5), Math.tanh(0.1), Math.tanh(-0.3)};
    double z = Math.exp(t[0]) + Math.exp(t[1]) + Math.exp(t[2]);
    assertEquals(Math.exp(t[0]) / z, a.output(), 1e-6);
    assertEquals(0, a.targetIndex());
    // Position 0's inputs do not reach position 1's classes.
    for (int i = 0; i < 3; i++) {
      assertEquals(0.0, a.scores().get(0).get(i), 0.0);
    }
    Attribution best =
        new Saliency(false).attribute(perPosition, six, Target.predictedAt(0, Activation.NONE));
    assertEquals(2, best.targetIndex(), "tanh(0.5) is position 0's largest");
    assertEquals(Math.tanh(0.5), best.output(), 1e-6);
    AttribException flat =
        assertThrows(
            AttribException.class,
            () -> new Saliency().attribute(f, ex, Target.at(0, 0, Activation.NONE)));
    assertTrue(flat.getMessage().contains("[B, T, C]"), flat.getMessage());
    AttribException cls =
        assertThrows(
            AttribException.class,
            () -> new Saliency().attribute(perPosition, six, Target.at(1, 3, Activation.NONE)));
    assertTrue(cls.getMessage().contains("3 outputs per position"), cls.getMessage());
  }

  /**
   * The last position by number is the last position by {@code -1}, bit for bit: a translation's
   * row j (prefix of j+1 pieces) was explained at {@code -1} before positional targets existed.
   */
  @Test
  void theLastPositionByNumberIsBitIdenticalToMinusOne() {
    Target byNumber = Target.at(1, 2, Activation.SOFTMAX);
    Target byMinusOne =
        Targets.of(
            "last", out -> Activations.apply(Activation.SOFTMAX, out.get(":, -1, :")).get(":, 2"));
    IntegratedGradients ig = IntegratedGradients.builder().steps(32).build();
    Attribution a = ig.attribute(perPosition, six, byNumber);
    Attribution b = ig.attribute(perPosition, six, byMinusOne);
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        b.scores().get(0).floats(), a.scores().get(0).floats(), 0f);
    assertEquals(b.output(), a.output(), 0.0);
    assertEquals(b.completeness(), a.completeness());
  }
}
