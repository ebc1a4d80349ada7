package dev.attrib.examples.timeseries;

import dev.attrib.ig.Attribution;
import dev.attrib.model.LoadedModel;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Baseline;
import dev.attrib.spi.Modality;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Options;
import dev.attrib.spi.Renderer;
import dev.attrib.spi.Tensor;
import dev.attrib.spi.Unit;
import dev.attrib.spi.UnitScores;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code timeseries} modality: a series of numbers with one or more channels, explained per
 * time step. An example plugin for attrib; see this project's README and {@code docs/plugins.md}.
 *
 * <pre>{@code
 * TimeSeriesModality ts = new TimeSeriesModality();
 * Path dir = Path.of("demo-model");
 * try (LoadedModel model = ModelLoader.load(dir, ts.manifestKeys(), Device.cpu())) {
 *   Explanation<SeriesEncoding> e =
 *       new Explainer<>(ts, model).explain("demo-model/record.csv", ExplainSettings.defaults());
 *   System.out.print(new String(ts.renderer("plain").render(e, Options.NONE), UTF_8));
 * }
 * }</pre>
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Input: a CSV file, or the numbers inline ({@code "0.1, 0.5, 2"} is one channel; {@code
 *       "0.1,0; 0.5,0.2"} is one row per step); see {@link SeriesReader} for the rules.
 *   <li>Model input: one attributable float32 tensor {@code series [T, C]} (the network gets {@code
 *       [B, T, C]}), checked against the manifest's {@code channels}, {@code channelNames} and
 *       {@code length} when given.
 *   <li>Units: one per time step, in time order, kind {@code step}, text {@code t=<label>} (the
 *       step index, or the value of the {@code time-column}); inline inputs carry each step's
 *       character offsets.
 *   <li>Encoding: a {@link SeriesEncoding} (the series, its steps, channel names and CSV lines).
 *   <li>Targets: the default, one row: the predicted class, or {@code --target}.
 *   <li>Scores: one per step, the sum of the step's attributions over the channels.
 *   <li>Baselines: {@code zero} (default), {@code mean}, {@code linear}; renderers: {@code plain},
 *       {@code ansi}, {@code json}.
 * </ul>
 *
 * <p>Stateless and safe to use from several threads.
 */
public final class TimeSeriesModality implements Modality<SeriesEncoding> {
  /** The registry name. */
  public static final String NAME = "timeseries";

  /** The name of the one model input, the series {@code [T, C]}. */
  public static final String INPUT = "series";

  /** Unit kind: a time step. */
  public static final String KIND = "step";

  private static final List<Baseline<SeriesEncoding>> BASELINES = SeriesBaselines.all();
  private static final List<Renderer<SeriesEncoding>> RENDERERS =
      List.of(new BarRenderer(false), new BarRenderer(true), new JsonRenderer());

  /** The public no-argument constructor {@link java.util.ServiceLoader} needs. */
  public TimeSeriesModality() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "time series from CSV or inline numbers [T, C]; one score per time step";
  }

  @Override
  public Set<String> manifestKeys() {
    return ModelSpec.KEYS;
  }

  @Override
  public Set<String> options() {
    return Set.of(
        SeriesReader.OPT_DELIMITER,
        SeriesReader.OPT_TIME_COLUMN,
        BarRenderer.OPT_WIDTH,
        BarRenderer.OPT_COLOR);
  }

  @Override
  public SeriesEncoding encode(String input, LoadedModel model, Options options) {
    ModelSpec spec = ModelSpec.of(model.manifest());
    Series s = SeriesReader.read(input, spec, options);
    Tensor series = Tensor.of(s.flat(), s.length(), s.channels());
    List<Unit> units = new ArrayList<>(s.length());
    for (int t = 0; t < s.length(); t++) {
      units.add(new Unit(t, KIND, "t=" + s.stepLabels().get(t), s.starts()[t], s.ends()[t]));
    }
    return new SeriesEncoding(
        input,
        List.of(NamedTensor.attributable(INPUT, series)),
        units,
        s.channelNames(),
        s.lines());
  }

  @Override
  public List<Baseline<SeriesEncoding>> baselines() {
    return BASELINES;
  }

  /** One score per step: the step's attributions summed over the channels, in double precision. */
  @Override
  public UnitScores summarize(SeriesEncoding encoded, Attribution attribution) {
    Tensor scores = attribution.scores(INPUT);
    long[] shape = scores.shape();
    int steps = encoded.units().size();
    if (shape.length != 2 || shape[0] != steps) {
      throw new AttribException(
          "attribution for '"
              + INPUT
              + "' has shape "
              + java.util.Arrays.toString(shape)
              + ", expected ["
              + steps
              + ", C]",
          AttribException.RUNTIME,
          null);
    }
    int c = (int) shape[1];
    double[] perStep = new double[steps];
    for (int t = 0; t < steps; t++) {
      double sum = 0;
      for (int j = 0; j < c; j++) {
        sum += scores.get(t * c + j);
      }
      perStep[t] = sum;
    }
    return new UnitScores(encoded.units(), perStep);
  }

  @Override
  public List<Renderer<SeriesEncoding>> renderers() {
    return RENDERERS;
  }
}
