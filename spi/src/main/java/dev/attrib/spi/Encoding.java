package dev.attrib.spi;

import java.util.List;
import java.util.Objects;

/**
 * Raw input turned into model inputs: what a {@link Modality} hands from {@link Modality#encode} to
 * its baselines, targets, summariser and renderers.
 *
 * <p>Each modality has its own record implementing this interface, with typed fields for what it
 * needs later (a molecule's graph, an image's pixels, a translation's decoded output); code that
 * reads them gets the modality's type from {@code Modality<E>}, {@code Explanation<E>} and {@code
 * Renderer<E>}, never a cast. A modality with nothing beyond tensors and units uses {@link #of}:
 *
 * <pre>{@code
 * Encoding e = Encoding.of("1, 2, 3",
 *     List.of(NamedTensor.attributable("x", Tensor.of(new float[] {1, 2, 3}, 3))),
 *     List.of(Unit.of(0, "number", "1"), Unit.of(1, "number", "2"), Unit.of(2, "number", "3")));
 * }</pre>
 *
 * <p>Contract: {@link #tensors()} are the model's inputs in forward order, each <em>without</em>
 * the batch dimension (the core adds it); {@link #units()} are in the modality's documented order,
 * with indices 0..n-1; values are plain Java values (never engine objects) and immutable, so an
 * encoding may be shared between threads.
 */
public interface Encoding {

  /** The raw input as given (text, SMILES, file name), or the part of it that is explained. */
  String input();

  /** The model inputs in forward order, without the batch dimension. */
  List<NamedTensor> tensors();

  /** The units attributions are read on, in the modality's order. */
  List<Unit> units();

  /**
   * The input called {@code name}.
   *
   * @throws AttribException when there is none; the message lists the inputs there are
   */
  default NamedTensor tensor(String name) {
    for (NamedTensor t : tensors()) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    throw new AttribException(
        "the encoded input has no tensor '"
            + name
            + "'; it has "
            + String.join(", ", tensors().stream().map(NamedTensor::name).toList()),
        AttribException.RUNTIME,
        null);
  }

  /** An encoding with nothing but the input, its tensors and its units. */
  static Encoding of(String input, List<NamedTensor> tensors, List<Unit> units) {
    return new Plain(input, tensors, units);
  }

  /**
   * The encoding of {@link #of}.
   *
   * @param input the raw input as given
   * @param tensors model inputs in forward order
   * @param units the units, in the modality's order
   */
  record Plain(String input, List<NamedTensor> tensors, List<Unit> units) implements Encoding {
    public Plain {
      Objects.requireNonNull(input, "input");
      tensors = List.copyOf(tensors);
      units = List.copyOf(units);
    }
  }
}
