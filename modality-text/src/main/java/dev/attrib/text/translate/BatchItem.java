package dev.attrib.text.translate;

import dev.attrib.spi.AttribException;

/**
 * One result of {@link TranslationExplainer#explainAll}: the translation, or the error that input
 * gave (a batch goes on past a bad input).
 *
 * @param index position in the batch, from 0
 * @param request what was asked
 * @param translation the result, or null on error
 * @param error the error, or null on success
 */
public record BatchItem(
    int index, TranslationRequest request, Translation translation, AttribException error) {
  public boolean ok() {
    return error == null;
  }
}
