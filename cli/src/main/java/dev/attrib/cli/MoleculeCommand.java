package dev.attrib.cli;

import dev.attrib.molecule.MoleculeEncoding;
import dev.attrib.molecule.MoleculeGallery;
import dev.attrib.molecule.MoleculeParser;
import dev.attrib.molecule.MoleculeReader;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Encoding;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Modality;
import dev.attrib.spi.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

  private final List<Explanation<MoleculeEncoding>> explained = new ArrayList<>();

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
    MoleculeReader.Batch batch =
        Batch.isStdin(file)
            ? MoleculeReader.read(Batch.bytes(file, attrib.stdin()), Batch.source(file), null)
            : MoleculeReader.read(file);
    List<String> inputs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (MoleculeReader.Record r : batch.records()) {
      inputs.add(r.input());
      names.add(MoleculeParser.isMolBlock(r.input()) ? r.id() : r.input());
    }
    List<String> problems = batch.problems().stream().map(MoleculeReader.Problem::message).toList();
    return new Batch.Read(inputs, names, problems);
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
