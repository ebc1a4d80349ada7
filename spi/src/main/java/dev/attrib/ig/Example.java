package dev.attrib.ig;

import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One input to attribute: the model inputs in forward order (each without the batch dimension) and
 * zero or more baseline samples.
 *
 * <p>A baseline sample is one tensor per <em>attributable</em> input, in the same order and shape.
 * With no sample given, the baseline is all zeros. With several, IG averages over them (expected
 * gradients when they are draws from a distribution).
 *
 * <pre>{@code
 * Example ex = Example.of(Tensor.of(new float[] {3f, 1f}));              // zero baseline
 * Example ex2 = ex.withBaselines(List.of(List.of(Tensor.of(new float[] {1f, 1f}))));
 * }</pre>
 */
public record Example(List<NamedTensor> inputs, List<List<Tensor>> baselines) {

  public Example {
    inputs = List.copyOf(inputs);
    baselines = baselines.stream().map(List::copyOf).toList();
    if (inputs.stream().noneMatch(NamedTensor::attributable)) {
      throw new IllegalArgumentException("an example needs at least one attributable input");
    }
    List<NamedTensor> attributable = inputs.stream().filter(NamedTensor::attributable).toList();
    for (List<Tensor> sample : baselines) {
      if (sample.size() != attributable.size()) {
        throw new IllegalArgumentException(
            "a baseline sample needs "
                + attributable.size()
                + " tensors (one per attributable input) but has "
                + sample.size());
      }
      for (int i = 0; i < sample.size(); i++) {
        long[] want = attributable.get(i).value().shape();
        if (!Arrays.equals(want, sample.get(i).shape()) || !sample.get(i).isFloat()) {
          throw new IllegalArgumentException(
              "baseline for '"
                  + attributable.get(i).name()
                  + "' must be float32 of shape "
                  + Arrays.toString(want)
                  + " but is "
                  + (sample.get(i).isFloat() ? "float32" : "int64")
                  + Arrays.toString(sample.get(i).shape()));
        }
      }
    }
  }

  /** Attributable float inputs named x0, x1, ... with a zero baseline. */
  public static Example of(Tensor... attributable) {
    List<NamedTensor> in = new ArrayList<>();
    for (int i = 0; i < attributable.length; i++) {
      in.add(NamedTensor.attributable("x" + i, attributable[i]));
    }
    return new Example(in, List.of());
  }

  public Example withBaselines(List<List<Tensor>> samples) {
    return new Example(inputs, samples);
  }

  /** Adds one baseline sample (one tensor per attributable input). */
  public Example withBaseline(Tensor... sample) {
    List<List<Tensor>> all = new ArrayList<>(baselines);
    all.add(List.of(sample));
    return new Example(inputs, all);
  }

  /** The attributable inputs, in forward order. */
  public List<NamedTensor> attributable() {
    return inputs.stream().filter(NamedTensor::attributable).toList();
  }

  /** The baseline samples, with the all-zero baseline when none was given. */
  public List<List<Tensor>> baselinesOrZero() {
    if (!baselines.isEmpty()) {
      return baselines;
    }
    return List.of(attributable().stream().map(t -> Tensor.zeros(t.value().shape())).toList());
  }
}
