package dev.attrib.cli;

import dev.attrib.model.Manifest;
import dev.attrib.molecule.MoleculeEncoding;
import dev.attrib.molecule.MoleculeFeatures;
import dev.attrib.molecule.MoleculeGallery;
import dev.attrib.molecule.MoleculeModality;
import dev.attrib.molecule.MoleculeParser;
import dev.attrib.molecule.MoleculeReader;
import dev.attrib.molecule.MoleculeSpec;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Encoding;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Modality;
import dev.attrib.spi.Options;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code attrib molecule "O=C(O)c1ccccc1[N+](=O)[O-]" --svg out.svg}: which atoms and bonds drive a
 * predicted activity. Prints the summary (task, score, atoms/bonds split, completeness, top atoms)
 * and writes the coloured 2-D depiction. Batches come from {@code --input} files of SMILES ({@code
 * .smi}, {@code .csv}, {@code .tsv}) or SDF/MOL; unreadable records are reported at the end, naming
 * line, id and text, and the run goes on.
 *
 * <p>{@code --svg -} (or {@code --png -}, {@code --gallery -}) writes the picture to stdout; the
 * summary then goes to stderr.
 */
@Command(
    name = "molecule",
    sortOptions = false,
    description = "Explain a molecule model's prediction per atom and bond.")
final class MoleculeCommand extends AttributingCommand {

  @Option(
      names = "--task",
      paramLabel = "NAME|all",
      description = "The task to explain, or all of them (default: the predicted one).")
  String task;

  @Option(names = "--svg", paramLabel = "FILE", description = "Also write the depiction as SVG.")
  Path svg;

  @Option(names = "--png", paramLabel = "FILE", description = "Also write the depiction as PNG.")
  Path png;

  @Option(
      names = "--gallery",
      paramLabel = "FILE",
      description = "Also write an HTML gallery, one card per molecule (for batches).")
  Path gallery;

  @Option(names = "--atom-indices", description = "Show atom indices in the depiction.")
  boolean atomIndices;

  @Option(names = "--atom-values", description = "Show each atom's score in the depiction.")
  boolean atomValues;

  @Option(names = "--no-legend", description = "Leave the colour legend out of the depiction.")
  boolean noLegend;

  @Option(names = "--top", paramLabel = "N", description = "How many top atoms the summary lists.")
  Integer top;

  @Option(
      names = "--features",
      description =
          "Write the model's atom and bond features of each input instead of explaining it: JSON"
              + " Lines (default) or CSV (--format csv), to compare with RDKit or your own"
              + " featuriser.")
  boolean features;

  private final List<Explanation<MoleculeEncoding>> explained = new ArrayList<>();

  @Override
  public Integer call() {
    return features ? writeFeatures() : super.call();
  }

