package dev.attrib.cli;

import ai.djl.Device;
import dev.attrib.ig.Completeness;
import dev.attrib.ig.EngineThreads;
import dev.attrib.ig.SelfCheck;
import dev.attrib.model.Devices;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code attrib selfcheck}: runs the core's built-in checks ({@link SelfCheck#run}) on a device and
 * prints one table row per check, with its completeness report.
 *
 * <p>Exit code 0 when every check passed, 1 otherwise, so it can gate a CI job or a new GPU box.
 * The numbers are printed in full precision ({@code %.6g}, deltas {@code %.2e}) because the point
 * of the command is to see how close completeness comes, not only whether it passed.
 */
@Command(
    name = "selfcheck",
    description =
        "Check the attribution core on this machine: IG completeness on known functions and"
            + " small networks, per method and quadrature, and whether the engine gives an input"
            + " in a batch the gradient it gives it alone.")
final class SelfCheckCommand implements Callable<Integer> {

  @Option(
      names = "--device",
      paramLabel = "cpu|gpu|gpu:N",
      defaultValue = "cpu",
      description = "Where to run (default: ${DEFAULT-VALUE}).")
  String device;

  @Spec CommandSpec spec;

  private static final String[] HEADER = {
    "check",
    "method",
    "quadrature",
    "steps",
    "F(x)",
    "F(x')",
    "sum",
    "delta",
    "relative delta",
    "result"
  };

  /** Columns holding numbers are right-aligned. */
  private static final boolean[] NUMERIC = {
    false, false, false, true, true, true, true, true, true, false
  };

  @Override
  public Integer call() {
    Device d = Devices.parse(device);
    SelfCheck.Report report = SelfCheck.run(d);
    PrintWriter out = spec.commandLine().getOut();
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    List<String> details = new ArrayList<>();
    int passed = 0;
    for (SelfCheck.Row r : report.rows()) {
      Completeness c = r.completeness();
      rows.add(
          new String[] {
            Terminal.sanitize(r.check()),
            Terminal.sanitize(r.method()),
            r.quadrature() == null ? "-" : Terminal.sanitize(r.quadrature()),
            r.steps() > 0 ? Integer.toString(r.steps()) : "-",
            c == null ? "-" : fmt("%.6g", c.output()),
            c == null ? "-" : fmt("%.6g", c.baselineOutput()),
            c == null ? "-" : fmt("%.6g", c.sum()),
            c == null ? "-" : fmt("%.2e", c.delta()),
            c == null ? "-" : fmt("%.2e", c.relativeDelta()),
            r.passed() ? "PASS" : "FAIL"
          });
      if (r.passed()) {
        passed++;
      }
      // The engine rows have no completeness report to show in the table: their number (how far a
      // batched gradient is from a single one) is printed below it, pass or fail.
      if (!r.passed() || r.completeness() == null) {
        String detail = r.detail() == null || r.detail().isBlank() ? "failed" : r.detail();
        details.add(
            Terminal.sanitize(r.check())
                + ": "
                + Terminal.oneLine(detail)
                + fmt(" (tolerance %.1e)", r.tolerance()));
      }
    }
    printTable(out, rows);
    for (String detail : details) {
      out.println("  " + detail);
    }
    int total = report.rows().size();
    out.printf(
        Locale.ROOT,
        "%s: %d of %d checks passed on %s (PyTorch threads: %d intra-op, %d inter-op)%n",
        report.passed() ? "PASS" : "FAIL",
        passed,
        total,
        Terminal.sanitize(device),
        EngineThreads.intraOp(),
        EngineThreads.interOp());
    out.flush();
    return report.passed() ? Errors.OK : Errors.RUNTIME;
  }

  private static void printTable(PrintWriter out, List<String[]> rows) {
    int[] width = new int[HEADER.length];
    for (String[] r : rows) {
      for (int c = 0; c < width.length; c++) {
        width[c] = Math.max(width[c], r[c].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < width.length; c++) {
        String pad = " ".repeat(width[c] - r[c].length());
        line.append(NUMERIC[c] ? pad + r[c] : r[c] + pad).append("  ");
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String fmt(String format, double v) {
    return String.format(Locale.ROOT, format, v);
  }
}
