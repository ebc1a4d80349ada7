package dev.attrib.ig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.attrib.spi.AttribException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetTest {
  private final ModelFunction f = SelfCheck.mlp(Device.cpu(), 4, 8, 3, true, true, 2);
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
    Target sum = Target.of("sum of logits", out -> out.sum(new int[] {1}));
    Attribution a = IntegratedGradients.builder().build().attribute(f, ex, sum);
    double bySum = 0;
    for (int k = 0; k < 3; k++) {
      bySum += IntegratedGradients.builder().build().attribute(f, ex, Target.index(k)).total();
    }
    assertEquals(bySum, a.total(), 1e-5); // linearity in the output
    assertEquals(-1, a.targetIndex());
  }
}
