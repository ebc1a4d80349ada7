package dev.attrib.ig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.spi.AttribException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuadratureTest {

  @ParameterizedTest
  @EnumSource(Quadrature.class)
  void weightsSumToOneAndNodesLieInTheUnitInterval(Quadrature q) {
    for (int n = 2; n <= 257; n += 17) {
      Quadrature.Rule r = q.rule(n);
      double s = 0;
      for (int k = 0; k < n; k++) {
        s += r.weights()[k];
        assertTrue(r.alphas()[k] >= 0 && r.alphas()[k] <= 1);
        if (k > 0) {
          assertTrue(r.alphas()[k] > r.alphas()[k - 1], "ascending nodes");
        }
      }
      assertEquals(1.0, s, 1e-12, q + " n=" + n);
    }
  }

  @Test
  void gaussLegendreTwoPointNodesAreTheTextbookOnes() {
    Quadrature.Rule r = Quadrature.GAUSS_LEGENDRE.rule(2);
    double d = 1 / Math.sqrt(3) / 2;
    assertArrayEquals(new double[] {0.5 - d, 0.5 + d}, r.alphas(), 1e-15);
    assertArrayEquals(new double[] {0.5, 0.5}, r.weights(), 1e-15);
    Quadrature.Rule three = Quadrature.GAUSS_LEGENDRE.rule(3);
    double e = Math.sqrt(0.6) / 2;
    assertArrayEquals(new double[] {0.5 - e, 0.5, 0.5 + e}, three.alphas(), 1e-15);
    assertArrayEquals(new double[] {5 / 18.0, 8 / 18.0, 5 / 18.0}, three.weights(), 1e-15);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5, 16, 64})
  void gaussLegendreIsExactForPolynomialsOfDegreeTwoNMinusOne(int n) {
    Quadrature.Rule r = Quadrature.GAUSS_LEGENDRE.rule(n);
    int degree = 2 * n - 1;
    double s = 0;
    for (int k = 0; k < n; k++) {
      s += r.weights()[k] * Math.pow(r.alphas()[k], degree);
    }
    assertEquals(1.0 / (degree + 1), s, 1e-13);
  }

  @Test
  void riemannRulesMatchCaptumsDefinitions() {
    assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75}, Quadrature.RIEMANN_LEFT.rule(4).alphas());
    assertArrayEquals(new double[] {0.25, 0.5, 0.75, 1}, Quadrature.RIEMANN_RIGHT.rule(4).alphas());
    assertArrayEquals(
        new double[] {0.125, 0.375, 0.625, 0.875}, Quadrature.RIEMANN_MIDDLE.rule(4).alphas());
    Quadrature.Rule t = Quadrature.RIEMANN_TRAPEZOID.rule(3);
    assertArrayEquals(new double[] {0, 0.5, 1}, t.alphas());
    assertArrayEquals(new double[] {0.25, 0.5, 0.25}, t.weights());
  }

  /** Gauss-Legendre rules are computed once per n; what a caller does to its copy stays there. */
  @Test
  void aCachedRuleIsACopyOfTheSameNumbers() {
    Quadrature.Rule first = Quadrature.GAUSS_LEGENDRE.rule(37);
    double[] alphas = first.alphas().clone();
    double[] weights = first.weights().clone();
    first.alphas()[0] = 99;
    first.weights()[3] = -1;
    Quadrature.Rule again = Quadrature.GAUSS_LEGENDRE.rule(37);
    assertArrayEquals(alphas, again.alphas(), 0.0);
    assertArrayEquals(weights, again.weights(), 0.0);
    double sum = 0;
    for (double w : again.weights()) {
      sum += w;
    }
    assertEquals(1.0, sum, 1e-14);
  }

  @Test
  void namesAndErrors() {
    assertEquals(Quadrature.RIEMANN_TRAPEZOID, Quadrature.forName("riemann-trapezoid"));
    assertEquals(Quadrature.GAUSS_LEGENDRE, Quadrature.forName("gausslegendre"));
    AttribException e = assertThrows(AttribException.class, () -> Quadrature.forName("simpson"));
    assertTrue(e.getMessage().contains("'simpson'") && e.getMessage().contains("riemann-middle"));
    assertThrows(AttribException.class, () -> Quadrature.RIEMANN_TRAPEZOID.rule(1));
    assertThrows(AttribException.class, () -> Quadrature.GAUSS_LEGENDRE.rule(0));
  }
}
