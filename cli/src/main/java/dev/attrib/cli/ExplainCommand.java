package dev.attrib.cli;

import picocli.CommandLine.Command;

/**
 * {@code attrib explain --model DIR INPUT...}: any modality, built in or from a plugin, taken from
 * the model folder's manifest, with the common options.
 *
 * <pre>
 * attrib explain --model ecg-model/ record.csv --format json
 * </pre>
 */
@Command(
    name = "explain",
    sortOptions = false,
    description =
        "Explain inputs for any modality; the modality comes from the model folder's attrib.json.")
final class ExplainCommand extends AttributingCommand {
  @Override
  String modalityName() {
    return null;
  }
}
