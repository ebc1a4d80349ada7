package dev.attrib.cli;

import dev.attrib.model.LoadedModel;
import dev.attrib.molecule.MoleculeGallery;
import dev.attrib.molecule.MoleculeReader;
import dev.attrib.spi.AttribException;
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

  private final List<String> problems = new ArrayList<>();
  private final List<Explanation> explained = new ArrayList<>();

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

  @Override
  List<String> targets(LoadedModel model) {
    if (task != null && opts.target != null) {
      throw new AttribException("give --task or --target, not both");
    }
    List<String> out = new ArrayList<>();
    if ("all".equals(task)) {
      out.addAll(model.manifest().labels());
    } else {
      out.add(task != null ? task : opts.target);
    }
    return out;
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

  @Override
  List<String> readInputs(Path file) {
    MoleculeReader.Batch batch = MoleculeReader.read(file);
    for (MoleculeReader.Problem p : batch.problems()) {
      problems.add(p.message());
    }
    return batch.records().stream().map(MoleculeReader.Record::input).toList();
  }

  @Override
  List<String> readProblems() {
    return problems;
  }

  @Override
  void after(Explanation e, Modality modality, Options renderOptions, int index, int total) {
    if ((svg != null || png != null) && total > 1) {
      throw new AttribException("--svg and --png take one molecule; use --gallery for a batch");
    }
    if (svg != null) {
      writeSide(svg, "svg", modality.renderer("svg").render(e, renderOptions));
    }
    if (png != null) {
      writeSide(png, "png", modality.renderer("png").render(e, renderOptions));
    }
    explained.add(e);
  }

  @Override
  void finish(Modality modality, Options renderOptions) {
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
