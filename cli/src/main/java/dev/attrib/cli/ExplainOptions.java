package dev.attrib.cli;

import dev.attrib.ig.Methods;
import dev.attrib.ig.Quadrature;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Modality;
import dev.attrib.spi.Options;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The options every attributing command shares, with the same names everywhere (DESIGN.md, "CLI
 * conventions"). Mixed into {@code explain}, {@code text}, {@code molecule}, {@code image}, ...
 */
final class ExplainOptions extends RunOptions {

  @Option(
      names = "--method",
      paramLabel = "NAME",
      defaultValue = "ig",
      description =
          "ig, saliency, gradient-x-input, smoothgrad, smoothgrad-sq, vargrad, fast-ig"
              + " (default: ${DEFAULT-VALUE}).")
  String method;

  @Option(
      names = "--baseline",
      paramLabel = "NAME",
      description = "A baseline of the modality (default: its first; see 'attrib modalities').")
  String baseline;

  @Option(
      names = "--steps",
      paramLabel = "N",
      defaultValue = "50",
      description =
          "Fixed quadrature steps, at most 100000; with --tolerance, the first try. Default: the"
              + " modality's (${DEFAULT-VALUE}; images adaptive from 50, translation adaptive from"
              + " 32).")
  int steps;

  @Option(
      names = "--tolerance",
      paramLabel = "X",
      description =
          "Adaptive steps: double the steps until the relative completeness delta is at most X"
              + " (e.g. 0.01).")
  Double tolerance;

  @Option(
      names = "--max-steps",
      paramLabel = "N",
      defaultValue = "1024",
      description = "Ceiling of adaptive steps, at most 100000 (default: ${DEFAULT-VALUE}).")
  int maxSteps;

  @Option(
      names = "--noise-samples",
      paramLabel = "N",
      defaultValue = "25",
      description =
          "Noise-tunnel samples for smoothgrad, smoothgrad-sq, vargrad, at most 10000 (default:"
              + " ${DEFAULT-VALUE}).")
  int noiseSamples;

  @Option(
      names = "--noise-stdev",
      paramLabel = "X",
      defaultValue = "0.15",
      description = "Noise-tunnel standard deviation, as a fraction of the input's range.")
  double noiseStdev;

  @Option(
      names = "--smooth-over",
      paramLabel = "METHOD",
      defaultValue = "saliency",
      description = "The method a noise tunnel wraps (default: ${DEFAULT-VALUE}).")
  String smoothOver;

  @Option(
      names = "--format",
      paramLabel = "FMT",
      description =
          "Output format of the modality: ansi, plain, html, json, svg, png, ... (default: ansi on"
              + " a colour terminal, else plain; or from the --out file's extension).")
  String format;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description =
          "Write the output to FILE instead of stdout ('-': stdout). A file is replaced whole or"
              + " not at all, keeping its mode and hard links; links, devices and FIFOs are written"
              + " through.")
  Path out;

  @Option(
      names = "--input",
      paramLabel = "FILE",
      description =
          "Read inputs from FILE, one per line, - for standard input (batch; JSON Lines with"
              + " --format json).")
  Path input;

  @Option(
      names = {"-o", "--option"},
      paramLabel = "KEY=VALUE",
      description = "A modality option (repeatable), e.g. -o words=true.")
  Map<String, String> options = new LinkedHashMap<>();

  /**
   * Settings on top of a modality's defaults ({@link Modality#defaultConfig()}): its first steps
   * and tolerance hold unless the user gives {@code --steps} or {@code --tolerance}. {@code
   * --steps} alone means fixed steps, as asked; {@code --tolerance} alone starts from the
   * modality's steps.
   */
  ExplainSettings settings(Map<String, String> extra, CommandSpec command, Modality<?> modality) {
    boolean stepsGiven = command.commandLine().getParseResult().hasMatchedOption("--steps");
    Methods.Config d = modality.defaultConfig();
    int first = stepsGiven ? steps : d.steps();
    Double tol = tolerance != null ? tolerance : stepsGiven ? null : d.tolerance();
    return settings(extra, first, tol);
  }

  /** The settings with these first steps and tolerance; everything else from the options. */
  private ExplainSettings settings(Map<String, String> extra, int steps, Double tolerance) {
    if (steps < 1) {
      throw new AttribException("--steps must be at least 1, not " + steps);
    }
    Methods.Config config =
        Methods.config()
            .steps(steps)
            .quadrature(Quadrature.forName(quadrature))
            .tolerance(tolerance)
            .maxSteps(Math.max(maxSteps, steps))
            .batchSize(batchSize)
            .memoryBudget(
                memoryBudget != null ? memoryBudget : Methods.Config.defaults().memoryBudget())
            .noiseSamples(noiseSamples)
            .noiseStdev(noiseStdev)
            .seed(seed)
            .noiseOver(smoothOver)
            .build();
    Map<String, String> all = new LinkedHashMap<>(options);
    all.putAll(extra);
    return new ExplainSettings(method, config, baseline, target, on, Options.of(all));
  }
}
