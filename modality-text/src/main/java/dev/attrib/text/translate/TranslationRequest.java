package dev.attrib.text.translate;

import dev.attrib.spi.AttribException;
import java.util.Objects;

/**
 * What one input of the translation modality asks for: a source sentence, and optionally the target
 * sentence to force. An input is the source alone, or the source, a tab and the target text (so a
 * batch file line {@code source<TAB>target} forces its own translation); the modality option {@code
 * target-text} forces one for an input without a tab.
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

  /**
   * The request of one input of the modality: {@link #parseLine}, with {@code targetText} (the
   * {@code target-text} option, or null) as the translation to force when the input has none.
   *
   * @throws AttribException when both the input and the option give a target text
   */
  public static TranslationRequest parse(String input, String targetText) {
    TranslationRequest r = parseLine(input);
    if (targetText == null) {
      return r;
    }
    if (r.targetText() != null) {
      throw new AttribException(
          "the input '"
              + TranslationFolder.shorten(r.source())
              + "' gives its target text after a tab, and target-text gives another; give one");
    }
    return new TranslationRequest(r.source(), targetText);
  }
}
