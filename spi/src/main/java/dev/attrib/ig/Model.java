package dev.attrib.ig;

import ai.djl.Device;

/**
 * A model the attribution methods run, as the public API names it: every method and metric of the
 * core takes one ({@link AttributionMethod#attribute}, {@link Faithfulness#scores}, {@link
 * Homogeneity#measure}, {@link ModelOutputs#at}). It carries nothing engine-facing: how a batch of
 * inputs becomes an output is {@code dev.attrib.internal.ModelFunction}'s business, which the core
 * obtains from the model and which is no part of the public API.
 *
 * <pre>{@code
 * try (LoadedModel model = ModelLoader.load(Path.of("my-model"), Set.of(), Device.cpu())) {
 *   Attribution a = IntegratedGradients.builder().build().attribute(model, example, target);
 * }
 * }</pre>
 *
 * <p>The models there are: a model folder ({@link dev.attrib.model.LoadedModel}, from {@link
 * dev.attrib.model.ModelLoader}), and, for plugin and test code that runs analytic networks written
 * in code, {@code dev.attrib.internal.ModelFunction}. Do not implement this interface otherwise:
 * the core rejects a model that is neither with an {@link IllegalArgumentException}.
 */
public interface Model {

  /** The device the model lives on; the core creates the model's inputs there. */
  Device device();
}
