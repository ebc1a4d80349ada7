/**
 * Engine-facing, no compatibility promise: for plugin and test code that runs analytic models, and
 * for attrib's own modules. The public API ({@code dev.attrib.ig}, {@code dev.attrib.spi}, {@code
 * dev.attrib.model}, the modalities) speaks {@link dev.attrib.spi.Tensor} and records; DJL's engine
 * arrays ({@code NDArray}, {@code NDList}, {@code NDManager}) appear in public or protected
 * signatures only here (a test in {@code attrib-fixtures} checks every class of the library jars).
 *
 * <ul>
 *   <li>{@link dev.attrib.internal.ModelFunction}: a differentiable model as the core runs it, one
 *       batch {@code NDList -> NDArray}; a lambda over DJL operations is an analytic model. {@link
 *       dev.attrib.internal.ModelFunction#of} gives the function behind a public {@link
 *       dev.attrib.ig.Model} (a {@link dev.attrib.model.LoadedModel} hands out its own through
 *       {@link dev.attrib.internal.EngineModel#function()}).
 *   <li>{@link dev.attrib.internal.Targets}: how a {@link dev.attrib.ig.Target} picks one score per
 *       row from an output, and is resolved on the output at the input; custom targets over engine
 *       arrays ({@link dev.attrib.internal.Targets#of}, {@link dev.attrib.internal.EngineTarget}).
 *   <li>{@link dev.attrib.internal.Activations}: a manifest's {@link dev.attrib.ig.Activation} on
 *       an output array.
 *   <li>{@link dev.attrib.internal.TinyNets}: the seeded tiny networks of {@code attrib selfcheck}
 *       and of the core's tests.
 * </ul>
 *
 * <pre>{@code
 * ModelFunction step = in -> ai.djl.nn.Activation.relu(in.head().neg().add(1)).neg().add(1);
 * Target sum = Targets.of("sum of outputs", out -> out.sum(new int[] {1}));
 * Attribution a = IntegratedGradients.builder().build().attribute(step, example, sum);
 * }</pre>
 */
package dev.attrib.internal;
