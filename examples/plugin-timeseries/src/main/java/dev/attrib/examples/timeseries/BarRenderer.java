package dev.attrib.examples.timeseries;

import dev.attrib.ig.Attribution;
import dev.attrib.ig.MethodSettings;
import dev.attrib.render.ColorDepth;
import dev.attrib.render.TerminalPalette;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Escape;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Options;
import dev.attrib.spi.Renderer;
import dev.attrib.spi.Unit;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.fusesource.jansi.Ansi;

/**
 * The {@code plain} and {@code ansi} formats: a few header lines (prediction, method, completeness,
 * input), then one line per time step with its signed score and a bar around a centre axis, {@code
 * -} to the left for negative scores and {@code +} to the right for positive ones, scaled so the
 * largest magnitude fills {@code width} characters:
 *
 * <pre>
 * t=19  -0.0213                    -|
 * t=20  +0.5607                     |++++++++++++++++++++
 * </pre>
 *
 * <p>{@code ansi} colours the bars with attrib's shared scale ({@code dev.attrib.render}: red
 * positive, blue negative, more saturated for larger scores, the same cells as every built-in
 * modality) at the depth of option {@code color}: {@code 16} (the default here), {@code 256},
 * {@code truecolor} or {@code none} (the CLI sets it from the terminal). Text from the input (file
 * name, time labels) and from the model folder (labels) is escaped with {@link Escape#terminal}, so
 * it cannot drive the terminal.
 */
final class BarRenderer implements Renderer<SeriesEncoding> {
  static final String OPT_WIDTH = "width";
  static final String OPT_COLOR = "color";
  static final int DEFAULT_WIDTH = 20;
  static final int MAX_WIDTH = 200;

  private final boolean ansi;

  BarRenderer(boolean ansi) {
    this.ansi = ansi;
  }

  @Override
  public String format() {
    return ansi ? "ansi" : "plain";
  }

  @Override
  public byte[] render(Explanation<SeriesEncoding> e, Options options) {
    int width = width(options);
    ColorDepth color = ansi ? ColorDepth.option(options, ColorDepth.ANSI16) : ColorDepth.NONE;
    StringBuilder b = new StringBuilder();
    header(e, b, color);
    List<Unit> units = e.units().units();
    double[] scores = e.units().scores();
    double max = 0;
    for (double s : scores) {
      max = Math.max(max, Math.abs(s));
    }
    String numberFormat = max != 0 && max < 1e-3 ? "%+.3e" : "%+.4f";
    String[] labels = new String[units.size()];
    int labelWidth = 0;
    for (int i = 0; i < labels.length; i++) {
      labels[i] = Escape.terminal(units.get(i).text());
      labelWidth = Math.max(labelWidth, labels[i].codePointCount(0, labels[i].length()));
    }
    for (int i = 0; i < labels.length; i++) {
      double s = scores[i];
      b.append(labels[i]);
      pad(b, labelWidth - labels[i].codePointCount(0, labels[i].length()) + 2);
      b.append(String.format(Locale.ROOT, numberFormat, s)).append("  ");
      double share = max == 0 || !Double.isFinite(s) ? 0 : Math.abs(s) / max;
      int n = (int) Math.round(share * width);
      if (s < 0) {
        pad(b, width - n);
        b.append(TerminalPalette.paint("-".repeat(n), s, max, color)).append('|');
      } else {
        pad(b, width);
        b.append('|').append(TerminalPalette.paint("+".repeat(n), s, max, color));
      }
      b.append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void header(Explanation<SeriesEncoding> e, StringBuilder b, ColorDepth color) {
    String bold = color == ColorDepth.NONE ? "" : new Ansi().bold().toString();
    String reset = color == ColorDepth.NONE ? "" : TerminalPalette.RESET;
    Attribution a = e.attribution();
    b.append("prediction: ")
        .append(bold)
        .append(Escape.terminal(e.prediction().label()))
        .append(reset)
        .append(String.format(Locale.ROOT, " %.4f", e.prediction().score()))
        .append("   explained: ")
        .append(Escape.terminal(e.targetLabel()))
        .append(" (")
        .append(e.on())
        .append(String.format(Locale.ROOT, ") %.4f", a.output()))
        .append('\n');
    MethodSettings m = a.settings();
    b.append("method: ").append(m.method());
    if (m.quadrature() != null) {
      b.append(", ").append(m.quadrature());
    }
    if (m.steps() != null) {
      b.append(", ").append(m.steps()).append(" steps");
    }
    b.append('\n');
    if (a.completeness() != null) {
      b.append("completeness: ").append(a.completeness()).append('\n');
    }
    int steps = e.units().units().size();
    List<String> channels = e.encoded().channelNames();
    b.append("input: ")
        .append(Escape.terminal(SeriesReader.shorten(e.encoded().input())))
        .append(" (")
        .append(steps)
        .append(steps == 1 ? " step, " : " steps, ")
        .append(channels.size())
        .append(channels.size() == 1 ? " channel: " : " channels: ")
        .append(Escape.terminal(String.join(", ", channels)))
        .append(")  model: ")
        .append(Escape.terminal(e.model()))
        .append('\n');
  }

  private static void pad(StringBuilder b, int n) {
    b.append(" ".repeat(Math.max(0, n)));
  }

  static int width(Options options) {
    String v = options.get(OPT_WIDTH, null);
    if (v == null) {
      return DEFAULT_WIDTH;
    }
    try {
      int w = Integer.parseInt(v.strip());
      if (w >= 1 && w <= MAX_WIDTH) {
        return w;
      }
    } catch (NumberFormatException e) {
      // Reported below with the allowed range.
    }
    throw new AttribException(
        "option " + OPT_WIDTH + "=" + v + " must be a whole number from 1 to " + MAX_WIDTH);
  }
}
