package dev.attrib.cli;

import ai.djl.Device;
import dev.attrib.fixtures.DemoModels;
import dev.attrib.model.Devices;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.Manifest;
import dev.attrib.model.ModelDoctor;
import dev.attrib.model.ModelLoader;
import dev.attrib.render.ColorDepth;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Encoding;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Modality;
import dev.attrib.spi.ModalityRegistry;
import dev.attrib.spi.Options;
import dev.attrib.spi.PluginProblem;
import dev.attrib.spi.Renderer;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every attributing command does: find the modality and the model folder, read the inputs,
 * explain each through the shared {@link Explainer} (one explanation per input, with a row per
 * target: a translation's output pieces, a molecule's tasks with {@code --task all}), render the
 * whole explanation and write it. Subcommands only say which modality, which default model, and
 * which extra modality and render options their own flags add.
 *
 * <p>Batches ({@code --input FILE} or several inputs) go on past a bad input and list the failures
 * at the end (exit 2); a single bad input fails at once. Output files are written as {@link Output}
 * says: whole or not at all, through symbolic links, into devices and FIFOs, {@code -} for stdout.
 * A binary format (PNG) written to a file comes with the text summary on stdout beside it.
 *
 * <p>Standard output carries one result. When a file option names it ({@code --out -}, {@code --svg
 * -}, {@code /dev/stdout}), what would otherwise be printed there moves to stderr: the summary
 * beside a picture, or the plain/ANSI result of a side file's command; a JSON or HTML result cannot
 * move to stderr and then needs {@code --out FILE}. Two options naming stdout are an error.
 */
abstract class AttributingCommand implements Callable<Integer> {

  @ParentCommand AttribCommand attrib;

  @Spec CommandSpec spec;

  /** The explainer and settings of the running command, for hooks that explain more. */
  Explainer<?> explainer;

  ExplainSettings settings;

  @Mixin ExplainOptions opts;

  @Parameters(paramLabel = "INPUT", arity = "0..*", description = "Inputs to explain.")
  List<String> inputs = new ArrayList<>();

  /** The modality, or null to take it from the model folder's manifest. */
  abstract String modalityName();

  /** Modality options the subcommand's own flags add (e.g. {@code words=true}). */
  Map<String, String> extraOptions() {
    return Map.of();
  }

  /** Render options the subcommand adds. */
  Map<String, String> renderOptions() {
    return Map.of();
  }

  /**
   * The target of the settings: {@code --target} (null: the modality's default, e.g. the predicted
   * class); a subcommand with its own name for it ({@code molecule --task}) says so.
   */
  String target() {
    return opts.target;
  }

  /** The inputs named on the command line as the modality reads them (e.g. a folder's images). */
  List<String> expand(List<String> inputs) {
    return inputs;
  }

  /** Reads a batch file ({@code -}: standard input): one input per line, blank lines skipped. */
  Batch.Read readInputs(Path file) {
    return Batch.lines(file, attrib.stdin());
  }

  /**
   * What starts an input's text line in a batch, so each line says which input it is, given the
   * input's name (the input itself, or what the batch file called it); by default nothing (a text
   * line shows its input itself).
   */
  String label(String name) {
    return "";
  }

  /**
   * Checks the subcommand's own options against each other and the number of inputs, and that its
   * output files and folders can be written: called before the model is loaded, so a bad
   * combination costs nothing.
   */
  void check(int inputs) {}

  /** Renders one explanation; a subcommand may add to the picture (e.g. a second attribution). */
  <E extends Encoding> byte[] render(Renderer<E> renderer, Explanation<E> e, Options options) {
    return renderer.render(e, options);
  }

  /** A file a subcommand writes besides {@code --out}, e.g. {@code --svg FILE}. */
  record SideFile(String option, Path path, String format) {}

  /** The side files given on the command line, to check before any work; default none. */
  List<SideFile> sideFiles() {
    return List.of();
  }

  /** Called once per successful explanation, e.g. to write a side file; default nothing. */
  <E extends Encoding> void after(
      Explanation<E> e, Modality<E> modality, Options renderOptions, int index, int total) {}

