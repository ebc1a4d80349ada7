package dev.attrib.text.translate;

import java.util.Objects;

/**
 * One input of a batch: a source sentence, and optionally the target sentence to force.
 *
 * <pre>{@code
 * TranslationRequest.of("good morning");                          // greedy decoding
 * TranslationRequest.of("good morning", "guten morgen");          // forced decoding
 * TranslationRequest.parseLine("good morning\tguten morgen");     // a batch file line
 * }</pre>
 *
 * @param source the text to translate
 * @param targetText the translation to attribute (forced decoding), or null to decode greedily
 */
public record TranslationRequest(String source, String targetText) {
  public TranslationRequest {
    Objects.requireNonNull(source, "source");
  }

  public static TranslationRequest of(String source) {
    return new TranslationRequest(source, null);
  }

  public static TranslationRequest of(String source, String targetText) {
    return new TranslationRequest(source, targetText);
  }

  /**
   * A line of a batch file: the source, or the source, a tab, and the target text to force. A line
   * without a tab, or with nothing after it, is decoded greedily.
   */
  public static TranslationRequest parseLine(String line) {
    int tab = line.indexOf('\t');
    if (tab < 0) {
      return of(line);
    }
    String target = line.substring(tab + 1);
    return new TranslationRequest(line.substring(0, tab), target.isBlank() ? null : target);
  }
}
