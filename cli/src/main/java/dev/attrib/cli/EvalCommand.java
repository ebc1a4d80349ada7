package dev.attrib.cli;

import ai.djl.Device;
import dev.attrib.image.ImageEval;
import dev.attrib.image.ImageModality;
import dev.attrib.image.PixelCurves;
import dev.attrib.model.Devices;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelLoader;
import dev.attrib.molecule.AtomFaithfulness;
import dev.attrib.molecule.MoleculeModality;
import dev.attrib.molecule.MoleculeReader;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Modality;
import dev.attrib.spi.ModalityRegistry;
import dev.attrib.text.TextFaithfulness;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code attrib eval text|molecule|image --input FILE}: which attribution is objectively better.
 *
 * <ul>
 *   <li>text: ERASER comprehensiveness and sufficiency (DeYoung et al. 2020): remove, or keep only,
 *       the top 1, 5, 10, 20, 50% of tokens (replaced by the pad token) and report the drop in the
 *       target probability and its average over the fractions (AOPC);
 *   <li>molecule: atom deletion and insertion curves (zero the features of atoms in attribution
 *       order) and their areas;
 *   <li>image: pixel deletion and insertion curves (RISE, Petsiuk et al. 2018) and their areas, the
 *       keep-top-k% test, and {@code --plot} of the mean curves ({@link ImageEvaluation}).
 * </ul>
 *
 * One row per method ({@code --methods}, default ig, saliency, gradient-x-input, random).
 */
@Command(
    name = "eval",
    sortOptions = false,
    description =
        "Faithfulness of attribution methods: ERASER (text), deletion/insertion (molecule),"
            + " deletion/insertion and keep-top-k%% (image).")
final class EvalCommand implements Callable<Integer> {

  @ParentCommand AttribCommand attrib;

  @Spec CommandSpec spec;

  @Mixin ExplainOptions opts;

