package dev.attrib.ig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

class SelfCheckTest {
  @Test
  void everyCheckPassesOnCpu() {
    SelfCheck.Report r = SelfCheck.run(Device.cpu());
    r.rows().forEach(System.out::println);
    assertEquals(Quadrature.values().length + 2, r.rows().size());
    assertTrue(
        r.passed(), () -> "failed rows: " + r.rows().stream().filter(x -> !x.passed()).toList());
  }
}
