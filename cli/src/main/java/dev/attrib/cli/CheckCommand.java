package dev.attrib.cli;

import ai.djl.Device;
import dev.attrib.fixtures.DemoModels;
import dev.attrib.model.Devices;
import dev.attrib.model.ModelDoctor;
import dev.attrib.model.ModelWarnings;
import dev.attrib.render.ColorDepth;
import dev.attrib.spi.ModelCheck;
import dev.attrib.spi.Options;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fusesource.jansi.Ansi;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code attrib check --model DIR [INPUT]}: the model doctor. Prints one line per check of {@link
 * ModelDoctor} — {@code PASS}, {@code FAIL} or {@code SKIP}, the check's name, what was found and,
 * on a failure, what to do — then a summary line.
 *
 * <pre>
 * $ attrib check --model my-model
 * PASS  manifest     my-model/attrib.json: modality text, torchscript model.pt, 2 labels
 * ...
 * FAIL  padding      3 padded positions (attention_mask 0, ...) change the output by 0.38 ...
 * FAIL: 1 of 11 checks failed (my-model, text)
 * </pre>
 *
 * <p>Exit code 0 when no check failed, 1 otherwise (as {@code attrib selfcheck}); a problem with
 * the folder is a failed check, not an error. {@code PASS}/{@code FAIL} are coloured when standard
 * output is a terminal (and {@code --color} allows).
 */
@Command(
    name = "check",
    description =
        "Check a model folder: manifest, network, forward signature, output vs labels, embedding,"
            + " gradients, padding, IG completeness, engine; one line each with what to do.")
final class CheckCommand implements Callable<Integer> {

  @ParentCommand AttribCommand attrib;

  @Spec CommandSpec spec;

  static final class Which {
    @Option(names = "--model", paramLabel = "DIR", description = "The model folder to check.")
    Path model;

    @Option(
        names = "--demo",
        paramLabel = "MODALITY",
        description =
            "Check the built-in demo model of MODALITY (text, image, molecule,"
                + " translation) instead.")
    String demo;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Which which;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "INPUT",
      description =
          "An input to attribute, as the modality's commands take it (default: the modality's"
              + " sample).")
  String input;

  @Option(
      names = "--device",
      paramLabel = "cpu|gpu|gpu:N",
      defaultValue = "cpu",
      description = "Where to run (default: ${DEFAULT-VALUE}).")
  String device;

  @Override
  public Integer call() {
    Device d = Devices.parse(device);
    Path dir = which.model != null ? which.model : DemoModels.forModality(which.demo);
    ModelDoctor.Report report = ModelDoctor.examine(dir, attrib.registry(), d, input, Options.NONE);
    // What loading found cheaply (e.g. a no_grad trace) is in the report's lines, with more.
    ModelWarnings.take();
    PrintWriter out = spec.commandLine().getOut();
    boolean colour = attrib.stdoutColors(spec.commandLine()) != ColorDepth.NONE;
    int width = 0;
    for (ModelCheck c : report.checks()) {
      width = Math.max(width, c.name().length());
    }
    int failed = 0;
    for (ModelCheck c : report.checks()) {
      if (c.failed()) {
        failed++;
      }
      String name = Terminal.sanitize(c.name());
      out.println(
          status(c.status(), colour)
              + "  "
              + name
              + " ".repeat(Math.max(0, width - name.length()))
              + "  "
              + Terminal.oneLine(c.message()));
    }
    int total = report.checks().size();
    String where =
        Terminal.sanitize(dir.toString())
            + (report.modality() == null ? "" : ", " + Terminal.sanitize(report.modality()));
    if (report.passed()) {
      out.printf(
          Locale.ROOT,
          "%s: no check failed (%d passed of %d; %s)%n",
          status(ModelCheck.Status.PASS, colour),
          total - skipped(report),
          total,
          where);
    } else {
      out.printf(
          Locale.ROOT,
          "%s: %d of %d checks failed (%s)%n",
          status(ModelCheck.Status.FAIL, colour),
          failed,
          total,
          where);
    }
    out.flush();
    return report.passed() ? Errors.OK : Errors.RUNTIME;
  }

  private static int skipped(ModelDoctor.Report r) {
    return (int) r.checks().stream().filter(c -> c.status() == ModelCheck.Status.SKIP).count();
  }

  private static String status(ModelCheck.Status s, boolean colour) {
    String text = s.name();
    if (!colour) {
      return text;
    }
    Ansi a = Ansi.ansi().bold();
    a =
        switch (s) {
          case PASS -> a.fgGreen();
          case FAIL -> a.fgRed();
          case SKIP -> a.fgBrightBlack();
        };
    return a.a(text).reset().toString();
  }
}
