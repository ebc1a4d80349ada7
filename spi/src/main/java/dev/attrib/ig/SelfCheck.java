package dev.attrib.ig;

import ai.djl.Device;
import dev.attrib.internal.ModelFunction;
import dev.attrib.internal.TinyNets;
import dev.attrib.spi.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
    ModelFunction tanh = TinyNets.mlp(device, 6, 16, 3, true, true, 11);
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
            .attribute(TinyNets.onDevice(step, device), two, Target.index(0));
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

    ModelFunction relu = TinyNets.mlp(device, 6, 16, 3, false, false, 5);
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

    rows.addAll(engineRows(device));

    ModelFunction conv = TinyNets.convNet(device, 1, 4, 8, 2, false, 4);
    Example img = Example.of(Tensor.of(uniformInput(64, 4), 1, 8, 8));
    Attribution fastConv =
        FastIntegratedGradients.builder().build().attribute(conv, img, Target.index(1));
    Attribution slowConv =
        IntegratedGradients.builder().steps(128).build().attribute(conv, img, Target.index(1));
    double convDiff = relativeDifference(fastConv, slowConv);
    boolean convOk = convDiff <= 1e-4 && slowConv.completeness().holds(1e-4);
    rows.add(
        new Row(
            "X-DNN conv net: fast IG = 128-step IG",
            IntegratedGradients.NAME,
            Quadrature.GAUSS_LEGENDRE.id(),
            128,
            slowConv.completeness(),
            1e-4,
            convOk,
            "max |fast - IG| / max |IG| = "
                + convDiff
                + ", IG relative delta "
                + slowConv.completeness().relativeDelta()));
    return new Report(rows);
  }

  /** Batch sizes the engine rows compare with single inputs. */
  static final int[] ENGINE_BATCHES = {2, 3, 4, 5, 8, 16, 64};

  /**
   * The engine's batch consistency, raw (without {@link EngineCheck}'s repair): on two small conv
   * nets — the 1→4-channel one whose batched input gradients PyTorch 2.7.1's oneDNN got wrong on
   * some AMD EPYC machines, and a 3→8-channel one with biases — every row of batches of {@link
   * #ENGINE_BATCHES} random inputs must have the gradient it has alone. Where that fails and oneDNN
   * can be switched, it is switched off for the process (as attribution would do) and a second row
   * checks the engine in that setting.
   */
  static List<Row> engineRows(Device device) {
    List<Row> rows = new ArrayList<>();
    Optional<Boolean> oneDnn = TorchNative.oneDnnEnabled();
    Row first = engineRow(device, oneDnn);
    rows.add(first);
    if (!first.passed() && oneDnn.orElse(false)) {
      EngineCheck.switchOneDnnOff(
          "attrib selfcheck found the engine's batched gradients wrong with oneDNN on ("
              + first.detail()
              + "); PyTorch's oneDNN kernels are now off for this run");
      rows.add(engineRow(device, TorchNative.oneDnnEnabled()));
    }
    return rows;
  }

  private record Net(String name, Model f, long[] shape) {}

  private static Row engineRow(Device device, Optional<Boolean> oneDnn) {
    double worst = 0;
    String where = "all rows equal";
    List<Net> nets =
        List.of(
            new Net(
                "1->4-channel",
                TinyNets.convNet(device, 1, 4, 8, 2, false, 4),
                new long[] {1, 8, 8}),
            new Net(
                "3->8-channel",
                TinyNets.convNet(device, 3, 8, 16, 4, true, 7),
                new long[] {3, 16, 16}));
    for (Net net : nets) {
      int size = (int) (net.shape()[0] * net.shape()[1] * net.shape()[2]);
      PathEvaluator ev =
          new PathEvaluator(net.f(), Example.of(Tensor.of(new float[size], net.shape())));
      for (int b : ENGINE_BATCHES) {
        PathEvaluator.PointFiller filler =
            (p, i, dest, off) ->
                System.arraycopy(uniformInput(size, 1000L * b + p), 0, dest, off, size);
        PathEvaluator.BatchGradients all = ev.batchGradients(0, b, filler, Target.index(1));
        for (int r = 0; r < b; r++) {
          PathEvaluator.BatchGradients alone = ev.batchGradients(r, r + 1, filler, Target.index(1));
          double d = EngineCheck.difference(all, r, alone, new int[] {size});
          if (d > worst) {
            worst = d;
            where =
                String.format(
                    Locale.ROOT, "worst: %s conv net, batch of %d, row %d", net.name(), b, r);
          }
        }
      }
    }
    String state = oneDnn.map(on -> on ? "oneDNN on" : "oneDNN off").orElse("oneDNN unknown");
    return new Row(
        "engine: batched = single gradients (conv nets, " + state + ")",
        "gradient",
        null,
        0,
        null,
        EngineCheck.TOLERANCE,
        worst <= EngineCheck.TOLERANCE,
        "largest relative difference "
            + EngineCheck.percent(worst)
            + " ("
            + where
            + "; batches of "
            + java.util.Arrays.toString(ENGINE_BATCHES)
            + ")");
  }

  /** Seeded values uniform in [0, 1): an image. */
  static float[] uniformInput(int n, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextFloat();
    }
    return v;
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
}
