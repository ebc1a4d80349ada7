package dev.attrib.internal;

import dev.attrib.ig.Model;

/**
 * A public {@link Model} whose engine side is a {@link ModelFunction} it hands out to the core
 * rather than is: {@link dev.attrib.model.LoadedModel}, whose public methods stay free of engine
 * arrays. Internal: front ends and plugins pass the model, never the function.
 */
public interface EngineModel extends Model {

  /** The model's function; the same object on every call. */
  ModelFunction function();
}
