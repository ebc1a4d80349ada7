package dev.attrib.examples.timeseries;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.JsonReport;
import dev.attrib.spi.Options;
import dev.attrib.spi.Renderer;
import dev.attrib.spi.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code json} format: one line, the common keys of {@link JsonReport#base} plus
 *
 * <ul>
 *   <li>{@code length} (T) and {@code channels} (the channel names, in model order);
 *   <li>{@code units}: one object per time step in time order, with {@code index}, {@code text}
 *       ({@code t=...}), {@code start}/{@code end} (inline input only), {@code score} (summed over
 *       the channels), and {@code values} and {@code channelScores} (one number per channel), and
 *       {@code line} (the CSV line number, file input only).
 * </ul>
 */
final class JsonRenderer implements Renderer<SeriesEncoding> {

  @Override
  public String format() {
    return "json";
  }

  @Override
  public byte[] render(Explanation<SeriesEncoding> e, Options options) {
    JsonObject o = JsonReport.base(e);
    Tensor x = e.encoded().series();
    int steps = (int) x.shape()[0];
    int c = (int) x.shape()[1];
    o.addProperty("length", steps);
    JsonArray names = new JsonArray();
    e.encoded().channelNames().forEach(names::add);
    o.add("channels", names);
    Tensor raw = e.attribution().scores(TimeSeriesModality.INPUT);
    List<Integer> lines = e.encoded().lines();
    JsonArray units = JsonReport.units(e.units());
    for (int t = 0; t < units.size(); t++) {
      JsonObject u = units.get(t).getAsJsonObject();
      JsonArray values = new JsonArray();
      JsonArray perChannel = new JsonArray();
      for (int j = 0; j < c; j++) {
        values.add((float) x.get(t * c + j));
        perChannel.add((float) raw.get(t * c + j));
      }
      u.add("values", values);
      u.add("channelScores", perChannel);
      if (t < lines.size()) {
        u.addProperty("line", lines.get(t));
      }
    }
    o.add("units", units);
    return (JsonReport.line(o) + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
