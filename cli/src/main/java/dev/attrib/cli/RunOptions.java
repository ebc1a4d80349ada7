package dev.attrib.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of any command that runs a model on inputs: which model, where, which output and the
 * settings every method shares. {@link ExplainOptions} adds the attribution method's own; {@code
 * compare} mixes these in alone, since it runs lists of steps and baselines.
 */
class RunOptions {

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description = "Model folder (attrib.json + network). Default: the built-in demo model.")
  Path model;

  @Option(
      names = "--target",
      paramLabel = "LABEL|INDEX",
      description = "The output to explain (default: the predicted class).")
  String target;

  @Option(
      names = "--on",
      paramLabel = "probability|logit",
      defaultValue = "probability",
      description = "Explain the probability (the manifest's activation) or the raw logit.")
  String on;

  @Option(
      names = "--quadrature",
      paramLabel = "RULE",
      defaultValue = "gausslegendre",
      description =
          "gausslegendre, riemann-left, riemann-right, riemann-middle, riemann-trapezoid"
              + " (default: ${DEFAULT-VALUE}).")
  String quadrature;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Path points per forward/backward (default: from the memory budget).")
  Integer batchSize;

  @Option(
      names = "--memory-budget",
      paramLabel = "SIZE",
      converter = MemorySize.class,
      description =
          "What one batch may add to resident memory, e.g. 256M, 2G (default: 512M); with a point's"
              + " footprint measured once per model, it sets the batch size.")
  Long memoryBudget;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "0",
      description = "Seed for random baselines and noise (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--device",
      paramLabel = "cpu|gpu[:N]",
      defaultValue = "cpu",
      description = "Where to run the model (default: ${DEFAULT-VALUE}).")
  String device;
}
