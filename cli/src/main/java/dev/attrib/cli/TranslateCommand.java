package dev.attrib.cli;

import ai.djl.Device;
import dev.attrib.ig.Methods;
import dev.attrib.model.Devices;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelLoader;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Modality;
import dev.attrib.spi.ModalityRegistry;
import dev.attrib.spi.Options;
import dev.attrib.text.translate.BatchItem;
import dev.attrib.text.translate.Translation;
import dev.attrib.text.translate.TranslationExplainer;
import dev.attrib.text.translate.TranslationRenderers;
import dev.attrib.text.translate.TranslationRequest;
import dev.attrib.text.translate.TranslationWords;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * {@code attrib translate "good morning ladies and gentlemen"}: greedy translation, then the IG
 * attribution of every output piece to the source pieces (the IG paper's Figure 5), as a coloured
 * matrix, or one coloured copy of the source per output piece with {@code --by-output}; {@code
 * --words} shows words instead of word pieces ({@link TranslationWords}).
 *
 * <p>Steps are adaptive by default here (translation networks need more steps, the paper says):
 * from 32 Gauss–Legendre steps, doubled until each row's relative completeness delta is at most 1%.
 * Giving {@code --steps} alone means fixed steps; {@code --tolerance} sets another bound.
 */
@Command(
    name = "translate",
    sortOptions = false,
    description = "Translate and attribute every output piece to the source pieces.")
final class TranslateCommand implements Callable<Integer> {

  @ParentCommand AttribCommand attrib;

  @Spec CommandSpec spec;

  @Mixin ExplainOptions opts;

  @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Source sentences.")
  List<String> inputs = new ArrayList<>();

  @Option(
      names = "--by-output",
      description = "One coloured copy of the source per output piece, instead of the matrix.")
  boolean byOutput;

  @Option(
      names = "--words",
      description =
          "Merge word pieces into words: a source word's scores are its pieces' summed, an output"
              + " word's row is its first piece's.")
  boolean words;

  @Option(
      names = "--target-text",
      paramLabel = "TEXT",
      description = "Force-decode this translation and attribute each of its pieces.")
  String targetText;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (opts.target != null) {
      throw new AttribException(
          "--target does not apply to translation; use --target-text to attribute a given"
              + " translation");
    }
    ModalityRegistry registry = attrib.registry();
    Path dir = Batch.modelFolder(opts.model, "translation", null);
    Modality modality = registry.forName("translation");
    // Checked before the model loads: the settings (steps within the core's bounds) and method.
    ExplainSettings settings = opts.settings(Map.of(), spec, modality);
    Methods.forName(settings.method(), settings.config());
    List<TranslationRequest> requests = new ArrayList<>();
    for (String in : inputs) {
      requests.add(
          targetText == null ? TranslationRequest.of(in) : TranslationRequest.of(in, targetText));
    }
    List<String> failures = new ArrayList<>();
    if (opts.input != null) {
      Batch.Read read = Batch.lines(opts.input, attrib.stdin());
      read.inputs().forEach(l -> requests.add(TranslationRequest.parseLine(l)));
      failures.addAll(read.problems());
    }
    int total = requests.size() + failures.size();
    if (total == 0) {
      throw new AttribException("no input: give one or more TEXTs or --input FILE");
    }
    Batch.requireSome(err, failures, total);
    if (targetText != null && requests.size() != 1) {
      throw new AttribException(
          "--target-text goes with exactly one source sentence; in a file, write"
              + " source<TAB>target per line");
    }
    String format = format();
    if (!TranslationRenderers.FORMATS.contains(format)) {
      throw new AttribException(
          "unknown format '"
              + format
              + "' for translation; available: "
              + String.join(", ", TranslationRenderers.FORMATS));
    }
    Map<String, String> render = new LinkedHashMap<>(opts.options);
    if (byOutput) {
      render.put("view", "by-output");
    }
    if (format.equals("ansi")) {
      render.putIfAbsent("color", Terminal.colorDepth(attrib.env()));
    }
    Device device = Devices.parse(opts.device);
    // The output first: a path that cannot be written fails before a model is loaded.
    try (Output out = Output.open(opts.out, format, attrib.stdout());
        LoadedModel model =
            ModelLoader.load(
                dir, modality.manifestKeys(), device, registry.classLoader("translation"))) {
      TranslationExplainer explainer = new TranslationExplainer(model);
      Progress progress = new Progress(err, requests.size(), System.console() != null);
      List<BatchItem> items = explainer.explainAll(requests, settings, progress::step);
      progress.done();
      for (BatchItem item : items) {
        if (!item.ok()) {
          if (total == 1) {
            throw item.error();
          }
          failures.add("input " + (item.index() + 1) + ": " + item.error().getMessage());
          continue;
        }
        Translation t = words ? TranslationWords.merge(item.translation()) : item.translation();
        byte[] bytes = TranslationRenderers.render(format, t, Options.of(render));
        out.write(bytes);
        if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
          out.write(new byte[] {'\n'});
        }
      }
      Batch.requireSome(err, failures, total);
      out.commit();
      return Batch.report(err, failures, total);
    }
  }

  /**
   * --format; else from --out's name, as for the attributing commands ({@code --out x.png} is an
   * error: translation has no PNG); else plain for a file, ansi on a colour terminal.
   */
  private String format() {
    if (opts.format != null) {
      return opts.format.toLowerCase(Locale.ROOT);
    }
    String named =
        opts.out == null
            ? null
            : Output.formatFromName(opts.out, TranslationRenderers.FORMATS, "translation");
    if (named != null) {
      return named;
    }
    boolean toTerminal = opts.out == null || Output.namesStdout(opts.out);
    return toTerminal && Terminal.colorAllowed(attrib.env(), opts.noColor) ? "ansi" : "plain";
  }
}
