package dev.attrib.internal;

import ai.djl.ndarray.NDArray;
import dev.attrib.ig.Target;

/**
 * A {@link Target} that picks its scores from an output array itself: custom targets ({@link
 * Targets#of}) and the positional ones. {@link Targets#select} and {@link Targets#resolve} call
 * these methods for such a target.
 */
public interface EngineTarget extends Target {

  /** One score per batch row: {@code [B, ...] -> [B]}. */
  NDArray select(NDArray output);

  /**
   * The target fixed for one example, given the model output {@code [1, ...]} at the input. A
   * target that overrides this must return true from {@link #resolvesOnInput()}.
   */
  default Target resolve(NDArray outputAtInput) {
    return this;
  }
}
