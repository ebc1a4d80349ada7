package dev.attrib.ig;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.attrib.spi.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Attributes tiny built-in networks and checks the results against the maths: completeness for
 * every quadrature rule on a smooth network, the sensitivity axiom on {@code 1 − ReLU(1 − x)}, and
 * fast IG against 128-step IG on a bias-free ReLU network. Proves that the engine, autograd and the
 * core work on this machine and device.
 *
 * <pre>{@code
 * SelfCheck.Report r = SelfCheck.run(Device.cpu());
 * r.passed();
 * }</pre>
 */
public final class SelfCheck {
  private SelfCheck() {}

  /**
   * One check.
   *
   * @param completeness the completeness report, or null where the check is not about it
   * @param tolerance the bound the checked quantity must stay within
   * @param detail what was compared, in words and numbers
   */
  public record Row(
      String check,
      String method,
      String quadrature,
      int steps,
      Completeness completeness,
      double tolerance,
      boolean passed,
      String detail) {}

  /** All rows; passed when every row passed. */
  public record Report(List<Row> rows) {
    public Report {
      rows = List.copyOf(rows);
    }

    public boolean passed() {
      return rows.stream().allMatch(Row::passed);
    }
  }

  public static Report run(Device device) {
    List<Row> rows = new ArrayList<>();
    ModelFunction tanh = mlp(device, 6, 16, 3, true, true, 11);
    Example x = Example.of(Tensor.of(randomInput(6, 12), 6));
    for (Quadrature q : Quadrature.values()) {
      int steps = q == Quadrature.GAUSS_LEGENDRE ? 16 : 128;
      // Bounds a few times above what the rules reach here: GL is near float round-off at 16
      // nodes, midpoint/trapezoid are second order, left/right only first order.
      double tol =
          switch (q) {
            case GAUSS_LEGENDRE -> 1e-4;
            case RIEMANN_MIDDLE, RIEMANN_TRAPEZOID -> 1e-3;
            case RIEMANN_LEFT, RIEMANN_RIGHT -> 5e-3;
          };
      Attribution a =
          IntegratedGradients.builder()
              .steps(steps)
              .quadrature(q)
              .build()
              .attribute(tanh, x, Target.index(1));
      Completeness c = a.completeness();
      rows.add(
          new Row(
              "completeness (tanh MLP)",
              IntegratedGradients.NAME,
              q.id(),
              steps,
              c,
              tol,
              c.holds(tol),
              "relative delta " + c.relativeDelta() + " <= " + tol));
    }

    // relu, not maximum(0f): see ModelFunction on DJL's Number-argument operations.
    ModelFunction step = in -> ai.djl.nn.Activation.relu(in.head().neg().add(1f)).neg().add(1f);
    Example two = Example.of(Tensor.of(new float[] {2f}, 1));
    Attribution s =
        IntegratedGradients.builder()
            .steps(64)
            .quadrature(Quadrature.RIEMANN_MIDDLE)
            .build()
            .attribute(wrap(step, device), two, Target.index(0));
    double got = s.scores().get(0).get(0);
    rows.add(
        new Row(
            "sensitivity: 1-ReLU(1-x), x=2",
            IntegratedGradients.NAME,
            Quadrature.RIEMANN_MIDDLE.id(),
            64,
            s.completeness(),
            1e-6,
            Math.abs(got - 1) <= 1e-6,
            "IG = " + got + ", expected 1 (the gradient at x is 0)"));

    ModelFunction relu = mlp(device, 6, 16, 3, false, false, 5);
    Example pos = Example.of(Tensor.of(randomInput(6, 3), 6));
    Attribution fast =
        FastIntegratedGradients.builder().build().attribute(relu, pos, Target.index(0));
    Attribution slow =
        IntegratedGradients.builder().steps(128).build().attribute(relu, pos, Target.index(0));
    double diff = relativeDifference(fast, slow);
    rows.add(
        new Row(
            "X-DNN: fast IG = 128-step IG",
            FastIntegratedGradients.NAME,
            "-",
            1,
            fast.completeness(),
            1e-4,
            diff <= 1e-4,
            "max |fast - IG| / max |IG| = " + diff));
    return new Report(rows);
  }

  /** max_i |a_i − b_i| / max_i |b_i| over all inputs. */
  static double relativeDifference(Attribution a, Attribution b) {
    double num = 0;
    double den = 0;
    for (int t = 0; t < a.scores().size(); t++) {
      for (int j = 0; j < a.scores().get(t).size(); j++) {
        num = Math.max(num, Math.abs(a.scores().get(t).get(j) - b.scores().get(t).get(j)));
        den = Math.max(den, Math.abs(b.scores().get(t).get(j)));
      }
    }
    return num / Math.max(den, 1e-30);
  }

  private static float[] randomInput(int n, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  private static ModelFunction wrap(ModelFunction f, Device device) {
    return new ModelFunction() {
      @Override
      public NDArray forward(ai.djl.ndarray.NDList inputs) {
        return f.forward(inputs);
      }

      @Override
      public Device device() {
        return device;
      }
    };
  }

  /**
   * A two-layer perceptron with seeded weights: tanh or ReLU hidden layer, with or without biases.
   * Weights are plain Java arrays, turned into arrays in the caller's scope on each call.
   */
  static ModelFunction mlp(
      Device device, int in, int hidden, int out, boolean tanh, boolean bias, long seed) {
    return mlp(device, in, hidden, out, tanh, bias, seed, DataType.FLOAT32);
  }

  /** As above, computing in {@code type} (float32 or float64). */
  static ModelFunction mlp(
      Device device,
      int in,
      int hidden,
      int out,
      boolean tanh,
      boolean bias,
      long seed,
      DataType type) {
    Random r = new Random(seed);
    float[] w1 = new float[in * hidden];
    float[] b1 = new float[hidden];
    float[] w2 = new float[hidden * out];
    float[] b2 = new float[out];
    for (int i = 0; i < w1.length; i++) {
      w1[i] = (float) (r.nextGaussian() / Math.sqrt(in));
    }
    for (int i = 0; i < w2.length; i++) {
      w2[i] = (float) (r.nextGaussian() / Math.sqrt(hidden));
    }
    if (bias) {
      for (int i = 0; i < hidden; i++) {
        b1[i] = (float) (0.1 * r.nextGaussian());
      }
      for (int i = 0; i < out; i++) {
        b2[i] = (float) (0.1 * r.nextGaussian());
      }
    }
    return new ModelFunction() {
      @Override
      public NDArray forward(ai.djl.ndarray.NDList inputs) {
        NDArray x = inputs.head();
        NDManager m = x.getManager();
        NDArray h = x.matMul(m.create(w1, new Shape(in, hidden)).toType(type, false));
        if (bias) {
          h = h.add(m.create(b1).toType(type, false));
        }
        h = tanh ? h.tanh() : ai.djl.nn.Activation.relu(h);
        NDArray y = h.matMul(m.create(w2, new Shape(hidden, out)).toType(type, false));
        return bias ? y.add(m.create(b2).toType(type, false)) : y;
      }

      @Override
      public DataType dataType() {
        return type;
      }

      @Override
      public Device device() {
        return device;
      }
    };
  }
}
