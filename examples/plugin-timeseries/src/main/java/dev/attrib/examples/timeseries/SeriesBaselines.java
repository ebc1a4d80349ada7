package dev.attrib.examples.timeseries;

import dev.attrib.model.LoadedModel;
import dev.attrib.spi.Baseline;
import dev.attrib.spi.Options;
import dev.attrib.spi.Tensor;
import java.util.List;
import java.util.function.Function;

/**
 * The time-series baselines, each one deterministic sample shaped like the series {@code [T, C]}:
 *
 * <ul>
 *   <li>{@code zero}: all zeros (the default). Neutral when 0 means "no signal", e.g. a series
 *       centred on zero.
 *   <li>{@code mean}: each channel's mean over time, at every step. Attributions then explain how
 *       the series departs from its own level, so an offset alone gets no credit.
 *   <li>{@code linear}: each channel's straight line from its first to its last value. Removes
 *       level and drift: only what bends away from the trend gets credit.
 * </ul>
 */
final class SeriesBaselines {
  private SeriesBaselines() {}

  static List<Baseline<SeriesEncoding>> all() {
    return List.of(
        of("zero", "all zeros", SeriesBaselines::zero),
        of("mean", "each channel's mean over time, at every step", SeriesBaselines::mean),
        of(
            "linear",
            "each channel's straight line from its first to its last value",
            SeriesBaselines::linear));
  }

  private static Baseline<SeriesEncoding> of(
      String name, String description, Function<Tensor, Tensor> f) {
    return new Baseline<>() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public List<List<Tensor>> create(
          SeriesEncoding encoded, LoadedModel model, Options options, long seed) {
        return List.of(List.of(f.apply(encoded.series())));
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  static Tensor zero(Tensor x) {
    return Tensor.zeros(x.shape());
  }

  static Tensor mean(Tensor x) {
    int t = (int) x.shape()[0];
    int c = (int) x.shape()[1];
    float[] v = x.floats();
    float[] out = new float[v.length];
    for (int j = 0; j < c; j++) {
      double sum = 0;
      for (int i = 0; i < t; i++) {
        sum += v[i * c + j];
      }
      float m = (float) (sum / t);
      for (int i = 0; i < t; i++) {
        out[i * c + j] = m;
      }
    }
    return Tensor.of(out, x.shape());
  }

  static Tensor linear(Tensor x) {
    int t = (int) x.shape()[0];
    int c = (int) x.shape()[1];
    float[] v = x.floats();
    float[] out = new float[v.length];
    for (int j = 0; j < c; j++) {
      double first = v[j];
      double last = v[(t - 1) * c + j];
      for (int i = 0; i < t; i++) {
        double a = t == 1 ? 0 : (double) i / (t - 1);
        // The ends are the input's own values exactly, so they get no attribution.
        out[i * c + j] = i == t - 1 ? v[i * c + j] : (float) (first + a * (last - first));
      }
    }
    return Tensor.of(out, x.shape());
  }
}
