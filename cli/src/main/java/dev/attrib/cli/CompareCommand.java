package dev.attrib.cli;

import ai.djl.Device;
import dev.attrib.ig.Completeness;
import dev.attrib.ig.Methods;
import dev.attrib.ig.Quadrature;
import dev.attrib.image.ImageCompare;
import dev.attrib.image.ImageFiles;
import dev.attrib.image.ImageModality;
import dev.attrib.image.ImagePng;
import dev.attrib.image.PixelCurves;
import dev.attrib.model.Devices;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelLoader;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Baseline;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Modality;
import dev.attrib.spi.ModalityRegistry;
import dev.attrib.spi.Options;
import dev.attrib.spi.PluginProblem;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code attrib compare examples/shape-3.png --baselines black,blur --steps-list 5,50,200 --csv
 * compare.csv --out grid.png}: how the baseline and the number of steps change IG on an image
 * model. Every input × baseline × step count is one IG run ({@link ImageCompare}); each is measured
 * by its deletion and insertion AUC and its completeness delta.
 *
 * <p>Output: the table on stdout, one row per setting, then one conclusion line per input (the
 * setting with the lowest deletion AUC, the one with the highest insertion AUC, and the smallest
 * step count at which every baseline's relative delta is at most 1%, judged as adaptive IG judges
 * it: absolute against the outputs for a baseline that scores like the input, {@link
 * Completeness#smallBudget()}). {@code --csv FILE} writes the rows with all measurements; {@code
 * --out FILE.png} the grid of attribution maps (a row per baseline, a column per step count).
 *
 * <p>Decisions:
 *
 * <ul>
 *   <li>The shared {@link ExplainOptions} are not mixed in: their {@code --steps}, {@code
 *       --baseline}, {@code --method} and {@code --tolerance} mean one setting, while compare runs
 *       plain IG over lists. Those four are accepted only to be rejected with a pointer to {@code
 *       --steps-list} and {@code --baselines}; the rest is declared here under the same names.
 *   <li>{@code --baselines} splits on commas, yet a parametrised baseline's path may hold one
 *       ({@code image:a,b.png}): a comma is kept inside an {@code image:}/{@code distribution:}
 *       path when the text after it is not a baseline name and the path before it does not exist.
 *   <li>Several images with {@code --out grid.png} write one grid per image beside it, named {@code
 *       grid-IMAGE.png} after each image's file name ({@code grid-shape-3.png}); images whose names
 *       repeat get their 1-based input number too ({@code grid-2-shape-3.png}). With one image the
 *       grid goes to {@code --out} itself.
 *   <li>Everything is checked before the first run (inputs readable, baselines known, step counts
 *       1..10000, options, output folders) and files are written only after every run succeeded,
 *       each whole or not at all: a failed comparison leaves no CSV or PNG behind. An unreadable
 *       image fails a single-image run at once; in a batch it is reported at the end (exit 2) and
 *       the other images are compared, as in every batch.
 *   <li>{@code --csv -} or {@code --out -} (one image) writes that file to stdout, and the table
 *       and conclusions go to stderr instead, so a pipe gets the file alone; both on stdout is an
 *       error. Files are written as {@link Output} says (through links, into devices and FIFOs).
 *   <li>Without {@code --substrate} the curves follow RISE: deletion to black, insertion into a
 *       blurred copy; {@code --substrate} sets both.
 * </ul>
 */
@Command(
    name = "compare",
    sortOptions = false,
    description =
        "Compare IG baselines and step counts on images: deletion/insertion AUC and completeness"
            + " delta per setting, a grid PNG of the maps.")
final class CompareCommand implements Callable<Integer> {

  /** The completeness goal the conclusion line reports against. */
  static final double DELTA_GOAL = 0.01;

  @ParentCommand AttribCommand attrib;

  @Spec CommandSpec spec;

  @Mixin ImageInputs images;

  @Mixin RunOptions run;

  @Mixin CurveOptions curves;

  @Option(
      names = "--baselines",
      paramLabel = "LIST",
      description =
          "Comma-separated baselines (default: black, white, uniform, gaussian, blur,"
              + " max-distance); image:PATH and distribution:FOLDER work too (a comma in their"
              + " PATH is kept when the text before it is not an existing file).")
  String baselines;

  @Option(
      names = "--steps-list",
      paramLabel = "N",
      split = ",",
      description = "Comma-separated IG step counts, each 1..10000 (default: 5,10,20,50,100,200).")
  List<Integer> stepsList;

  @Option(
      names = "--csv",
      paramLabel = "FILE",
      description = "Write every measurement as CSV (one row per image × baseline × step count).")
  Path csv;

  @Option(
      names = "--out",
      paramLabel = "FILE.png",
      description =
          "Write the grid of attribution maps (row per baseline, column per step count); with"
              + " several images one grid each, named FILE-IMAGE.png beside FILE.")
  Path out;

  @Option(
      names = {"-o", "--option"},
      paramLabel = "KEY=VALUE",
      description =
          "An image option (repeatable): sign, clip, zoom shape the grid; sigma, samples,"
              + " aggregate the runs.")
  Map<String, String> options = new LinkedHashMap<>();

  // The shared single-setting options, declared only to answer them with the compare spelling.
  @Option(names = "--steps", hidden = true)
  String steps;

  @Option(names = "--baseline", hidden = true)
  String baseline;

  @Option(names = "--method", hidden = true)
  String method;

  @Option(names = "--tolerance", hidden = true)
  String tolerance;

  @Override
  public Integer call() {
    rejectSingleSettingOptions();
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ModalityRegistry registry = attrib.registry();
    for (PluginProblem p : registry.problems()) {
      err.println("attrib: warning: " + Terminal.oneLine(p.message()));
    }
    Path dir = Batch.modelFolder(run.model, "image", "compare needs an image model");
    Modality<?> found = registry.forName("image");
    if (!(found instanceof ImageModality modality)) {
      throw new AttribException("compare needs the built-in image modality; a plugin replaced it");
    }

    List<String> failures = new ArrayList<>();
    List<String> all = inputs(failures);
    int total = all.size() + failures.size();
    ImageCompare.Settings settings =
        new ImageCompare.Settings(
            baselineNames(baselines, modality),
            stepsList == null ? ImageCompare.DEFAULT_STEPS : stepsList,
            curves.settings(PixelCurves.Settings.defaults()));
    requireDistinct(settings.steps(), "step count", "--steps-list");
    requireDistinct(settings.baselines(), "baseline", "--baselines");
    for (String b : settings.baselines()) {
      modality.baseline(b); // an unknown name lists the available ones
      requireParameterExists(b, modality);
    }
    Options opts = Options.of(options);
    opts.requireKnown(modality.options(), "modality image");
    ImagePng.Style.of(opts); // a bad sign, clip or zoom fails now, not after the runs
    ExplainSettings base = base(opts);
    Device dev = Devices.parse(run.device);
    // A corrupt or missing image fails now, not after the runs; in a batch it is reported at the
    // end and the others are compared, as every batch goes on past a bad input.
    List<String> readable = new ArrayList<>();
    for (String image : all) {
      try {
        ImageFiles.read(path(image));
        readable.add(image);
      } catch (AttribException e) {
        if (total == 1) {
          throw e;
        }
        failures.add("input " + (all.indexOf(image) + 1) + " (" + image + "): " + e.getMessage());
      }
    }
    Batch.requireSome(err, failures, total);
    all = readable;
    Map<String, Path> named = new LinkedHashMap<>();
    named.put("--csv", csv);
    named.put("--out", out);
    if (Output.stdoutOption(named) != null) {
      // The table is for a person; stdout now carries a file.
      stdout = err;
    }
    Map<String, Path> grids = gridFiles(all, total == 1);
    List<Output> files = new ArrayList<>();
    try {
      // Opened before the model loads, so a path that cannot be written fails at once; moved into
      // place only after every run succeeded.
      Output csvOut = csv == null ? null : open(files, csv, "csv");
      Map<String, Output> gridOut = new LinkedHashMap<>();
      grids.forEach((image, file) -> gridOut.put(image, open(files, file, "png")));
      try (LoadedModel loaded =
          ModelLoader.load(dir, modality.manifestKeys(), dev, registry.classLoader("image"))) {
        int runs = all.size() * settings.baselines().size() * settings.steps().size();
        ImageCompare.Result r;
        try (Progress progress = attrib.progress(err, "compare", runs)) {
          progress.step(0);
          r = ImageCompare.run(modality, loaded, all, base, settings, progress::step);
        }

        if (csvOut != null) {
          csvOut.write(ImageCompare.csv(r.rows()).getBytes(StandardCharsets.UTF_8));
        }
        gridOut.forEach((image, o) -> o.write(ImageCompare.grid(r, image, opts)));
        for (Output o : files) {
          o.commit();
        }
        stdout.print(ImageCompare.table(r.rows()));
        for (String image : all) {
          stdout.println(conclusion(image, r.rows()));
        }
        stdout.flush();
        if (grids.size() > 1) {
          for (Path p : grids.values()) {
            err.println("wrote " + Terminal.oneLine(p.toString()));
          }
        }
      }
    } finally {
      for (Output o : files) {
        o.close();
      }
    }
    return Batch.report(err, failures, total);
  }

  private void rejectSingleSettingOptions() {
    String hint = null;
    if (steps != null) {
      hint = "--steps; give the step counts to compare as --steps-list 5,50,200";
    } else if (baseline != null) {
      hint = "--baseline; give the baselines to compare as --baselines black,blur";
    } else if (method != null) {
      hint = "--method; it compares IG (ig) settings only";
    } else if (tolerance != null) {
      hint = "--tolerance; it runs fixed step counts, given as --steps-list 5,50,200";
    }
    if (hint != null) {
      throw new ParameterException(spec.commandLine(), "compare does not take " + hint);
    }
  }

  /**
   * The images; the same file twice counts once. List lines that name no image go to {@code
   * failures}.
   */
  private List<String> inputs(List<String> failures) {
    List<String> out = new ArrayList<>();
    Set<Path> seen = new HashSet<>();
    Batch.Read read = images.read(attrib.stdin());
    failures.addAll(read.problems());
    for (String g : read.inputs()) {
      if (seen.add(path(g).toAbsolutePath().normalize())) {
        out.add(g);
      }
    }
    return out;
  }

  private ExplainSettings base(Options opts) {
    Methods.Config config =
        Methods.config()
            .quadrature(Quadrature.forName(run.quadrature))
            .batchSize(run.batchSize)
            .memoryBudget(
                run.memoryBudget != null
                    ? run.memoryBudget
                    : Methods.Config.defaults().memoryBudget())
            .seed(run.seed)
            .build();
    return new ExplainSettings("ig", config, null, run.target, run.on, opts);
  }

  /**
   * Splits {@code --baselines} on commas, keeping a comma that belongs to a parametrised baseline's
   * path (see the class comment). Null gives the defaults.
   */
  static List<String> baselineNames(String list, Modality<?> modality) {
    if (list == null) {
      return ImageCompare.DEFAULT_BASELINES;
    }
    List<String> prefixes = parametrisedPrefixes(modality);
    Set<String> names = new HashSet<>();
    for (Baseline<?> b : modality.baselines()) {
      if (prefixOf(b.name(), prefixes) == null) {
        names.add(b.name());
      }
    }
    List<String> out = new ArrayList<>();
    for (String piece : list.split(",", -1)) {
      int last = out.size() - 1;
      String prefix = last < 0 ? null : prefixOf(out.get(last), prefixes);
      boolean startsNew =
          names.contains(piece.strip()) || prefixOf(piece.strip(), prefixes) != null;
      if (prefix != null && !startsNew && !exists(out.get(last).substring(prefix.length()))) {
        out.set(last, out.get(last) + "," + piece);
      } else {
        out.add(piece);
      }
    }
    List<String> stripped = out.stream().map(String::strip).toList();
    if (stripped.contains("")) {
      throw new AttribException("--baselines has an empty name: '" + list + "'");
    }
    return stripped;
  }

  /** A missing image:/distribution: path fails before the runs rather than at its first run. */
  static void requireParameterExists(String name, Modality<?> modality) {
    String prefix = prefixOf(name, parametrisedPrefixes(modality));
    boolean placeholder =
        modality.baselines().stream().anyMatch(b -> b.name().equals(name)); // e.g. image:PATH
    if (prefix != null && !placeholder) {
      String param = name.substring(prefix.length());
      if (!param.isEmpty() && !exists(param)) {
        throw new AttribException(
            "baseline '" + name + "': no such file or folder '" + param + "'");
      }
    }
  }

  private static List<String> parametrisedPrefixes(Modality<?> modality) {
    List<String> prefixes = new ArrayList<>();
    for (Baseline<?> b : modality.baselines()) {
      int colon = b.name().indexOf(':');
      if (colon > 0) {
        prefixes.add(b.name().substring(0, colon + 1));
      }
    }
    return prefixes;
  }

  private static String prefixOf(String name, List<String> prefixes) {
    for (String p : prefixes) {
      if (name.startsWith(p)) {
        return p;
      }
    }
    return null;
  }

  static <T> void requireDistinct(List<T> values, String what, String option) {
    Set<T> seen = new HashSet<>();
    for (T v : values) {
      if (!seen.add(v)) {
        throw new AttribException(option + " names the " + what + " '" + v + "' twice");
      }
    }
  }

  /** Where each image's grid goes (see the class comment); empty without --out. */
  private Map<String, Path> gridFiles(List<String> all, boolean single) {
    Map<String, Path> out = new LinkedHashMap<>();
    if (this.out == null) {
      return out;
    }
    if (Output.namesStdout(this.out)) {
      if (!single) {
        throw new AttribException(
            this.out + ": standard output holds one grid; give FILE.png for several images");
      }
      Output.checkStream(this.out, "png", attrib.stdout());
      out.put(all.get(0), this.out);
      return out;
    }
    String name = this.out.getFileName().toString();
    if (!name.toLowerCase(Locale.ROOT).endsWith(".png")) {
      throw new AttribException(this.out + ": --out writes the grid as PNG; name a FILE.png");
    }
    if (csv != null && csv.toAbsolutePath().normalize().equals(abs(this.out))) {
      throw new AttribException("--csv and --out name the same file: " + csv);
    }
    if (single) {
      out.put(all.get(0), this.out);
      return out;
    }
    String stem = name.substring(0, name.length() - ".png".length());
    Map<String, Integer> count = new HashMap<>();
    for (String image : all) {
      count.merge(imageStem(image), 1, Integer::sum);
    }
    for (int i = 0; i < all.size(); i++) {
      String s = imageStem(all.get(i));
      String file = count.get(s) > 1 ? stem + "-" + (i + 1) + "-" + s : stem + "-" + s;
      out.put(all.get(i), this.out.resolveSibling(file + ".png"));
    }
    return out;
  }

  private static String imageStem(String image) {
    Path f = Path.of(image).getFileName();
    String n = f == null ? "image" : f.toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }

  private static Path path(String file) {
    try {
      return Path.of(file);
    } catch (InvalidPathException e) {
      throw new AttribException("'" + file + "' is not a valid file name: " + e.getReason());
    }
  }

  private static boolean exists(String file) {
    try {
      return Files.exists(Path.of(file));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  private static Path abs(Path p) {
    return p.toAbsolutePath().normalize();
  }

  private Output open(List<Output> files, Path file, String format) {
    Output o = Output.open(file, format, attrib.stdout());
    files.add(o);
    return o;
  }

  /**
   * One line on what the comparison says for {@code image}: the best setting by each curve and the
   * fewest steps that make every baseline complete within {@link #DELTA_GOAL}.
   */
  static String conclusion(String image, List<ImageCompare.Row> all) {
    List<ImageCompare.Row> rows = all.stream().filter(r -> r.input().equals(image)).toList();
    ImageCompare.Row del = null;
    ImageCompare.Row ins = null;
    for (ImageCompare.Row r : rows) {
      if (!Double.isNaN(r.deletionAuc()) && (del == null || r.deletionAuc() < del.deletionAuc())) {
        del = r;
      }
      if (!Double.isNaN(r.insertionAuc())
          && (ins == null || r.insertionAuc() > ins.insertionAuc())) {
        ins = r;
      }
    }
    List<Integer> stepCounts = rows.stream().map(ImageCompare.Row::steps).distinct().toList();
    Integer enough = null;
    for (int n : stepCounts.stream().sorted().toList()) {
      if (rows.stream().filter(r -> r.steps() == n).allMatch(CompareCommand::meetsGoal)) {
        enough = n;
        break;
      }
    }
    String goal = String.format(Locale.ROOT, "%.0f%%", 100 * DELTA_GOAL);
    String complete;
    if (enough != null) {
      complete = "every baseline within " + goal + " delta at " + enough + " steps";
    } else {
      int most = stepCounts.stream().max(Integer::compare).orElseThrow();
      ImageCompare.Row worst =
          rows.stream()
              .filter(r -> r.steps() == most && !meetsGoal(r))
              .max(
                  (a, b) ->
                      Double.compare(
                          nanLast(Math.abs(a.relativeDelta())),
                          nanLast(Math.abs(b.relativeDelta()))))
              .orElseThrow();
      complete =
          String.format(
              Locale.ROOT,
              "no step count brings every baseline within %s delta (%s: %.2f%% at %d steps)",
              goal,
              worst.baseline(),
              100 * worst.relativeDelta(),
              most);
    }
    List<String> notNeutral =
        rows.stream()
            .filter(r -> completeness(r).smallBudget())
            .map(ImageCompare.Row::baseline)
            .distinct()
            .toList();
    if (!notNeutral.isEmpty()) {
      complete +=
          " ("
              + String.join(", ", notNeutral)
              + " scores like the input, not neutral: judged on the absolute delta)";
    }
    return Terminal.oneLine(
        image
            + ": lowest deletion AUC "
            + setting(del, del == null ? Double.NaN : del.deletionAuc())
            + "; highest insertion AUC "
            + setting(ins, ins == null ? Double.NaN : ins.insertionAuc())
            + "; "
            + complete);
  }

  private static Completeness completeness(ImageCompare.Row r) {
    double sum = r.delta() + (r.output() - r.baselineOutput());
    return new Completeness(r.output(), r.baselineOutput(), sum, r.delta(), r.relativeDelta());
  }

  /**
   * Within the goal, by the same rule as adaptive IG: relative to F(x) − F(x'), or, for a baseline
   * that scores like the input, absolute against the outputs (the relative delta divides by almost
   * nothing there).
   */
  static boolean meetsGoal(ImageCompare.Row r) {
    Completeness c = completeness(r);
    return c.holds(DELTA_GOAL) || (c.smallBudget() && c.absoluteHolds(DELTA_GOAL));
  }

  private static double nanLast(double v) {
    return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
  }

  private static String setting(ImageCompare.Row r, double value) {
    return r == null
        ? "none (undefined)"
        : String.format(Locale.ROOT, "%.4f (%s, %d steps)", value, r.baseline(), r.steps());
  }
}
