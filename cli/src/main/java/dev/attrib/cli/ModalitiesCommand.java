package dev.attrib.cli;

import dev.attrib.spi.Baseline;
import dev.attrib.spi.ModalityInfo;
import dev.attrib.spi.ModalityRegistry;
import dev.attrib.spi.PluginProblem;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code attrib modalities}: one line per modality (name, where it comes from, its baselines, its
 * description), sorted by name, then one warning on stderr per plugin jar that could not be used.
 *
 * <pre>
 * image      built-in   baselines: -   images (not implemented yet)
 * text       built-in   baselines: -   text classification and translation (not implemented yet)
 * </pre>
 *
 * <p>A broken plugin is a warning, not a failure: the command still lists what it could load and
 * exits 0, so one bad jar in a shared plugin folder does not hide the others.
 */
@Command(
    name = "modalities",
    description =
        "List the modalities of this build and of the plugin folders, with their baselines.")
final class ModalitiesCommand implements Callable<Integer> {

  @ParentCommand AttribCommand attrib;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ModalityRegistry registry = attrib.registry();
    List<ModalityInfo> infos = new ArrayList<>(registry.available());
    infos.sort(Comparator.comparing(ModalityInfo::name));
    List<String[]> rows = new ArrayList<>();
    for (ModalityInfo info : infos) {
      List<String> baselines = info.modality().baselines().stream().map(Baseline::name).toList();
      rows.add(
          new String[] {
            Terminal.sanitize(info.name()),
            Terminal.sanitize(source(info)),
            "baselines: "
                + (baselines.isEmpty() ? "-" : Terminal.sanitize(String.join(",", baselines))),
            Terminal.oneLine(info.modality().description())
          });
    }
    int[] width = new int[3];
    for (String[] r : rows) {
      for (int c = 0; c < width.length; c++) {
        width[c] = Math.max(width[c], r[c].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < width.length; c++) {
        line.append(r[c]).append(" ".repeat(width[c] - r[c].length() + 3));
      }
      out.println(line.append(r[3]).toString().stripTrailing());
    }
    if (rows.isEmpty()) {
      err.println("attrib: warning: no modality found (is the class path complete?)");
    }
    out.flush();
    for (PluginProblem p : registry.problems()) {
      err.println("attrib: warning: " + Terminal.oneLine(p.message()));
      if (attrib.verbose() && p.cause() != null) {
        p.cause().printStackTrace(err);
      }
    }
    err.flush();
    return Errors.OK;
  }

  /** "built-in", or the plugin jar's file name followed by its version when it has one. */
  private static String source(ModalityInfo info) {
    String version = info.version();
    // The registry says "-" when a jar's manifest has no Implementation-Version.
    if (info.source().equals("built-in") || version.isBlank() || version.equals("-")) {
      return info.source();
    }
    return info.source() + " " + version;
  }
}