  @Parameters(index = "0", paramLabel = "MODALITY", description = "text, molecule or image.")
  String modality;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "INPUT", description = "Inputs.")
  List<String> inputs = new ArrayList<>();

  @Option(
      names = "--methods",
      paramLabel = "LIST",
      split = ",",
      description = "Methods to compare (default: ig, saliency, gradient-x-input, random).")
  List<String> methods;

  @Mixin CurveOptions curves;

  @Option(
      names = "--keep",
      paramLabel = "PERCENTS",
      split = ",",
      description = "image: keep-top test percentages (default: 5,10,20,50).")
  List<Double> keep;

  @Option(
      names = "--plot",
      paramLabel = "FILE.png",
      description =
          "image: write the mean deletion and insertion curves per method as a PNG ('-': stdout,"
              + " the table then on stderr).")
  Path plot;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String m = modality.toLowerCase(Locale.ROOT);
    if (!m.equals("text") && !m.equals("molecule") && !m.equals("image")) {
      throw new AttribException("eval covers text, molecule and image, not '" + modality + "'");
    }
    // eval's result is its table on stdout; options that would shape another output are refused
    // rather than silently ignored.
    for (String unused : List.of("--out", "--format")) {
      if (spec.commandLine().getParseResult().hasMatchedOption(unused)) {
        throw new AttribException(
            "eval prints its table on standard output; "
                + unused
                + " does not apply (redirect the output"
                + (m.equals("image") ? ", or --plot FILE.png for the curves)" : ")"));
      }
    }
    if (m.equals("image")) {
      return image(out, err);
    }
    for (String imageOnly : List.of("--substrate", "--curve-steps", "--keep", "--plot")) {
      if (spec.commandLine().getParseResult().hasMatchedOption(imageOnly)) {
        throw new AttribException(imageOnly + " is for eval image, not " + m);
      }
    }
    ModalityRegistry registry = attrib.registry();
    Path dir = Batch.modelFolder(opts.model, m, null);
    Modality<?> mod = registry.forName(m);
    ExplainSettings settings = checked(mod);
    Device device = Devices.parse(opts.device);
    List<String> all = new ArrayList<>(inputs);
    List<String> problems = new ArrayList<>();
    if (opts.input != null) {
      if (m.equals("molecule")) {
        MoleculeReader.Batch b =
            Batch.isStdin(opts.input)
                ? MoleculeReader.read(
                    Batch.bytes(opts.input, attrib.stdin()), Batch.source(opts.input), null)
                : MoleculeReader.read(opts.input);
        b.records().forEach(r -> all.add(r.input()));
        b.problems().forEach(p -> problems.add(p.message()));
      } else {
        Batch.Read r = Batch.lines(opts.input, attrib.stdin());
        all.addAll(r.inputs());
        problems.addAll(r.problems());
      }
    }
    int total = all.size() + problems.size();
    if (total == 0) {
      throw new AttribException("no input: give INPUTs or --input FILE");
    }
    Batch.requireSome(err, problems, total);
    try (LoadedModel model =
            ModelLoader.load(dir, mod.manifestKeys(), device, registry.classLoader(m));
        Progress progress = attrib.progress(err, "eval", all.size())) {
      String table;
      if (m.equals("text")) {
        TextFaithfulness.Report r =
            TextFaithfulness.evaluate(
                model,
                all,
                settings,
                methods == null ? TextFaithfulness.METHODS : methods,
                TextFaithfulness.FRACTIONS,
                progress::step);
        table = r.table();
      } else {
        List<AtomFaithfulness.Report> reports = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
          progress.step(i);
          try {
            reports.add(
                AtomFaithfulness.evaluate(
                    (MoleculeModality) mod,
                    model,
                    all.get(i),
                    settings,
                    methods == null ? AtomFaithfulness.DEFAULT_METHODS : methods));
          } catch (AttribException e) {
            problems.add("input " + (i + 1) + ": " + e.getMessage());
          }
        }
        progress.close(); // before the failures are listed
        Batch.requireSome(err, problems, total);
        StringBuilder b =
            new StringBuilder(
                String.format(
                    Locale.ROOT,
                    "%-18s %9s %14s %15s%n",
                    "method",
                    "molecules",
                    "deletion AUC",
                    "insertion AUC"));
        for (AtomFaithfulness.MethodSummary s : AtomFaithfulness.summarize(reports)) {
          b.append(
              String.format(
                  Locale.ROOT,
                  "%-18s %9d %14.4f %15.4f%n",
                  s.method(),
                  s.molecules(),
                  s.meanDeletionAuc(),
                  s.meanInsertionAuc()));
        }
        b.append("lower deletion AUC and higher insertion AUC mean a more faithful attribution\n");
        table = b.toString();
      }
      progress.close();
      out.print(table);
      out.flush();
    }
    return Batch.report(err, problems, total, "evaluated");
  }

  /**
   * The settings, checked with every method compared before any model loads: a typo in {@code
   * --methods} or a step count out of bounds is one line, not a failure per input.
   */
  private ExplainSettings checked(Modality<?> mod) {
    ExplainSettings settings = opts.settings(Map.of(), spec, mod);
    Explainer.check(mod, settings);
    if (methods != null) {
      if (methods.isEmpty()) {
        throw new AttribException("give at least one method");
      }
      for (String name : methods) {
        if (!name.equals("random")) {
          Explainer.check(mod, settings.withMethod(name));
        }
      }
    }
    return settings;
  }

  /** {@code eval image}: see {@link ImageEvaluation}. */
  private int image(PrintWriter out, PrintWriter err) {
    ModalityRegistry registry = attrib.registry();
    Path dir = Batch.modelFolder(opts.model, "image", null);
    if (!(registry.forName("image") instanceof ImageModality mod)) {
      throw new AttribException("eval image needs the built-in image modality");
    }
    PixelCurves.Settings c = curves.settings(PixelCurves.Settings.defaults());
    ImageEval.Settings eval =
        new ImageEval.Settings(c, ImageEvaluation.fractions(keep), c.deletion(), opts.seed);
    // The modality's defaults, as attrib image uses them: adaptive steps until within 1%.
    ExplainSettings settings = checked(mod);
    Device device = Devices.parse(opts.device);
    if (plot != null) {
      if (methods != null && methods.stream().allMatch("random"::equals)) {
        throw new AttribException("--plot needs a method besides random");
      }
      Batch.requireWritable(plot, "--plot", "png", attrib.stdout());
    }
    Batch.Read images = ImageInputs.expand(inputs, opts.input, attrib.stdin());
    if (images.total() == 0) {
      throw new AttribException("no input: give images, folders or --input FOLDER|LIST");
    }
    Batch.requireSome(err, images.problems(), images.total());
    if (Output.namesStdout(plot)) {
      // stdout carries the picture; the table is for a person.
      out = err;
    }
    try (Output plotFile = plot == null ? null : Output.open(plot, "png", attrib.stdout());
        LoadedModel model =
            ModelLoader.load(dir, mod.manifestKeys(), device, registry.classLoader("image"));
        Progress progress = attrib.progress(err, "eval", images.inputs().size())) {
      ImageEvaluation.Outcome o =
          ImageEvaluation.run(
              mod,
              model,
              images.inputs(),
              settings,
              methods == null ? ImageEvaluation.DEFAULT_METHODS : methods,
              eval,
              plot != null,
              progress::step);
      progress.close();
      if (plotFile != null) {
        plotFile.write(o.plot());
        plotFile.commit();
      }
      out.print(o.table());
      out.flush();
      List<String> problems = new ArrayList<>(images.problems());
      problems.addAll(o.problems());
      return Batch.report(err, problems, images.total(), "evaluated");
    }
  }
}
