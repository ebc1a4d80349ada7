package dev.attrib.examples.timeseries;

import dev.attrib.spi.Encoding;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Tensor;
import dev.attrib.spi.Unit;
import java.util.List;
import java.util.Objects;

/**
 * A series as the {@code timeseries} modality encodes it: the series tensor, one unit per step, and
 * what the renderers show beside the scores, as typed fields (a plugin's own {@link Encoding}
 * record: no string keys, no casts).
 *
 * <pre>{@code
 * SeriesEncoding e = new TimeSeriesModality().encode("demo-model/record.csv", model, Options.NONE);
 * e.series().shape();      // [T, C]
 * e.channelNames();        // [lead1, lead2]
 * e.lines();               // the CSV line of each step (empty for inline input)
 * }</pre>
 *
 * @param input the CSV file or inline numbers as given
 * @param tensors the one attributable input {@code series [T, C]}
 * @param units one per time step, in time order
 * @param channelNames one name per channel, in model order
 * @param lines per step, its 1-based line number in the CSV file; empty for an inline input
 */
public record SeriesEncoding(
    String input,
    List<NamedTensor> tensors,
    List<Unit> units,
    List<String> channelNames,
    List<Integer> lines)
    implements Encoding {

  public SeriesEncoding {
    Objects.requireNonNull(input, "input");
    tensors = List.copyOf(tensors);
    units = List.copyOf(units);
    channelNames = List.copyOf(channelNames);
    lines = List.copyOf(lines);
  }

  /** The series tensor {@code [T, C]}. */
  public Tensor series() {
    return tensor(TimeSeriesModality.INPUT).value();
  }
}