  /**
   * {@code --features}: the model's featurisation of each input, written whole (all or nothing) as
   * JSON Lines or CSV; the model's network is not loaded. Inputs that fail are reported at the end,
   * as in an attribution batch.
   */
  private int writeFeatures() {
    String format = opts.format == null ? "json" : opts.format.toLowerCase(Locale.ROOT);
    if (!format.equals("json") && !format.equals("csv")) {
      throw new AttribException("--features writes json or csv, not --format " + opts.format);
    }
    if (!sideFiles().isEmpty()) {
      throw new AttribException(
          "--features writes features, not pictures: leave out " + sideFiles().get(0).option());
    }
    Path dir = Batch.modelFolder(opts.model, "molecule", null);
    MoleculeSpec model = MoleculeSpec.of(Manifest.read(dir, new MoleculeModality().manifestKeys()));
    List<String> all = new ArrayList<>(inputs);
    List<String> ids = new ArrayList<>(java.util.Collections.nCopies(inputs.size(), ""));
    List<String> failures = new ArrayList<>();
    if (opts.input != null) {
      MoleculeReader.Batch batch = read(opts.input);
      for (MoleculeReader.Record r : batch.records()) {
        all.add(r.input());
        ids.add(r.id() == null ? "" : r.id());
      }
      batch.problems().forEach(p -> failures.add(p.message()));
    }
    int total = all.size() + failures.size();
    if (total == 0) {
      throw new AttribException("no input: give one or more SMILES or --input FILE");
    }
    PrintWriter err = spec.commandLine().getErr();
    Batch.requireSome(err, failures, total);
    List<MoleculeFeatures> done = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      try {
        done.add(MoleculeFeatures.of(all.get(i), ids.get(i), model.featurization()));
      } catch (AttribException e) {
        if (total == 1) {
          throw e;
        }
        failures.add("input " + (i + 1) + ": " + e.getMessage());
      }
    }
    Batch.requireSome(err, failures, total);
    StringBuilder text = new StringBuilder();
    if (format.equals("csv")) {
      text.append(MoleculeFeatures.csv(done));
    } else {
      done.forEach(f -> text.append(f.jsonLine()).append('\n'));
    }
    try (Output out = Output.open(opts.out, format, attrib.stdout())) {
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
      out.commit();
    }
    return Batch.report(err, failures, total);
  }

  @Override
  String modalityName() {
    return "molecule";
  }

  @Override
  Map<String, String> extraOptions() {
    Map<String, String> m = new LinkedHashMap<>();
    if (atomIndices) {
      m.put("atom-indices", "true");
    }
    if (atomValues) {
      m.put("atom-values", "true");
    }
    if (noLegend) {
      m.put("legend", "false");
    }
    if (top != null) {
      m.put("top", Integer.toString(top));
    }
    return m;
  }

  @Override
  Map<String, String> renderOptions() {
    return extraOptions();
  }

  /**
   * A depiction ({@code --svg}, {@code --png}) shows one molecule for one task; several molecules
   * or {@code --task all} go to a gallery, one card each. Checked before anything is computed; the
   * files themselves are checked as {@link #sideFiles} (one of them may be standard output).
   */
  @Override
  void check(int inputs) {
    if (task != null && opts.target != null) {
      throw new AttribException("give --task or --target, not both");
    }
    String option = svg != null ? "--svg" : png != null ? "--png" : null;
    if (option != null && (inputs > 1 || "all".equals(task))) {
      throw new AttribException(
          option
              + " depicts one molecule for one task, not "
              + (inputs > 1 ? inputs + " molecules" : "--task all")
              + "; use --gallery FILE.html for a card each");
    }
  }

  /**
   * {@code --task NAME} is the target; {@code --task all} asks the modality for one row per task
   * ({@link dev.attrib.molecule.MoleculeModality#targets}), so one explanation holds them all.
   */
  @Override
  String target() {
    return task != null ? task : opts.target;
  }

  @Override
  List<SideFile> sideFiles() {
    List<SideFile> files = new ArrayList<>();
    if (svg != null) {
      files.add(new SideFile("--svg", svg, "svg"));
    }
    if (png != null) {
      files.add(new SideFile("--png", png, "png"));
    }
    if (gallery != null) {
      files.add(new SideFile("--gallery", gallery, "html"));
    }
    return files;
  }

  /**
   * The molecules of a batch file ({@code -}: standard input, in the format it looks like); a
   * record is named in the output by its SMILES, or by its id when it is a MOL block.
   */
  @Override
  Batch.Read readInputs(Path file) {
    MoleculeReader.Batch batch = read(file);
    List<String> inputs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (MoleculeReader.Record r : batch.records()) {
      inputs.add(r.input());
      names.add(MoleculeParser.isMolBlock(r.input()) ? r.id() : r.input());
    }
    List<String> problems = batch.problems().stream().map(MoleculeReader.Problem::message).toList();
    return new Batch.Read(inputs, names, problems);
  }

  private MoleculeReader.Batch read(Path file) {
    return Batch.isStdin(file)
        ? MoleculeReader.read(Batch.bytes(file, attrib.stdin()), Batch.source(file), null)
        : MoleculeReader.read(file);
  }

  /** In a batch each summary starts with the molecule it is about, as an image's with its file. */
  @Override
  String label(String name) {
    return Terminal.oneLine(name) + ": ";
  }

  @Override
  <E extends Encoding> void after(
      Explanation<E> e, Modality<E> modality, Options renderOptions, int index, int total) {
    if (svg != null) {
      writeSide(svg, "svg", modality.renderer("svg").render(e, renderOptions));
    }
    if (png != null) {
      writeSide(png, "png", modality.renderer("png").render(e, renderOptions));
    }
    explained.add(e.as(MoleculeEncoding.class));
  }

  @Override
  void finish(Modality<?> modality, Options renderOptions) {
    if (gallery != null) {
      List<MoleculeReader.Problem> none = List.of();
      writeSide(
          gallery,
          "html",
          MoleculeGallery.page(explained, none, renderOptions).getBytes(StandardCharsets.UTF_8));
    }
  }

  private void writeSide(Path file, String format, byte[] bytes) {
    try (Output o = Output.open(file, format, attrib.stdout())) {
      o.write(bytes);
      o.commit();
    }
  }
}
