package dev.attrib.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.model.LoadedModel;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Options;
import dev.attrib.spi.Tensor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IG through the text modality on the tiny TorchScript classifier, checked against an independent
 * computation: the network re-written in plain Java doubles from its parameters, gradients by
 * central finite differences, and the path integral by a 2000-point midpoint rule. Nothing of DJL's
 * autograd or the core's quadrature is used for the reference.
 */
class TinyModelIgTest {
  private static LoadedModel model;
  private static double[][] w1;
  private static double[] b1;
  private static double[][] w2;
  private static double[] b2;

  @BeforeAll
  static void load(@TempDir Path dir) {
    model = TinyModels.load(dir, TinyModels.hfManifest(""));
    w1 = matrix(model.parameter("hidden.weight"));
    b1 = vector(model.parameter("hidden.bias"));
    w2 = matrix(model.parameter("out.weight"));
    b2 = vector(model.parameter("out.bias"));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  /**
   * The outputs the renderers show are filled in after the attribution: from the method's row at
   * the input (IG, saliency: no forward pass of their own), or by a forward pass where the method
   * has no such row (SmoothGrad). Both equal the plain-Java network's, and those of {@code encode}.
   */
  @Test
  void theOutputsAtTheInputAreTheNetworksWhicheverWayTheyAreFilledIn() {
    TextModality text = new TextModality();
    String input = "The movie was not very good, boring plots!";
    TextEncoding direct = text.encode(input, model, Options.NONE);
    for (String method : List.of("integrated-gradients", "saliency", "smoothgrad")) {
      Explanation<TextEncoding> e =
          new Explainer<>(text, model)
              .explain(input, ExplainSettings.defaults().withMethod(method));
      TextEncoding enc = e.encoded();
      // IG's and saliency's row at the input is there (so complete took the outputs from it);
      // SmoothGrad, whose gradients are all at noisy points, has none.
      assertEquals(
          method.equals("smoothgrad"), e.attribution().outputsAtInput() == null, method + " row");
      Tensor xt = enc.tensors().get(0).value();
      int n = (int) xt.shape()[0];
      int d = (int) xt.shape()[1];
      List<Double> outputs = enc.outputs();
      assertEquals(direct.outputs().size(), outputs.size(), method);
      int best = 0;
      for (int c = 0; c < outputs.size(); c++) {
        assertEquals(prob(xt.floats(), n, d, c), outputs.get(c), 1e-6, method + " class " + c);
        assertEquals(direct.outputs().get(c), outputs.get(c), 1e-6, method + " class " + c);
        best = outputs.get(c) > outputs.get(best) ? c : best;
      }
      assertEquals(best, e.prediction().index(), method);
      assertEquals(outputs.get(best), e.prediction().score(), 0, method);
    }
  }

  @Test
  void igMatchesAFiniteDifferenceReferenceForEveryBaseline() {
    TextModality text = new TextModality();
    String input = "The movie was not very good, boring plots!";
    for (String baseline : List.of("zero", "pad", "mask", "unk", "uniform")) {
      Explanation<TextEncoding> e =
          new Explainer<>(text, model)
              .explain(input, ExplainSettings.defaults().withBaseline(baseline));
      TextEncoding enc = e.encoded();
      Tensor xt = enc.tensors().get(0).value();
      int n = (int) xt.shape()[0];
      int d = (int) xt.shape()[1];
      float[] x = xt.floats();
      float[] b =
          text.baseline(baseline).create(enc, model, Options.NONE, 0).get(0).get(0).floats();
      int cls = e.prediction().index();
      double[] reference = referenceIg(x, b, n, d, cls);
      double[] got = e.units().scores();
      double scale = 0;
      for (double r : reference) {
        scale = Math.max(scale, Math.abs(r));
      }
      assertTrue(scale > 1e-3, "the test needs attributions well away from zero: " + scale);
      for (int i = 0; i < n; i++) {
        assertEquals(reference[i], got[i], 2e-4 * Math.max(1, scale), baseline + " token " + i);
      }
      double fx = prob(x, n, d, cls);
      double fb = prob(b, n, d, cls);
      assertEquals(fx, e.attribution().completeness().output(), 1e-5);
      assertEquals(fb, e.attribution().completeness().baselineOutput(), 1e-5);
      assertTrue(
          e.attribution().completeness().holds(0.01), e.attribution().completeness()::toString);
    }
  }

  /** Per-token IG: midpoint rule over the path, central differences for the gradient. */
  private static double[] referenceIg(float[] xf, float[] bf, int n, int d, int cls) {
    int steps = 2000;
    double h = 1e-5;
    double[] x = toDouble(xf);
    double[] b = toDouble(bf);
    double[] integral = new double[n * d];
    double[] z = new double[n * d];
    for (int s = 0; s < steps; s++) {
      double a = (s + 0.5) / steps;
      for (int j = 0; j < z.length; j++) {
        z[j] = b[j] + a * (x[j] - b[j]);
      }
      for (int j = 0; j < z.length; j++) {
        double keep = z[j];
        z[j] = keep + h;
        double up = prob(z, n, d, cls);
        z[j] = keep - h;
        double down = prob(z, n, d, cls);
        z[j] = keep;
        integral[j] += (up - down) / (2 * h) / steps;
      }
    }
    double[] perToken = new double[n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        perToken[i] += (x[i * d + k] - b[i * d + k]) * integral[i * d + k];
      }
    }
    return perToken;
  }

  private static double prob(float[] x, int n, int d, int cls) {
    return prob(toDouble(x), n, d, cls);
  }

  /** The tiny network: mean-pool (all tokens unmasked), tanh layer, linear, softmax. */
  private static double prob(double[] x, int n, int d, int cls) {
    double[] pooled = new double[d];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        pooled[k] += x[i * d + k] / n;
      }
    }
    double[] hidden = new double[b1.length];
    for (int r = 0; r < hidden.length; r++) {
      double s = b1[r];
      for (int k = 0; k < d; k++) {
        s += w1[r][k] * pooled[k];
      }
      hidden[r] = Math.tanh(s);
    }
    double[] logits = new double[b2.length];
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < logits.length; c++) {
      double s = b2[c];
      for (int r = 0; r < hidden.length; r++) {
        s += w2[c][r] * hidden[r];
      }
      logits[c] = s;
      max = Math.max(max, s);
    }
    double z = 0;
    for (double l : logits) {
      z += Math.exp(l - max);
    }
    return Math.exp(logits[cls] - max) / z;
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  private static double[][] matrix(Tensor t) {
    int rows = (int) t.shape()[0];
    int cols = (int) t.shape()[1];
    double[][] m = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        m[r][c] = t.get(r * cols + c);
      }
    }
    return m;
  }

  private static double[] vector(Tensor t) {
    double[] v = new double[t.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = t.get(i);
    }
    return v;
  }
}
