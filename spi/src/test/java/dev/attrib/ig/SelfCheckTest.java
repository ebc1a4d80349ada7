package dev.attrib.ig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.attrib.internal.ModelFunction;
import dev.attrib.internal.TinyNets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SelfCheckTest {

  @BeforeEach
  @AfterEach
  void restoreTheEngine() {
    EngineCheck.resetForTests();
  }

  /**
   * Every check passes, except that the engine row must fail exactly where the raw engine gives an
   * input in a batch another gradient than alone — judged here independently, with plain DJL code
   * and DJL's own gradient collector on the same nets and batches. There a second engine row, with
   * oneDNN off, must pass.
   */
  @Test
  void everyCheckPassesAndTheEngineRowTellsTheTruth() {
    boolean engineSound = plainDjlBatchesAgree();
    SelfCheck.Report r = SelfCheck.run(Device.cpu());
    r.rows().forEach(System.out::println);
    List<SelfCheck.Row> engine =
        r.rows().stream().filter(x -> x.check().startsWith("engine:")).toList();
    List<SelfCheck.Row> others =
        r.rows().stream().filter(x -> !x.check().startsWith("engine:")).toList();
    assertEquals(Quadrature.values().length + 3, others.size());
    assertTrue(
        others.stream().allMatch(SelfCheck.Row::passed),
        () -> "failed rows: " + others.stream().filter(x -> !x.passed()).toList());
    assertEquals(engineSound, engine.get(0).passed(), engine.get(0).toString());
    assertTrue(engine.get(0).check().contains("oneDNN on"), engine.get(0).check());
    if (engineSound) {
      assertEquals(1, engine.size());
      assertTrue(r.passed());
    } else {
      assertEquals(2, engine.size(), engine.toString());
      assertTrue(engine.get(1).check().contains("oneDNN off"), engine.get(1).check());
      assertTrue(engine.get(1).passed(), engine.get(1).toString());
    }
  }

  /** The engine rows' comparison, written against DJL alone. */
  private static boolean plainDjlBatchesAgree() {
    int[][] nets = {{1, 4, 8, 2, 0, 4}, {3, 8, 16, 4, 1, 7}};
    for (int[] n : nets) {
      ModelFunction f = TinyNets.convNet(Device.cpu(), n[0], n[1], n[2], n[3], n[4] == 1, n[5]);
      int size = n[0] * n[2] * n[2];
      for (int b : SelfCheck.ENGINE_BATCHES) {
        float[][] all = gradients(f, b, n, size, 0, b);
        for (int r = 0; r < b; r++) {
          float[] alone = gradients(f, b, n, size, r, r + 1)[0];
          double num = 0;
          double den = 0;
          for (int j = 0; j < size; j++) {
            num += Math.pow(all[r][j] - alone[j], 2);
            den += Math.pow(alone[j], 2);
          }
          if (Math.sqrt(num) > EngineCheck.TOLERANCE * Math.sqrt(den)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /**
   * Gradients of output column 1 for inputs {@code from..to-1} of the engine row's batch {@code b}.
   */
  private static float[][] gradients(ModelFunction f, int b, int[] n, int size, int from, int to) {
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      float[] data = new float[(to - from) * size];
      for (int p = from; p < to; p++) {
        System.arraycopy(
            SelfCheck.uniformInput(size, 1000L * b + p), 0, data, (p - from) * size, size);
      }
      NDArray x = m.create(data, new Shape(to - from, n[0], n[2], n[2]));
      x.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(f.forward(new NDList(x)).get(":, 1").sum());
      }
      float[] g = x.getGradient().toFloatArray();
      float[][] out = new float[to - from][size];
      for (int r = 0; r < out.length; r++) {
        System.arraycopy(g, r * size, out[r], 0, size);
      }
      return out;
    }
  }
}
