package dev.attrib.image;

import dev.attrib.ig.Attribution;
import dev.attrib.ig.Example;
import dev.attrib.ig.FastIntegratedGradients;
import dev.attrib.ig.Homogeneity;
import dev.attrib.ig.IntegratedGradients;
import dev.attrib.ig.ModelOutputs;
import dev.attrib.ig.Quadrature;
import dev.attrib.ig.Target;
import dev.attrib.model.LoadedModel;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Options;
import dev.attrib.spi.Tensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code attrib xdnn}: an X-DNN (a bias-free, nonnegatively homogeneous network, Hesse,
 * Schaub-Meyer & Roth 2021) next to its ordinary twin. Measures homogeneity along the ray through
 * an image for both (the output against the input scale from 10% to 100%: a line through the origin
 * for the X-DNN, not for the twin), attributes the X-DNN with single-pass fast IG and with 128-step
 * IG, and reports their difference and the time of both.
 *
 * <pre>{@code
 * XdnnDemo.Report r = XdnnDemo.run(xdnn, twin, "examples/shape-3.png", Options.NONE);
 * r.xdnn().rSquared();          // 1.0 up to round-off
 * r.relativeDifference();       // max |fast - IG| / max |IG|, about 1e-6
 * Files.write(Path.of("homogeneity.png"), XdnnDemo.homogeneityPlot(r));
 * }</pre>
 *
 * <p>Contract: everything is on the raw logit of the class the X-DNN predicts (a softmax
 * probability is never homogeneous), from the zero baseline in model-input space (black when the
 * manifest's mean is 0), and the twin is measured on the same class. Both models must take images
 * of the same size. The times are wall-clock times, the fastest of {@link #REPEATS} calls of each
 * after one untimed call; fast IG's includes its own homogeneity check (a few forward passes).
 */
public final class XdnnDemo {
  private XdnnDemo() {}

  /** Timed runs of each method; the fastest counts. */
  public static final int REPEATS = 3;

  /** Steps of the reference IG. */
  public static final int REFERENCE_STEPS = 128;

  /** Largest relative deviation from F(a·x) = a·F(x) an X-DNN may show, as fast IG's default. */
  public static final double HOMOGENEITY_TOLERANCE = 1e-4;

  /**
   * The measurements.
   *
   * @param input the image file
   * @param targetIndex the class explained (the X-DNN's prediction)
   * @param targetLabel its label
   * @param xdnn homogeneity of the X-DNN at {@link Homogeneity#PLOT_SCALES}
   * @param twin homogeneity of the twin on the same class
   * @param fast fast IG of the X-DNN
   * @param reference 128-step Gauss–Legendre IG of the X-DNN from the same baseline
   * @param relativeDifference max |fast − reference| / max |reference| over all values
   * @param fastTime wall time of fast IG
   * @param referenceTime wall time of the reference IG
   * @param image the input picture (scaled space), for pictures
   * @param spec the X-DNN's image spec
   */
  public record Report(
      String input,
      int targetIndex,
      String targetLabel,
      Homogeneity.Report xdnn,
      Homogeneity.Report twin,
      Attribution fast,
      Attribution reference,
      double relativeDifference,
      Duration fastTime,
      Duration referenceTime,
      Pixels image,
      ImageSpec spec) {

    /** How many times faster fast IG was. */
    public double speedup() {
      return (double) referenceTime.toNanos() / Math.max(1, fastTime.toNanos());
    }
  }

  /** Runs the demo on one image; see the class comment. */
  public static Report run(LoadedModel xdnn, LoadedModel twin, String input, Options options) {
    ImageSpec spec = ImageSpec.of(xdnn.manifest());
    ImageSpec twinSpec = ImageSpec.of(twin.manifest());
    String agg = ImageModality.aggregate(options);
    ImageEncoding enc = new ImageModality().encode(input, spec, options);
    ImageEncoding twinEnc = ImageModality.encode(input, enc.scaled(), twinSpec, agg);
    if (twinSpec.fixedSize()
        && spec.fixedSize()
        && (twinSpec.height() != spec.height() || twinSpec.width() != spec.width())) {
      throw new AttribException(
          twin.manifest().file()
              + ": the twin takes "
              + twinSpec.height()
              + "x"
              + twinSpec.width()
              + " images but the X-DNN takes "
              + spec.height()
              + "x"
              + spec.width());
    }
    Example ex = new Example(enc.tensors(), List.of());
    Example twinEx = new Example(twinEnc.tensors(), List.of());
    double[] logits = ModelOutputs.at(xdnn, ex, dev.attrib.ig.Activation.NONE);
    int k = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[k]) {
        k = i;
      }
    }
    Target t = Target.index(k);
    String label = k < xdnn.manifest().labels().size() ? xdnn.manifest().labels().get(k) : "" + k;
    Homogeneity.Report hx = Homogeneity.measure(xdnn, ex, t, Homogeneity.PLOT_SCALES);
    // Fast IG would refuse too, but its advice is for choosing another method; here the model
    // handed in as the X-DNN is what is wrong, so name it and say what an X-DNN must be.
    if (!hx.homogeneous(HOMOGENEITY_TOLERANCE)) {
      throw new AttribException(
          String.format(
              Locale.ROOT,
              "%s: not an X-DNN: the model is not nonnegatively homogeneous (%s, off by %.3g of"
                  + " F(x)), so fast IG would be wrong; an X-DNN has no biases, only ReLU,"
                  + " bias-free linear/convolution layers and pooling",
              xdnn.manifest().file().getParent(),
              hx.worst(),
              hx.maxRelativeError()));
    }
    Homogeneity.Report ht = Homogeneity.measure(twin, twinEx, t, Homogeneity.PLOT_SCALES);

    // Each method runs once untimed (the first pass at a batch shape pays for allocation and
    // start-up, not the method), then the fastest of REPEATS timed runs counts: the minimum is the
    // estimate least disturbed by other work on the machine.
    FastIntegratedGradients fastIg = FastIntegratedGradients.builder().build();
    IntegratedGradients ig =
        IntegratedGradients.builder()
            .steps(REFERENCE_STEPS)
            .quadrature(Quadrature.GAUSS_LEGENDRE)
            .build();
    Attribution fast = fastIg.attribute(xdnn, ex, t);
    Attribution ref = ig.attribute(xdnn, ex, t);
    long fastNanos = Long.MAX_VALUE;
    long refNanos = Long.MAX_VALUE;
    for (int i = 0; i < REPEATS; i++) {
      long t0 = System.nanoTime();
      fastIg.attribute(xdnn, ex, t);
      long t1 = System.nanoTime();
      ig.attribute(xdnn, ex, t);
      long t2 = System.nanoTime();
      fastNanos = Math.min(fastNanos, t1 - t0);
      refNanos = Math.min(refNanos, t2 - t1);
    }
    return new Report(
        input,
        k,
        label,
        hx,
        ht,
        fast,
        ref,
        relativeDifference(fast, ref),
        Duration.ofNanos(fastNanos),
        Duration.ofNanos(refNanos),
        PixelBaselines.scaled(enc),
        spec);
  }

  /** {@code max_i |a_i − b_i| / max_i |b_i|} over all attributable values. */
  public static double relativeDifference(Attribution a, Attribution b) {
    double num = 0;
    double den = 0;
    for (int t = 0; t < b.scores().size(); t++) {
      Tensor x = a.scores().get(t);
      Tensor y = b.scores().get(t);
      if (x.size() != y.size()) {
        throw new AttribException("attributions of different shapes");
      }
      for (int j = 0; j < y.size(); j++) {
        num = Math.max(num, Math.abs(x.get(j) - y.get(j)));
        den = Math.max(den, Math.abs(y.get(j)));
      }
    }
    return num / Math.max(den, 1e-30);
  }

  /**
   * The homogeneity plot: the measured outputs F(a·x) of both networks against the scale a (points
   * joined), and dashed the homogeneous line a·F(x) each would follow; R² in the legend.
   */
  public static byte[] homogeneityPlot(Report r) {
    return Plots.png(List.of(homogeneityChart(r)));
  }

  /** The chart of {@link #homogeneityPlot}. */
  static Plots.Chart homogeneityChart(Report r) {
    List<Plots.Series> s = new ArrayList<>();
    s.add(measured("X-DNN", r.xdnn(), Plots.BLUE));
    s.add(line("X-DNN", r.xdnn(), Plots.BLUE));
    s.add(measured("twin", r.twin(), Plots.ORANGE));
    s.add(line("twin", r.twin(), Plots.ORANGE));
    return Plots.Chart.fitted(
        "Homogeneity along the ray a\u00b7x",
        "input scale a",
        "logit of " + r.targetLabel(),
        s,
        0,
        1);
  }

  private static Plots.Series measured(String name, Homogeneity.Report h, int colour) {
    return new Plots.Series(
        String.format(Locale.ROOT, "%s f(a\u00b7x), R\u00b2 %.4f", name, h.rSquared()),
        h.scales(),
        h.outputs(),
        colour,
        false,
        true);
  }

  /** The line through the origin and F(x). */
  private static Plots.Series line(String name, Homogeneity.Report h, int colour) {
    // A paler tint: drawn over the measured line, it still shows where the two coincide.
    return new Plots.Series(
        name + " a\u00b7f(x)",
        new double[] {0, 1},
        new double[] {0, fx(h)},
        ImagePng.blend(colour, 0xffffff, 0.45),
        true,
        false);
  }

  /** F(x), from the homogeneous line a·F(x) at the last scale. */
  private static double fx(Homogeneity.Report h) {
    return h.expected()[h.expected().length - 1] / h.scales()[h.scales().length - 1];
  }

  /**
   * The X-DNN's maps side by side: image | fast IG | 128-step IG | |fast − IG| (on the IG map's
   * scale, so an all-black last panel means "no visible difference"). Options as {@link ImagePng}
   * ({@code sign}, {@code clip}, {@code zoom}). The caption leaves the times out (they are in the
   * report): a picture made twice on one machine is the same picture.
   */
  public static byte[] maps(Report r, Options options) {
    return drawMaps(r, options).png();
  }

  /** The picture of {@link #maps}, before encoding. */
  static Canvas drawMaps(Report r, Options options) {
    ImagePng.Style st = ImagePng.Style.of(options);
    double[] f = ImageModality.pixelScores(r.fast().scores().get(0), false);
    double[] g = ImageModality.pixelScores(r.reference().scores().get(0), false);
    double[] d = new double[g.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = Math.abs(f[i] - g[i]);
    }
    HeatMaps.Normalized nf = HeatMaps.normalize(f, st.sign(), st.clip());
    HeatMaps.Normalized ng = HeatMaps.normalize(g, st.sign(), st.clip());
    double[] dv = new double[d.length];
    for (int i = 0; i < d.length; i++) {
      dv[i] = ng.threshold() > 0 ? Math.min(1, d[i] / ng.threshold()) : 0;
    }
    HeatMaps.Normalized nd =
        new HeatMaps.Normalized(dv, ng.threshold(), HeatMaps.Sign.ABSOLUTE, st.clip());
    List<String> caption =
        List.of(
            String.format(Locale.ROOT, "%s, X-DNN logit %.2f", r.targetLabel(), fx(r.xdnn())),
            String.format(
                Locale.ROOT,
                "fast IG vs %d-step IG: max relative difference %s",
                REFERENCE_STEPS,
                r.relativeDifference() == 0
                    ? "0"
                    : String.format(Locale.ROOT, "%.1e", r.relativeDifference())),
            ImagePng.display(st));
    return ImagePng.panels(
        r.image(),
        r.spec(),
        List.of(
            new ImagePng.Panel("image", ImagePng.rgb(r.image(), r.spec().max())),
            new ImagePng.Panel("fast IG", ImagePng.heat(nf)),
            new ImagePng.Panel(REFERENCE_STEPS + "-step IG", ImagePng.heat(ng)),
            new ImagePng.Panel("difference", ImagePng.heat(nd))),
        st,
        caption);
  }
}
