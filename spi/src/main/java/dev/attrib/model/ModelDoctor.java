package dev.attrib.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.attrib.ig.Attribution;
import dev.attrib.ig.Completeness;
import dev.attrib.ig.EngineCheck;
import dev.attrib.ig.Example;
import dev.attrib.ig.Saliency;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Encoding;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.ExplainTarget;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Modality;
import dev.attrib.spi.ModalityRegistry;
import dev.attrib.spi.ModelCheck;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Options;
import dev.attrib.spi.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The model doctor behind {@code attrib check}: loads a model folder and checks, one {@link
 * ModelCheck} each, everything attribution relies on, so a mismatch between a model and its
 * manifest is reported at once, in words, with what to do — not piecemeal at the first input.
 *
 * <pre>{@code
 * ModelDoctor.Report r =
 *     ModelDoctor.examine(
 *         Path.of("my-model"), ModalityRegistry.builtIn(), Device.cpu(), null, Options.NONE);
 * for (ModelCheck c : r.checks()) {
 *   System.out.println(c.status() + "  " + c.name() + ": " + c.message());
 * }
 * r.passed();   // no check failed
 * }</pre>
 *
 * <p>The checks, in order (a check that needs one that failed is skipped):
 *
 * <ol>
 *   <li>{@code manifest}: {@code attrib.json} parses, names a known modality, has no unknown key;
 *   <li>{@code network}: the network loads (TorchScript with {@code trainParam=true}, or the DJL
 *       block with its parameters);
 *   <li>the modality's own checks of the loaded model ({@link Modality#checkModel}), e.g. the text
 *       modality's {@code embedding};
 *   <li>{@code input}: the given input, or the modality's {@link Modality#sample}, encodes;
 *   <li>{@code signature}: the names the modality gives, the manifest's {@code inputs} and a
 *       TorchScript module's forward arguments agree (a DJL block has no names: its order is the
 *       manifest's, or the modality's), and the network runs on the input's dtypes and shapes, one
 *       row per input for batches of 1 and 2;
 *   <li>{@code output}: one value per label of the manifest;
 *   <li>{@code gradients}: the gradient of the predicted class reaches every attributable input,
 *       and is not zero everywhere;
 *   <li>the modality's checks on the input ({@link Modality#checkInput}): the {@code padding} line
 *       of the text, translation and molecule modalities (masked positions appended to the input
 *       must not move the output);
 *   <li>{@code completeness}: Integrated Gradients at the modality's defaults adds up to {@code
 *       F(x) − F(x')} within 1% on every row;
 *   <li>{@code engine}: gradients computed in a batch agree with the same points computed alone
 *       ({@link EngineCheck#pathAgreement}), as attribution relies on.
 * </ol>
 */
public final class ModelDoctor {
  private ModelDoctor() {}

  /** Completeness bound of the {@code completeness} check: 1%, the modality default's target. */
  public static final double COMPLETENESS_TOLERANCE = 0.01;

  /** Points in the batch the {@code engine} check compares with single points. */
  static final int ENGINE_POINTS = 4;

  /**
   * What the doctor found.
   *
   * @param model the folder
   * @param modality the modality's name, or null when the manifest could not be read
   * @param checks one per line, in order
   */
  public record Report(Path model, String modality, List<ModelCheck> checks) {
    public Report {
      checks = List.copyOf(checks);
    }

    /** True when no check failed. */
    public boolean passed() {
      return checks.stream().noneMatch(ModelCheck::failed);
    }
  }

  /**
   * Examines the folder {@code dir} with the modality {@code registry} names, on {@code device},
   * attributing {@code input} (raw, as the modality's commands take it), or the modality's sample
   * when null. Never throws for a problem with the folder: that is a failed check.
   */
  public static Report examine(
      Path dir, ModalityRegistry registry, Device device, String input, Options options) {
    List<ModelCheck> checks = new ArrayList<>();
    Modality<?> modality;
    Manifest manifest;
    try {
      if (!Files.isDirectory(dir)) {
        throw new AttribException(dir + ": not a model folder (no such directory)");
      }
      String name = Manifest.peekModality(dir);
      modality = registry.forName(name);
      manifest = Manifest.read(dir, modality.manifestKeys());
      checks.add(
          ModelCheck.pass(
              "manifest",
              manifest.file()
                  + ": modality "
                  + name
                  + ", "
                  + manifest.format()
                  + " "
                  + (manifest.format().equals("djl")
                      ? manifest.block()
                      : String.valueOf(manifest.modelFile()))
                  + ", "
                  + (manifest.labels().isEmpty()
                      ? "no labels"
                      : manifest.labels().size() + " labels")));
    } catch (AttribException e) {
      checks.add(ModelCheck.fail("manifest", e.getMessage()));
      skipRest(checks, "network", "the manifest could not be read");
      return new Report(dir, null, checks);
    }
    LoadedModel model;
    try {
      model =
          ModelLoader.load(
              dir, modality.manifestKeys(), device, registry.classLoader(modality.name()), false);
    } catch (AttribException e) {
      checks.add(ModelCheck.fail("network", e.getMessage()));
      skipRest(checks, "signature", "the network did not load");
      return new Report(dir, modality.name(), checks);
    }
    model.examined();
    try (model) {
      checks.add(
          ModelCheck.pass(
              "network",
              model.networkFile()
                  + " loads ("
                  + model.parameterNames().size()
                  + " parameters"
                  + model
                      .forwardArguments()
                      .map(a -> "; forward(" + String.join(", ", a) + ")")
                      .orElse("")
                  + ")"));
      try {
        examineLoaded(modality, model, input, options, checks);
      } catch (RuntimeException e) {
        // A bug in a check (attrib's or a plugin's) is reported as a line, never as a crash.
        checks.add(
            ModelCheck.fail(
                "internal",
                "a check failed unexpectedly ("
                    + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "); run with --verbose and report it"));
      }
    }
    return new Report(dir, modality.name(), checks);
  }

  /**
   * The cheap checks that attribution would not otherwise report, for a model just loaded to be
   * explained: on the modality's sample, its input checks ({@link Modality#checkInput}: the padding
   * line, two forward passes) — no gradients, no IG. Every failure is left as a warning ({@link
   * ModelWarnings}, once per process) and returned; nothing is thrown.
   *
   * <p>The rest of the cheap checks are not repeated here because attribution reports them itself,
   * as errors, at once: {@code inputs} against the module's forward (at load), the embedding
   * parameter, the output against the labels, forward arguments bound by position (a warning), a
   * no-grad trace (at the first input). Where the modality has no sample, or the sample does not
   * get through the signature and output checks, nothing is said here: the first real input reports
   * it.
   */
  public static List<ModelCheck> warnAtLoad(Modality<?> modality, LoadedModel model) {
    List<ModelCheck> failed = new ArrayList<>();
    try {
      for (ModelCheck c : inputChecksOnSample(modality, model)) {
        if (c.failed()) {
          failed.add(c);
          ModelWarnings.warn(
              c.name()
                  + ": "
                  + c.message()
                  + " ('attrib check --model "
                  + model.manifest().dir()
                  + "' checks the whole folder)");
        }
      }
    } catch (RuntimeException e) {
      // A check that cannot run here is for 'attrib check' to report; loading goes on.
    }
    return failed;
  }

  private static <E extends Encoding> List<ModelCheck> inputChecksOnSample(
      Modality<E> modality, LoadedModel model) {
    if (guarded("model", () -> modality.checkModel(model)).stream().anyMatch(ModelCheck::failed)) {
      return List.of();
    }
    E sample;
    try {
      sample = modality.sample(model, Options.NONE);
    } catch (AttribException e) {
      return List.of();
    }
    if (sample == null) {
      return List.of();
    }
    List<ModelCheck> signature = new ArrayList<>();
    NDArrayShape out = signature(modality, model, sample, signature);
    if (out == null || output(model, out).failed()) {
      return List.of();
    }
    return guarded("input checks", () -> modality.checkInput(model, sample));
  }

  private static <E extends Encoding> void examineLoaded(
      Modality<E> modality,
      LoadedModel model,
      String input,
      Options options,
      List<ModelCheck> checks) {
    List<ModelCheck> own = guarded("model", () -> modality.checkModel(model));
    checks.addAll(own);
    if (own.stream().anyMatch(ModelCheck::failed)) {
      skipRest(checks, "input", "the " + modality.name() + " modality's check above failed");
      return;
    }
    E encoded;
    try {
      encoded =
          input != null ? modality.encode(input, model, options) : modality.sample(model, options);
      if (encoded == null) {
        checks.add(
            ModelCheck.fail(
                "input",
                "the "
                    + modality.name()
                    + " modality has no sample input: give one (attrib check --model DIR INPUT)"));
        skipRest(checks, "signature", "there is no input to run");
        return;
      }
      checks.add(
          ModelCheck.pass(
              "input",
              (input != null ? "" : "sample ")
                  + "'"
                  + shortened(encoded.input())
                  + "': "
                  + encoded.units().size()
                  + " units"));
    } catch (AttribException e) {
      checks.add(ModelCheck.fail("input", e.getMessage()));
      skipRest(checks, "signature", "the input could not be encoded");
      return;
    }
    NDArrayShape out = signature(modality, model, encoded, checks);
    if (out == null) {
      skipRest(checks, "output", "the network did not run on the input");
      return;
    }
    checks.add(output(model, out));
    if (checks.get(checks.size() - 1).failed()) {
      skipRest(checks, "gradients", "the output does not match the manifest");
      return;
    }
    ExplainSettings settings = ExplainSettings.defaults(modality);
    ModelCheck gradients = gradients(modality, model, encoded, settings);
    checks.add(gradients);
    if (gradients.failed()) {
      skipRest(checks, "completeness", "no gradients to integrate");
      return;
    }
    checks.addAll(guarded("input checks", () -> modality.checkInput(model, encoded)));
    checks.add(completeness(modality, model, encoded, settings));
    checks.add(engine(modality, model, encoded, settings));
  }

  /** The output's shape (plain longs: the engine array is gone by the time it is read). */
  private record NDArrayShape(long[] shape) {}

  private static <E extends Encoding> NDArrayShape signature(
      Modality<E> modality, LoadedModel model, E encoded, List<ModelCheck> checks) {
    Manifest mf = model.manifest();
    List<String> given = encoded.tensors().stream().map(NamedTensor::name).toList();
    Optional<List<String>> forward = model.forwardArguments();
    List<String> listed = mf.inputs();
    Path file = Path.of(model.networkFile());
    String mismatch = ModelLoader.inputsMismatch(mf, forward, file);
    String contract =
        "the " + modality.name() + " modality's inputs are (" + String.join(", ", given) + ")";
    if (mismatch != null) {
      checks.add(ModelCheck.fail("signature", mismatch));
      return null;
    }
    if (!listed.isEmpty() && !sameNames(listed, given)) {
      checks.add(
          ModelCheck.fail(
              "signature",
              mf.file()
                  + ": 'inputs' lists "
                  + listed
                  + " but "
                  + contract
                  + "; name exactly these, in the order the network's forward takes them"));
      return null;
    }
    boolean single = forward.isPresent() && forward.get().size() == 1 && given.size() == 1;
    if (listed.isEmpty() && forward.isPresent() && !single && !sameNames(forward.get(), given)) {
      checks.add(
          ModelCheck.fail(
              "signature",
              file
                  + ": forward takes ("
                  + String.join(", ", forward.get())
                  + ") but "
                  + contract
                  + "; rename the forward's arguments (a wrapper module) so attrib can bind them by"
                  + " name, and list them in 'inputs' of "
                  + Manifest.FILE_NAME));
      return null;
    }
    String binding =
        forward.isPresent() && !sameNames(forward.get(), given)
            ? "forward(" + forward.get().get(0) + "): one input, passed by position"
            : forward.isPresent()
                ? "bound by name to the forward's arguments"
                : !listed.isEmpty()
                    ? "a DJL block has no argument names: passed in the order of 'inputs'"
                    : "a DJL block has no argument names: passed in the modality's order";
    long[] shape;
    try {
      shape = runShape(model, encoded.tensors(), 1);
      long[] two = runShape(model, encoded.tensors(), 2);
      if (two[0] != 2) {
        throw new AttribException(
            model.networkFile()
                + ": a batch of 2 inputs gave "
                + two[0]
                + " output rows; the output needs the batch dimension first, one row per input");
      }
    } catch (AttribException e) {
      checks.add(ModelCheck.fail("signature", e.getMessage()));
      return null;
    }
    checks.add(
        ModelCheck.pass(
            "signature",
            "forward(" + describe(encoded.tensors()) + ") -> " + brackets(shape) + "; " + binding));
    return new NDArrayShape(shape);
  }

  private static ModelCheck output(LoadedModel model, NDArrayShape out) {
    Manifest mf = model.manifest();
    if (mf.labels().isEmpty()) {
      return ModelCheck.pass(
          "output",
          "output " + brackets(out.shape()) + "; " + mf.file().getFileName() + " lists no labels");
    }
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      NDArray probe = m.zeros(new Shape(out.shape()));
      EngineFailures.requireOnePerLabel(model.networkFile(), mf, probe);
    } catch (AttribException e) {
      return ModelCheck.fail(
          "output",
          e.getMessage() + "; make 'labels' the model's classes, one per output, in order");
    }
    return ModelCheck.pass(
        "output",
        "output "
            + brackets(out.shape())
            + ": one value per label ("
            + String.join(", ", mf.labels())
            + ")");
  }

  private static <E extends Encoding> ModelCheck gradients(
      Modality<E> modality, LoadedModel model, E encoded, ExplainSettings settings) {
    try {
      ExplainTarget t = modality.targets(encoded, model, settings).get(0);
      Attribution a =
          new Saliency().attribute(model, new Example(t.inputs(encoded), List.of()), t.target());
      List<String> dead = new ArrayList<>();
      for (int i = 0; i < a.names().size(); i++) {
        boolean any = false;
        for (float v : a.scores().get(i).floats()) {
          if (v != 0f && Float.isFinite(v)) {
            any = true;
            break;
          }
        }
        if (!any) {
          dead.add(a.names().get(i));
        }
      }
      if (!dead.isEmpty()) {
        return ModelCheck.fail(
            "gradients",
            model.networkFile()
                + ": the gradient of "
                + a.target()
                + " is zero everywhere in "
                + String.join(", ", dead)
                + ": the output does not depend on it differentiably (a detach(), an argmax, or a"
                + " module traced under torch.no_grad()); re-trace with gradients enabled and"
                + " remove non-differentiable steps");
      }
      return ModelCheck.pass(
          "gradients",
          "the gradient of "
              + a.target()
              + " reaches "
              + String.join(", ", a.names())
              + " (max |gradient| "
              + fmt(maxAbs(a))
              + ")");
    } catch (AttribException e) {
      String why = e.getMessage();
      for (String op : model.inferenceOnlyOps) {
        if (!why.contains(op)) {
          why +=
              "; the module also calls "
                  + op
                  + ", an inference-only kernel with no derivative (traced under torch.no_grad()):"
                  + " re-trace it with gradients enabled";
        }
      }
      return ModelCheck.fail("gradients", why);
    }
  }

  private static <E extends Encoding> ModelCheck completeness(
      Modality<E> modality, LoadedModel model, E encoded, ExplainSettings settings) {
    try {
      Explanation<E> e = new Explainer<>(modality, model).explain(encoded, settings);
      Explanation.Row worst = null;
      boolean ok = true;
      for (Explanation.Row r : e.rows()) {
        Completeness c = r.attribution().completeness();
        if (!holds(c)) {
          ok = false;
        }
        if (worst == null
            || c.relativeDelta() > worst.attribution().completeness().relativeDelta()) {
          worst = r;
        }
      }
      Completeness c = worst.attribution().completeness();
      String how =
          e.method()
              + ", baseline "
              + e.baseline()
              + (worst.attribution().settings().steps() != null
                  ? ", " + worst.attribution().settings().steps() + " steps"
                  : "")
              + (e.rows().size() > 1 ? ", worst of " + e.rows().size() + " rows: " : ": ");
      String numbers =
          String.format(
              Locale.ROOT,
              "relative delta %.3g%% (F(x) %.4g, F(x') %.4g, sum %.4g)",
              100 * c.relativeDelta(),
              c.output(),
              c.baselineOutput(),
              c.sum());
      if (ok) {
        return ModelCheck.pass(
            "completeness",
            how + numbers + " within " + pct(COMPLETENESS_TOLERANCE) + " at the modality defaults");
      }
      return ModelCheck.fail(
          "completeness",
          how
              + numbers
              + " is over "
              + pct(COMPLETENESS_TOLERANCE)
              + " at the modality's defaults: the integral is not resolved (a very steep or"
              + " saturated output, or gradients that are wrong); try more --steps, and check the"
              + " gradients check above");
    } catch (AttribException e) {
      return ModelCheck.fail("completeness", e.getMessage());
    }
  }

  /** Within 1%, or, where the baseline scores like the input, 1% of the outputs themselves. */
  private static boolean holds(Completeness c) {
    return c.holds(COMPLETENESS_TOLERANCE)
        || (c.smallBudget() && c.absoluteHolds(COMPLETENESS_TOLERANCE));
  }

  private static <E extends Encoding> ModelCheck engine(
      Modality<E> modality, LoadedModel model, E encoded, ExplainSettings settings) {
    try {
      ExplainTarget t = modality.targets(encoded, model, settings).get(0);
      double d =
          EngineCheck.pathAgreement(
              model, new Example(t.inputs(encoded), List.of()), t.target(), ENGINE_POINTS);
      String what =
          String.format(
              Locale.ROOT,
              "gradients of %d points on the path in one batch vs each alone: largest relative"
                  + " difference %.2g (tolerance %.1g)",
              ENGINE_POINTS,
              d,
              EngineCheck.TOLERANCE);
      if (d <= EngineCheck.TOLERANCE) {
        return ModelCheck.pass("engine", what);
      }
      return ModelCheck.fail(
          "engine",
          what
              + ": the engine gives a point in a batch another gradient than alone; see 'attrib"
              + " selfcheck' (attribution switches oneDNN off or computes one point at a time)");
    } catch (AttribException e) {
      return ModelCheck.fail("engine", e.getMessage());
    }
  }

  /** Runs the network on {@code batch} copies of the input; returns the output's shape. */
  private static long[] runShape(LoadedModel model, List<NamedTensor> tensors, int batch) {
    try (NDManager m = NDManager.newBaseManager(model.device())) {
      NDList in = new NDList(tensors.size());
      for (NamedTensor t : tensors) {
        Tensor v = t.value();
        long[] shape = new long[v.shape().length + 1];
        shape[0] = batch;
        System.arraycopy(v.shape(), 0, shape, 1, v.shape().length);
        NDArray a;
        if (v.isFloat()) {
          float[] one = v.floats();
          float[] all = new float[one.length * batch];
          for (int b = 0; b < batch; b++) {
            System.arraycopy(one, 0, all, b * one.length, one.length);
          }
          a = m.create(all, new Shape(shape));
        } else {
          long[] one = v.longs();
          long[] all = new long[one.length * batch];
          for (int b = 0; b < batch; b++) {
            System.arraycopy(one, 0, all, b * one.length, one.length);
          }
          a = m.create(all, new Shape(shape));
        }
        a.setName(t.name());
        in.add(a);
      }
      return model.run(in).getShape().getShape();
    }
  }

  private interface Checks {
    List<ModelCheck> run();
  }

  /** A modality's checks; one that throws is a failed check, not a crash of the doctor. */
  private static List<ModelCheck> guarded(String name, Checks checks) {
    try {
      return checks.run();
    } catch (AttribException e) {
      return List.of(ModelCheck.fail(name, e.getMessage()));
    }
  }

  private static final List<String> ORDER =
      List.of("network", "input", "signature", "output", "gradients", "completeness", "engine");

  /** Marks the core's checks from {@code first} on as skipped, saying why. */
  private static void skipRest(List<ModelCheck> checks, String first, String why) {
    for (String name : ORDER.subList(ORDER.indexOf(first), ORDER.size())) {
      checks.add(ModelCheck.skip(name, "not run: " + why));
    }
  }

  private static boolean sameNames(List<String> a, List<String> b) {
    return a.size() == b.size() && new HashSet<>(a).equals(new HashSet<>(b));
  }

  private static String describe(List<NamedTensor> tensors) {
    List<String> parts = new ArrayList<>();
    for (NamedTensor t : tensors) {
      long[] shape = new long[t.value().shape().length + 1];
      shape[0] = 1;
      System.arraycopy(t.value().shape(), 0, shape, 1, t.value().shape().length);
      parts.add(
          t.name() + " " + (t.value().isFloat() ? "float32" : "int64") + " " + brackets(shape));
    }
    return String.join(", ", parts);
  }

  private static String brackets(long[] shape) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < shape.length; i++) {
      s.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return s.append(']').toString();
  }

  private static double maxAbs(Attribution a) {
    double m = 0;
    for (Tensor t : a.scores()) {
      for (float v : t.floats()) {
        m = Math.max(m, Math.abs(v));
      }
    }
    return m;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3g", v);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * v);
  }

  private static String shortened(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() > 60 ? one.substring(0, 57) + "..." : one;
  }
}
