package dev.attrib.cli;

import dev.attrib.spi.AttribException;
import dev.attrib.text.translate.TranslationModality;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code attrib translate "good morning ladies and gentlemen"}: greedy translation, then the IG
 * attribution of every output piece to the source pieces (the IG paper's Figure 5), as a coloured
 * matrix, or one coloured copy of the source per output piece with {@code --by-output}; {@code
 * --words} shows words instead of word pieces.
 *
 * <p>The translation modality through the shared attributing command: the same format choice,
 * {@code --out}, batch files and checks as {@code attrib explain --model <translation folder>},
 * which gives the same output. Its own flags only set modality options: {@code --target-text T} is
 * {@code -o target-text=T} (force-decode T; in a batch file, write {@code source<TAB>target} per
 * line), {@code --words} is {@code -o words=true}, {@code --by-output} is {@code -o
 * view=by-output}.
 *
 * <p>Steps are adaptive by default here (translation networks need more steps, the paper says):
 * from 32 Gauss–Legendre steps, doubled until each row's relative completeness delta is at most 1%.
 * Giving {@code --steps} alone means fixed steps; {@code --tolerance} sets another bound.
 */
@Command(
    name = "translate",
    sortOptions = false,
    description = "Translate and attribute every output piece to the source pieces.")
final class TranslateCommand extends AttributingCommand {

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
      description =
          "Force-decode this translation and attribute each of its pieces (one source sentence;"
              + " in a batch file, write source<TAB>target per line).")
  String targetText;

  @Override
  String modalityName() {
    return TranslationModality.NAME;
  }

  @Override
  Map<String, String> extraOptions() {
    Map<String, String> m = new LinkedHashMap<>();
    if (targetText != null) {
      m.put(TranslationModality.TARGET_TEXT, targetText);
    }
    if (words) {
      m.put(TranslationModality.WORDS, "true");
    }
    return m;
  }

  @Override
  Map<String, String> renderOptions() {
    return byOutput ? Map.of("view", "by-output") : Map.of();
  }

  /** A forced translation belongs to one source sentence; a batch file forces per line. */
  @Override
  void check(int inputs) {
    if (targetText != null && (inputs != 1 || opts.input != null)) {
      throw new AttribException(
          "--target-text goes with exactly one source sentence; in a file, write"
              + " source<TAB>target per line");
    }
  }
}