  /** Called once after a batch with at least one success, e.g. to write a gallery. */
  void finish(Modality<?> modality, Options renderOptions) {}

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    ModalityRegistry registry = attrib.registry();
    for (PluginProblem p : registry.problems()) {
      err.println("attrib: warning: " + Terminal.oneLine(p.message()));
      if (attrib.verbose() && p.cause() != null) {
        p.cause().printStackTrace(err);
      }
    }
    Path dir = opts.model;
    String wanted = modalityName();
    if (dir == null) {
      if (wanted == null) {
        throw new AttribException("give the model folder with --model DIR");
      }
      dir = DemoModels.forModality(wanted);
    }
    String declared = Manifest.peekModality(dir);
    if (wanted != null && !wanted.equals(declared)) {
      throw new AttribException(
          dir
              + ": the model is for modality '"
              + declared
              + "', not "
              + wanted
              + "; use 'attrib explain --model "
              + dir
              + "'");
    }
    return run(registry.forName(declared), dir, declared, err);
  }

  /** The rest of {@link #call}, with the modality's encoding type known. */
  private <E extends Encoding> Integer run(
      Modality<E> modality, Path dir, String declared, PrintWriter err) {
    ModalityRegistry registry = attrib.registry();
    // Everything that can be checked is checked before the model loads or any input is explained:
    // settings, formats, option combinations, output files and folders, the batch file.
    ExplainSettings settings = opts.settings(extraOptions(), spec, modality).withTarget(target());
    Explainer.check(modality, settings);
    Device device = Devices.parse(opts.device);
    String format = format(modality);
    Renderer<E> renderer = modality.renderer(format);
    Options renderOpts = renderOptions(format);
    List<String> all = new ArrayList<>(expand(inputs));
    List<String> names = new ArrayList<>(all);
    List<String> failures = new ArrayList<>();
    if (opts.input != null) {
      Batch.Read read = readInputs(opts.input);
      all.addAll(read.inputs());
      for (int i = 0; i < read.inputs().size(); i++) {
        String n = read.names().get(i);
        names.add(n != null ? n : read.inputs().get(i));
      }
      failures.addAll(read.problems());
    }
    int total = all.size() + failures.size();
    if (total == 0) {
      throw new AttribException("no input: give one or more INPUTs or --input FILE");
    }
    // A batch file none of whose lines could be read is a batch whose inputs all failed.
    Batch.requireSome(err, failures, total);
    boolean batch = all.size() > 1 || opts.input != null;
    if (batch && binary(format)) {
      throw new AttribException(
          format + " output holds one input; explain one input at a time, or use --format html");
    }
    check(all.size());
    // The output files: at most one on standard output, no two the same file, and each one
    // writable. Side files are probed now and written after the work; --out is opened below.
    Map<String, Path> files = new LinkedHashMap<>();
    files.put("--out", opts.out);
    for (SideFile f : sideFiles()) {
      files.put(f.option(), f.path());
    }
    String onStdout = Output.stdoutOption(files);
    Batch.requireDistinct(files);
    for (SideFile f : sideFiles()) {
      Batch.requireWritable(f.path(), f.option(), f.format(), attrib.stdout());
    }
    boolean mainToStderr = onStdout != null && opts.out == null;
    if (mainToStderr && !format.equals("plain") && !format.equals("ansi")) {
      throw new AttribException(
          onStdout + " writes to standard output; give --out FILE for the " + format + " output");
    }
    // A picture written to --out leaves the terminal free: the summary goes there, as for
    // molecule --svg, so one run gives both the number and the picture. When stdout carries a
    // file's bytes, the summary goes to stderr instead, plain, as it is no longer on the terminal.
    PrintWriter summaryTo = onStdout == null ? spec.commandLine().getOut() : err;
    String summaryFormat = binary(format) ? summaryFormat(modality, onStdout == null) : null;
    Renderer<E> summary = summaryFormat == null ? null : modality.renderer(summaryFormat);
    Options summaryOpts = summaryFormat == null ? null : renderOptions(summaryFormat);
    // The output first: a path that cannot be written fails before a model is loaded.
    try (Output out =
            Output.open(opts.out, format, mainToStderr ? attrib.stderr() : attrib.stdout());
        LoadedModel model =
            ModelLoader.load(
                dir, modality.manifestKeys(), device, registry.classLoader(declared))) {
      // What 'attrib check' finds cheaply (a leaking mask, an embedding that is not there) is
      // said as warnings now, before the first input.
      ModelDoctor.warnAtLoad(modality, model);
      Explainer<E> typed = new Explainer<>(modality, model);
      explainer = typed;
      this.settings = settings;
      typed.checkTarget(settings); // a bad --target fails once, now, not once per input
      List<byte[]> shown = new ArrayList<>();
      try (Progress progress = attrib.progress(err, spec.name(), all.size())) {
        List<Explainer.Outcome<E>> chunk = List.of();
        int chunkStart = 0;
        ChunkSize size = new ChunkSize();
        for (int i = 0; i < all.size(); i++) {
          progress.step(i);
          if (i == chunkStart + chunk.size()) {
            // Inputs are explained a chunk at a time, so short ones share engine batches
            // (Explainer.explainAll); each is then rendered and written as before, in order.
            chunkStart = i;
            List<String> inputs = all.subList(i, Math.min(all.size(), i + size.next()));
            long started = System.nanoTime();
            chunk =
                inputs.size() == 1
                    ? List.of(one(typed, inputs.get(0), settings))
                    : typed.explainAll(inputs, settings);
            size.took(inputs.size(), System.nanoTime() - started);
          }
          Explainer.Outcome<E> outcome = chunk.get(i - chunkStart);
          try {
            if (outcome.failure() != null) {
              throw outcome.failure();
            }
            // One explanation per input, every target a row of it: the renderer shows them all.
            Explanation<E> e = outcome.explanation();
            byte[] bytes = render(renderer, e, renderOpts);
            // The result may go to the terminal the bar is on: the bar leaves its line first.
            progress.clear();
            if (batch && (format.equals("plain") || format.equals("ansi"))) {
              out.write(label(names.get(i)).getBytes(StandardCharsets.UTF_8));
            }
            out.write(bytes);
            if (bytes.length > 0 && bytes[bytes.length - 1] != '\n' && !binary(format)) {
              out.write(new byte[] {'\n'});
            }
            if (summary != null) {
              shown.add(summary.render(e, summaryOpts));
            }
            after(e, modality, renderOpts, i, all.size());
          } catch (AttribException ex) {
            if (!batch) {
              throw ex;
            }
            failures.add(
                "input " + (i + 1) + " (" + shorten(names.get(i)) + "): " + ex.getMessage());
          }
        }
      }
      Batch.requireSome(err, failures, total);
      out.commit();
      for (byte[] b : shown) {
        String text = new String(b, StandardCharsets.UTF_8);
        summaryTo.print(text.endsWith("\n") ? text : text + "\n");
      }
      summaryTo.flush();
      finish(modality, renderOpts);
      return Batch.report(err, failures, total);
    }
  }

  /**
   * The most inputs explained together ({@link Explainer#explainAll}): enough that questions or
   * molecules of one length or size share batches (bench/README.md, "TorchScript text CNN"), few
   * enough that a chunk's explanations (an image's are a few MB) stay small.
   */
  static final int CHUNK = 64;

  /**
   * About how long one chunk may take, so results and the progress bar move at least this often.
   */
  static final long CHUNK_NANOS = 500_000_000L;

  /**
   * How many inputs the next chunk takes: 4 first, then as many as the last chunk's time per input
   * says fit in {@link #CHUNK_NANOS}, from 1 to {@link #CHUNK}. Short inputs (questions at a few
   * ms) reach 64 at once; slow ones (an image at a second) go one at a time, where a shared batch
   * gains little and a chunk of 64 would show nothing for a minute.
   */
  static final class ChunkSize {
    private int next = 4;

    int next() {
      return next;
    }

    void took(int inputs, long nanos) {
      long perInput = Math.max(1, nanos / Math.max(1, inputs));
      next = (int) Math.max(1, Math.min(CHUNK, CHUNK_NANOS / perInput));
    }
  }

  /** One input alone, as {@link Explainer#explain}: the reference a batch equals to round-off. */
  private static <E extends Encoding> Explainer.Outcome<E> one(
      Explainer<E> explainer, String input, ExplainSettings settings) {
    try {
      return new Explainer.Outcome<>(input, explainer.explain(input, settings), null);
    } catch (AttribException e) {
      return new Explainer.Outcome<>(input, null, e);
    }
  }

  private static String shorten(String s) {
    String one = Terminal.oneLine(s);
    return one.length() > 60 ? one.substring(0, 57) + "..." : one;
  }

  static boolean binary(String format) {
    return Output.binary(format);
  }

  /**
   * --format; else from --out's name ({@link Output#formatFromName}: a name asking for a format the
   * modality lacks, as {@code --out x.png} for text, is an error, not a text file named x.png);
   * else ansi on a colour terminal (no --out, or --out naming stdout), else plain.
   */
  String format(Modality<?> modality) {
    if (opts.format != null) {
      return opts.format.toLowerCase(Locale.ROOT);
    }
    List<String> have = modality.formats();
    String named =
        opts.out == null
            ? null
            : Output.formatFromName(opts.out, have, "modality " + modality.name());
    if (named != null) {
      return named;
    }
    boolean toStdout = opts.out == null || Output.namesStdout(opts.out);
    if (have.contains("ansi")
        && (toStdout
            ? attrib.stdoutColors(spec.commandLine()) != ColorDepth.NONE
            : attrib.colorMode(spec.commandLine()) == ColorChoice.Mode.ALWAYS)) {
      return "ansi";
    }
    if (have.contains("plain")) {
      return "plain";
    }
    if (have.isEmpty()) {
      throw new AttribException("modality " + modality.name() + " has no renderers");
    }
    return have.get(0);
  }

  /**
   * The text format shown next to a binary file: ansi when stdout gets colour ({@code colour} false
   * when the summary goes to stderr, which gets colour only with {@code --color=always}), else
   * plain.
   */
  private String summaryFormat(Modality<?> modality, boolean colour) {
    List<String> have = modality.formats();
    boolean coloured =
        colour
            ? attrib.stdoutColors(spec.commandLine()) != ColorDepth.NONE
            : attrib.colorMode(spec.commandLine()) == ColorChoice.Mode.ALWAYS;
    if (coloured && have.contains("ansi")) {
      return "ansi";
    }
    return have.contains("plain") ? "plain" : null;
  }

  /**
   * The render options: the user's {@code -o} options, and for ANSI the colour depth the CLI
   * decided ({@link AttribCommand#ansiColors}) unless {@code -o color=...} names one.
   */
  private Options renderOptions(String format) {
    Map<String, String> m = new LinkedHashMap<>(opts.options);
    if (format.equals("ansi")) {
      m.putIfAbsent(ColorDepth.OPTION, attrib.ansiColors(spec.commandLine()).id());
    }
    m.putAll(renderOptions());
    return Options.of(m);
  }
}
