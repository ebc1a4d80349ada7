package dev.attrib.spi;

import java.util.List;
import java.util.Map;

/**
 * Raw input turned into model inputs: the tensors in forward order (attributable and fixed, each
 * without the batch dimension), the units they map to, and modality-specific facts for the
 * summariser and renderers (e.g. a molecule's bonds, an image's size).
 *
 * @param input the raw input as given (text, SMILES, file name)
 * @param tensors model inputs in forward order
 * @param units the units, in the modality's documented order
 * @param extras plain values the modality needs later (never engine objects)
 */
public record Encoded(
    String input, List<NamedTensor> tensors, List<Unit> units, Map<String, Object> extras) {
  public Encoded {
    tensors = List.copyOf(tensors);
    units = List.copyOf(units);
    extras = Map.copyOf(extras);
  }
}
