package dev.attrib.cli;

import ai.djl.Device;
import dev.attrib.fixtures.DemoModels;
import dev.attrib.ig.Homogeneity;
import dev.attrib.image.ImageFiles;
import dev.attrib.image.ImagePng;
import dev.attrib.image.XdnnDemo;
import dev.attrib.model.Devices;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelLoader;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Modality;
import dev.attrib.spi.ModalityRegistry;
import dev.attrib.spi.Options;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code attrib xdnn examples/shape-3.png --plot homogeneity.png --out maps.png}: an X-DNN (a
 * bias-free, nonnegatively homogeneous network, Hesse et al. 2021) next to its ordinary twin,
 * through {@link XdnnDemo}. Per image it prints both networks' logits for the class the X-DNN
 * predicts, how homogeneous each is along the ray through the image ({@code f(a x)} for a = 0.1 ...
 * 1.0: R² of those points against the line {@code a f(x)}, and the largest deviation from it as a
 * share of {@code f(x)}), how far single-gradient fast IG is from 128-step IG on the X-DNN, and the
 * time of both.
 *
 * <p>Decisions:
 *
 * <ul>
 *   <li>Own options rather than the {@link ExplainOptions} mixin: method, baseline, steps, target
 *       and {@code --on} are fixed by what is being shown (fast IG against 128-step IG, zero
 *       baseline, the predicted class's raw logit), so offering them would only invite options that
 *       are silently ignored.
 *   <li>{@code --plot} and {@code --out} picture one image; with several they are an error before
 *       any work. Both files are written only after everything succeeded, each whole or not at all.
 *       Either may be {@code -} (stdout, the report then on stderr), not both.
 *   <li>Every image is decoded before a model is loaded. A bad one (or a list line naming none)
 *       fails a single-image run at once; in a batch it is reported at the end, exit 2, and the
 *       others run, as in every batch. After that any failure stops the run, since the remaining
 *       failures (a model that is not an X-DNN, a twin of another image size) would repeat on every
 *       image.
 *   <li>The twin must have the X-DNN's labels: its homogeneity is measured on the same class.
 *   <li>{@code -o} takes the render options of the maps PNG only ({@code sign}, {@code clip},
 *       {@code zoom}); anything else is rejected rather than ignored.
 * </ul>
 */
@Command(
    name = "xdnn",
    sortOptions = false,
    description = {
      "Compare a bias-free X-DNN with its ordinary twin: homogeneity f(a x) = a f(x), and fast IG"
          + " (one gradient) against 128-step IG.",
      "Explains the raw logit of the class the X-DNN predicts, from the zero baseline."
    })
final class XdnnCommand implements Callable<Integer> {

  /** The demo X-DNN; the twin defaults to the image modality's demo model. */
  static final String DEMO_XDNN = "image-shapes-xdnn";

  /** The render options {@link XdnnDemo#maps} reads. */
  static final Set<String> RENDER_OPTIONS = Set.of("sign", "clip", "zoom");

  /** An X-DNN's R² above this counts as homogeneous in the batch summary. */
  static final double HOMOGENEOUS_R2 = 0.999;

  @ParentCommand AttribCommand attrib;

  @Spec CommandSpec spec;

  @Mixin ImageInputs images;

  @Option(
      names = "--xdnn",
      paramLabel = "DIR",
      description =
          "The X-DNN's model folder; it must be nonnegatively homogeneous (no biases)."
              + " Default: the built-in bias-free shapes CNN.")
  Path xdnn;

  @Option(
      names = "--twin",
      paramLabel = "DIR",
      description =
          "The ordinary twin's model folder, with the X-DNN's labels and image size."
              + " Default: the built-in shapes CNN (with biases).")
  Path twin;

  @Option(
      names = "--plot",
      paramLabel = "FILE.png",
      description = "Write the homogeneity plot, f(a x) against a for both networks (one image).")
  Path plot;

  @Option(
      names = "--out",
      paramLabel = "FILE.png",
      description =
          "Write the X-DNN's maps: image | fast IG | 128-step IG | difference (one image).")
  Path out;

  @Option(
      names = "--device",
      paramLabel = "cpu|gpu[:N]",
      defaultValue = "cpu",
      description = "Where to run the models (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(
      names = {"-o", "--option"},
      paramLabel = "KEY=VALUE",
      description = "A render option of the maps (repeatable): sign, clip, zoom; e.g. -o zoom=8.")
  Map<String, String> options = new LinkedHashMap<>();

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Options render = renderOptions();
    Batch.Read read = images.read(attrib.stdin());
    List<String> failures = new ArrayList<>(read.problems());
    int total = read.total();
    List<String> all = new ArrayList<>(read.inputs());
    if ((plot != null || out != null) && total > 1) {
      throw new AttribException(
          (plot != null ? "--plot" : "--out")
              + " pictures one image, not "
              + total
              + "; give one IMAGE, or leave the file options out for a batch");
    }
    Map<String, Path> files = new LinkedHashMap<>();
    files.put("--plot", plot);
    files.put("--out", out);
    if (Output.stdoutOption(files) != null) {
      // stdout carries the picture; the report is for a person.
      stdout = err;
    }
    if (plot != null
        && out != null
        && plot.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
      throw new AttribException(plot + ": --plot and --out name the same file");
    }
    // Every image is decoded before a model loads; a bad one in a batch is reported at the end.
    List<String> readable = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      try {
        ImageFiles.read(Path.of(all.get(i)));
        readable.add(all.get(i));
      } catch (AttribException e) {
        if (total == 1) {
          throw e;
        }
        failures.add("input " + (i + 1) + " (" + all.get(i) + "): " + e.getMessage());
      }
    }
    Batch.requireSome(err, failures, total);
    all = readable;
    Path xdnnDir =
        Batch.modelFolder(xdnn != null ? xdnn : DemoModels.folder(DEMO_XDNN), "image", "--xdnn");
    Path twinDir = Batch.modelFolder(twin, "image", "--twin");
    ModalityRegistry registry = attrib.registry();
    Modality<?> image = registry.forName("image");
    Device dev = Devices.parse(device);
    try (Output plotFile = plot == null ? null : Output.open(plot, "png", attrib.stdout());
        Output mapsFile = out == null ? null : Output.open(out, "png", attrib.stdout());
        LoadedModel x =
            ModelLoader.load(xdnnDir, image.manifestKeys(), dev, registry.classLoader("image"));
        LoadedModel t =
            ModelLoader.load(twinDir, image.manifestKeys(), dev, registry.classLoader("image"))) {
      requireSameLabels(x, t, twinDir, "--twin");
      List<XdnnDemo.Report> reports = new ArrayList<>();
      try (Progress progress = attrib.progress(err, "xdnn", all.size())) {
        for (int i = 0; i < all.size(); i++) {
          progress.step(i);
          XdnnDemo.Report r = XdnnDemo.run(x, t, all.get(i), Options.NONE);
          reports.add(r);
          // Clear the bar first: it shares the terminal line with what comes next on stdout.
          progress.clear();
          if (total > 1) {
            stdout.println((i > 0 ? "\n" : "") + Terminal.sanitize(all.get(i)));
          }
          stdout.print(block(r));
          stdout.flush();
        }
      }
      if (total > 1) {
        stdout.println();
        stdout.println(summary(reports));
      }
      stdout.flush();
      // Render both before committing either, so a failure leaves neither file behind.
      XdnnDemo.Report only = reports.get(0);
      if (plotFile != null) {
        plotFile.write(XdnnDemo.homogeneityPlot(only));
      }
      if (mapsFile != null) {
        mapsFile.write(XdnnDemo.maps(only, render));
      }
      if (plotFile != null) {
        plotFile.commit();
      }
      if (mapsFile != null) {
        mapsFile.commit();
      }
    }
    return Batch.report(err, failures, total);
  }

  /**
   * The twin's homogeneity is measured on the X-DNN's class, so both must have the same labels: a
   * twin that is the same network with biases.
   */
  static void requireSameLabels(LoadedModel x, LoadedModel t, Path twinDir, String option) {
    if (!x.manifest().labels().equals(t.manifest().labels())) {
      throw new AttribException(
          twinDir
              + ": the twin's labels "
              + t.manifest().labels()
              + " differ from the X-DNN's "
              + x.manifest().labels()
              + "; it must be the same network with biases ("
              + option
              + ")");
    }
  }

  /** The -o options, checked now rather than after minutes of work. */
  private Options renderOptions() {
    Set<String> unknown = new TreeSet<>(options.keySet());
    unknown.removeAll(RENDER_OPTIONS);
    if (!unknown.isEmpty()) {
      throw new AttribException(
          "unknown option "
              + String.join(", ", unknown)
              + "; xdnn takes "
              + String.join(", ", new TreeSet<>(RENDER_OPTIONS)));
    }
    Options o = Options.of(options);
    ImagePng.Style.of(o);
    return o;
  }

  static String block(XdnnDemo.Report r) {
    Homogeneity.Report hx = r.xdnn();
    Homogeneity.Report ht = r.twin();
    double[] a = hx.scales();
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%s: X-DNN logit %.2f, twin logit %.2f (class %d)%n",
            Terminal.sanitize(r.targetLabel()),
            atFullScale(hx),
            atFullScale(ht),
            r.targetIndex()));
    b.append(
        String.format(
            Locale.ROOT,
            "homogeneity f(a x) for a = %s ... %s (R² against the line a f(x)):%n",
            trim(a[0]),
            trim(a[a.length - 1])));
    b.append(row("x-dnn", hx)).append(row("twin", ht));
    b.append(
        String.format(
            Locale.ROOT,
            "fast IG (1 gradient) vs %d-step IG: max relative difference %.1e%n",
            XdnnDemo.REFERENCE_STEPS,
            r.relativeDifference()));
    b.append(
        String.format(
            Locale.ROOT,
            "time: fast IG %.1f ms, %d-step IG %.1f ms (%s)%n",
            r.fastTime().toNanos() / 1e6,
            XdnnDemo.REFERENCE_STEPS,
            r.referenceTime().toNanos() / 1e6,
            speedup(r.speedup())));
    return b.toString();
  }

  /**
   * Fast IG's time includes its own homogeneity check, so on a tiny model or a busy machine it can
   * be barely faster, or slower; "1x faster" or "0x faster" would misread that.
   */
  static String speedup(double s) {
    if (s >= 10) {
      return String.format(Locale.ROOT, "%.0fx faster", s);
    }
    if (s >= 1) {
      return String.format(Locale.ROOT, "%.1fx faster", s);
    }
    return String.format(Locale.ROOT, "%.1fx slower", 1 / s);
  }

  private static String row(String name, Homogeneity.Report h) {
    return String.format(
        Locale.ROOT,
        "  %-7s R² %.6f   max deviation %.2f%% of f(x)%n",
        name,
        h.rSquared(),
        100 * h.maxRelativeError());
  }

  /** f(x): the output at the largest scale, which the plot scales end with (a = 1). */
  private static double atFullScale(Homogeneity.Report h) {
    return h.outputs()[h.outputs().length - 1];
  }

  private static String trim(double v) {
    return String.format(Locale.ROOT, "%.2f", v).replaceAll("0$", "");
  }

  static String summary(List<XdnnDemo.Report> reports) {
    long homogeneous = reports.stream().filter(r -> r.xdnn().rSquared() > HOMOGENEOUS_R2).count();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    XdnnDemo.Report worst = reports.get(0);
    double fast = 0;
    double ig = 0;
    for (XdnnDemo.Report r : reports) {
      lo = Math.min(lo, r.twin().rSquared());
      hi = Math.max(hi, r.twin().rSquared());
      if (r.relativeDifference() > worst.relativeDifference()) {
        worst = r;
      }
      fast += r.fastTime().toNanos() / 1e6 / reports.size();
      ig += r.referenceTime().toNanos() / 1e6 / reports.size();
    }
    return String.format(
        Locale.ROOT,
        "%d images: X-DNN R² > %s on %d of %d; twin R² %.4f to %.4f; worst fast-vs-IG difference %.1e"
            + " (%s); mean time fast IG %.1f ms, %d-step IG %.1f ms",
        reports.size(),
        HOMOGENEOUS_R2,
        homogeneous,
        reports.size(),
        lo,
        hi,
        worst.relativeDifference(),
        Terminal.sanitize(Path.of(worst.input()).getFileName().toString()),
        fast,
        XdnnDemo.REFERENCE_STEPS,
        ig);
  }
}
