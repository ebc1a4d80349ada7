package dev.attrib.ig;

import dev.attrib.spi.AttribException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Quadrature rules for the IG path integral {@code ∫_0^1 g(a) da ≈ Σ w_k g(a_k)}.
 *
 * <p>The Riemann rules follow Captum's definitions: left {@code a_k = k/n}, right {@code (k+1)/n},
 * middle {@code (k+1/2)/n}, all with {@code w = 1/n}; trapezoid uses {@code n} points {@code
 * k/(n-1)} with half weights at both ends. Gauss–Legendre nodes and weights are computed here for
 * any {@code n} (Newton iteration on the Legendre polynomial, mapped from [-1, 1] to [0, 1]); it is
 * exact for polynomials of degree {@code 2n-1} and converges much faster on smooth networks.
 */
public enum Quadrature {
  GAUSS_LEGENDRE("gausslegendre"),
  RIEMANN_LEFT("riemann-left"),
  RIEMANN_RIGHT("riemann-right"),
  RIEMANN_MIDDLE("riemann-middle"),
  RIEMANN_TRAPEZOID("riemann-trapezoid");

  private final String id;

  Quadrature(String id) {
    this.id = id;
  }

  /** The name used on the command line and in JSON. */
  public String id() {
    return id;
  }

  /** Nodes in [0, 1] and weights summing to 1, in ascending node order. */
  public record Rule(double[] alphas, double[] weights) {
    public int size() {
      return alphas.length;
    }
  }

  /** The rule with {@code n} nodes ({@code n >= 1}; trapezoid needs {@code n >= 2}). */
  public Rule rule(int n) {
    if (n < 1 || (this == RIEMANN_TRAPEZOID && n < 2)) {
      throw new AttribException(
          id + " needs at least " + (this == RIEMANN_TRAPEZOID ? 2 : 1) + " steps, not " + n);
    }
    double[] a = new double[n];
    double[] w = new double[n];
    switch (this) {
      case RIEMANN_LEFT, RIEMANN_RIGHT, RIEMANN_MIDDLE -> {
        double shift = this == RIEMANN_LEFT ? 0 : this == RIEMANN_RIGHT ? 1 : 0.5;
        for (int k = 0; k < n; k++) {
          a[k] = (k + shift) / n;
          w[k] = 1.0 / n;
        }
      }
      case RIEMANN_TRAPEZOID -> {
        for (int k = 0; k < n; k++) {
          a[k] = (double) k / (n - 1);
          w[k] = (k == 0 || k == n - 1 ? 0.5 : 1.0) / (n - 1);
        }
      }
      case GAUSS_LEGENDRE -> {
        // Newton's iterations for n nodes cost tens of microseconds, as much as the rest of a
        // short input's bookkeeping; every attribution asks again, so they are computed once per
        // n. Callers get copies: a Rule's arrays are theirs.
        Rule r = GAUSS_LEGENDRE_RULES.computeIfAbsent(n, Quadrature::gaussLegendreRule);
        return new Rule(r.alphas().clone(), r.weights().clone());
      }
    }
    return new Rule(a, w);
  }

  private static final java.util.Map<Integer, Rule> GAUSS_LEGENDRE_RULES =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static Rule gaussLegendreRule(int n) {
    double[] a = new double[n];
    double[] w = new double[n];
    gaussLegendre(n, a, w);
    return new Rule(a, w);
  }

  private static void gaussLegendre(int n, double[] a, double[] w) {
    // Roots of P_n by Newton from the Chebyshev-like guess; symmetric, so solve half.
    for (int i = 0; i < (n + 1) / 2; i++) {
      double x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
      double dp = 0;
      for (int iter = 0; iter < 100; iter++) {
        double p0 = 1;
        double p1 = x;
        for (int k = 2; k <= n; k++) {
          double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
          p0 = p1;
          p1 = p2;
        }
        double pn = n == 1 ? x : p1;
        double pnm1 = n == 1 ? 1 : p0;
        dp = n * (x * pn - pnm1) / (x * x - 1);
        double dx = pn / dp;
        x -= dx;
        if (Math.abs(dx) < 1e-16) {
          break;
        }
      }
      double weight = 2 / ((1 - x * x) * dp * dp);
      // Map [-1, 1] -> [0, 1]: node (x + 1) / 2, weight / 2. x > 0 here, so the mirror is low.
      a[n - 1 - i] = (x + 1) / 2;
      w[n - 1 - i] = weight / 2;
      a[i] = (1 - x) / 2;
      w[i] = weight / 2;
    }
  }

  /** Looks a rule up by its {@link #id()}; unknown names list the available ones. */
  public static Quadrature forName(String name) {
    String n = name.toLowerCase(Locale.ROOT).replace('_', '-');
    for (Quadrature q : values()) {
      if (q.id.equals(n) || (q == GAUSS_LEGENDRE && n.equals("gauss-legendre"))) {
        return q;
      }
    }
    throw new AttribException(
        "unknown quadrature '"
            + name
            + "'; available: "
            + String.join(", ", Arrays.stream(values()).map(Quadrature::id).toList()));
  }
}
