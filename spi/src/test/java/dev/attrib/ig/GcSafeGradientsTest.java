package dev.attrib.ig;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import dev.attrib.internal.ModelFunction;
import dev.attrib.spi.Tensor;
import dev.attrib.spi.conformance.GcChurn;
import org.junit.jupiter.api.Test;

/**
 * Gradients must not depend on when the garbage collector runs. DJL 0.35.1's PyTorch {@code
 * mul/div/pow/maximum/minimum(Number)} put the number in a tensor over a Java direct buffer and
 * close it at once, while autograd keeps the tensor for the backward pass: a GC between forward and
 * backward frees the buffer and the gradient reads reused memory. Here a GC, and fresh direct
 * buffers full of junk, are forced between the forward pass and the backward pass.
 */
class GcSafeGradientsTest {

  private static Target churning(Target t) {
    return GcChurn.churning(t);
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  @Test
  void sigmoidTargetGradient() {
    ModelFunction identity = in -> in.head();
    for (float x : new float[] {0.7f, -1.9f, 3.2f}) {
      Attribution a =
          new Saliency(false)
              .attribute(
                  identity,
                  Example.of(Tensor.of(new float[] {x}, 1)),
                  churning(Target.index(0).on(Activation.SIGMOID)));
      double s = sigmoid(x);
      assertEquals(s * (1 - s), a.scores().get(0).get(0), 1e-6, "sigmoid'(" + x + ")");
      assertEquals(s, a.output(), 1e-6);
    }
  }

  @Test
  void sigmoidTargetIntegratedGradients() {
    ModelFunction identity = in -> in.head();
    Attribution a =
        IntegratedGradients.builder()
            .steps(8)
            .batchSize(8)
            .build()
            .attribute(
                identity,
                Example.of(Tensor.of(new float[] {2.5f}, 1)),
                churning(Target.index(0).on(Activation.SIGMOID)));
    assertEquals(sigmoid(2.5) - 0.5, a.scores().get(0).get(0), 1e-5);
  }

  @Test
  void constantsMadeOnTheManagerAreSafe() {
    // The workaround ModelFunction documents: f(x) = 3 x^2 written with a constant array.
    ModelFunction f =
        in -> {
          NDArray x = in.head();
          return x.mul(x).mul(x.getManager().create(3f));
        };
    Attribution a =
        new Saliency(false)
            .attribute(f, Example.of(Tensor.of(new float[] {0.5f}, 1)), churning(Target.index(0)));
    assertEquals(3.0, a.scores().get(0).get(0), 1e-6);
  }

  @Test
  void reluStepOfTheSelfCheck() {
    // 1 - ReLU(1 - x) from x = 0.5: gradient 1 below the kink.
    ModelFunction step = in -> ai.djl.nn.Activation.relu(in.head().neg().add(1f)).neg().add(1f);
    Attribution a =
        new Saliency(false)
            .attribute(
                step, Example.of(Tensor.of(new float[] {0.5f}, 1)), churning(Target.index(0)));
    assertEquals(1.0, a.scores().get(0).get(0), 0.0);
  }
}
