package dev.attrib.spi;

import dev.attrib.model.LoadedModel;
import java.util.List;

/**
 * A named baseline ("neutral input") of a modality: {@code zero}, {@code pad}, {@code black},
 * {@code blur}, ...
 *
 * <p>Returns baseline samples for the attributable tensors of an encoded input: one sample for a
 * deterministic baseline, several for a distribution (IG then averages over them). Random baselines
 * draw only from {@code seed}, so the same seed gives the same baseline. The samples are shared by
 * every row of an explanation.
 *
 * @param <E> the encoding of the modality it belongs to
 */
public interface Baseline<E extends Encoding> {
  String name();

  /** One line for {@code attrib modalities} and errors. */
  default String description() {
    return "";
  }

  /**
   * Samples, each one tensor per attributable input of {@code encoded}, in forward order. The model
   * is there for baselines made of the model's own pieces (e.g. the pad token's embedding).
   */
  List<List<Tensor>> create(E encoded, LoadedModel model, Options options, long seed);

  /** What a baseline computes: {@link #create}'s body alone. */
  @FunctionalInterface
  interface Maker<E extends Encoding> {
    List<List<Tensor>> create(E encoded, LoadedModel model, Options options, long seed);
  }

  /**
   * A baseline from its name, its one-line description and what it computes, for modalities whose
   * baselines are plain functions.
   *
   * <pre>{@code
   * Baseline<Encoding> zero = Baseline.of("zero", "all features zero",
   *     (e, model, o, seed) -> List.of(List.of(Tensor.zeros(e.tensor("x").value().shape()))));
   * }</pre>
   */
  static <E extends Encoding> Baseline<E> of(String name, String description, Maker<E> maker) {
    record Named<E extends Encoding>(String name, String description, Maker<E> maker)
        implements Baseline<E> {
      @Override
      public List<List<Tensor>> create(E encoded, LoadedModel model, Options options, long seed) {
        return maker.create(encoded, model, options, seed);
      }
    }
    return new Named<>(name, description, maker);
  }
}
