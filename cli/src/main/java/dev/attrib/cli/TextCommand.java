package dev.attrib.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code attrib text "how many townships have a population above 50 ?"}: which word-pieces made the
 * classifier decide, coloured in the terminal (red positive, blue negative, grey neutral), with the
 * completeness report. Default model: the built-in question-type classifier.
 */
@Command(
    name = "text",
    sortOptions = false,
    description = "Explain a text classifier's prediction per word-piece (or word).")
final class TextCommand extends AttributingCommand {

  @Option(names = "--words", description = "Merge word-pieces into whole words (scores summed).")
  boolean words;

  @Override
  String modalityName() {
    return "text";
  }

  @Override
  Map<String, String> extraOptions() {
    return words ? Map.of("words", "true") : Map.of();
  }
}
