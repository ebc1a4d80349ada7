package dev.attrib.examples.timeseries;

import dev.attrib.spi.AttribException;
import dev.attrib.spi.Options;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns the raw input into a {@link Series}. The input is either a file or the numbers themselves:
 *
 * <ul>
 *   <li><b>a file</b> (the input names an existing file; a name ending in {@code .csv}, {@code
 *       .tsv} or {@code .txt} must exist): one row per time step, one column per channel, separated
 *       by commas ({@code .tsv}: tabs; option {@code delimiter}). Blank lines and lines starting
 *       with {@code #} are skipped. The first row is a header when it is not all numbers.
 *   <li><b>inline, one channel</b>: {@code "0.1, 0.5, 2.0, 0.4"}: one value per time step.
 *   <li><b>inline, several channels</b>: rows separated by {@code ;} (or line breaks), values in a
 *       row by commas: {@code "0.1,0.0; 0.5,0.1; 2.0,0.1"} is 3 steps × 2 channels. A trailing
 *       {@code ;} makes a single row one step: {@code "0.1,0.0;"}.
 * </ul>
 *
 * <p>Option {@code time-column} (a header name, or a 1-based column number) names a column that
 * labels the steps instead of being fed to the model. When the manifest names the channels ({@code
 * channelNames}) and the file has a header, exactly those columns are read, in the manifest's
 * order; otherwise every other column is a channel, in file order. Values are decimal numbers
 * ({@code 1}, {@code -0.5}, {@code 2e-3}); NaN and infinities are rejected.
 */
final class SeriesReader {
  private SeriesReader() {}

  static final String OPT_DELIMITER = "delimiter";
  static final String OPT_TIME_COLUMN = "time-column";

  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  /** One row of text: its fields, where it came from (file line or offsets in the input). */
  private record Row(List<Field> fields, int line, int start, int end) {}

  /** One field's text and its offsets in the inline input (-1 for files). */
  private record Field(String text, int start, int end) {}

  static Series read(String input, ModelSpec spec, Options options) {
    Path file = asFile(input);
    char delimiter = delimiter(options, file);
    if (file != null) {
      return fromRows(fileRows(file, delimiter), file.toString(), false, spec, options);
    }
    String where = "series '" + shorten(input) + "'";
    boolean rowSeparated =
        input.indexOf('\n') >= 0 || (delimiter != ';' && input.indexOf(';') >= 0);
    List<Row> rows = inlineRows(input, delimiter);
    if (!rowSeparated && rows.size() == 1) {
      return univariate(rows.get(0), where, spec, options);
    }
    return fromRows(rows, where, true, spec, options);
  }

  /** The input as a file to read, or null when it is the numbers themselves. */
  private static Path asFile(String input) {
    String s = input.strip();
    if (s.isEmpty()) {
      throw new AttribException("empty input: give a CSV file or numbers such as '0.1, 0.5, 2'");
    }
    Path p;
    try {
      p = Path.of(s);
    } catch (InvalidPathException e) {
      return null;
    }
    if (Files.isRegularFile(p)) {
      return p;
    }
    if (Files.isDirectory(p)) {
      throw new AttribException(s + ": is a folder; give a CSV file or the numbers themselves");
    }
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv") || lower.endsWith(".tsv") || lower.endsWith(".txt")) {
      throw new AttribException(s + ": no such file");
    }
    return null;
  }

  private static char delimiter(Options options, Path file) {
    String v = options.get(OPT_DELIMITER, null);
    if (v == null) {
      return file != null && file.toString().toLowerCase(Locale.ROOT).endsWith(".tsv") ? '\t' : ',';
    }
    return switch (v.strip().toLowerCase(Locale.ROOT)) {
      case "comma", "," -> ',';
      case "semicolon", ";" -> ';';
      case "tab", "\\t" -> '\t';
      case "space", "whitespace" -> ' ';
      default ->
          throw new AttribException(
              "option "
                  + OPT_DELIMITER
                  + "="
                  + v
                  + " is not a delimiter; use comma, semicolon, tab or space");
    };
  }

  private static List<Row> fileRows(Path file, char delimiter) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      throw new AttribException(file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new AttribException(file + ": cannot read: " + e.getMessage(), e);
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1); // a byte-order mark, as spreadsheet programs write
      }
      line = line.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      List<Field> fields = new ArrayList<>();
      for (String f : split(line, delimiter)) {
        fields.add(new Field(f.strip(), -1, -1));
      }
      rows.add(new Row(fields, i + 1, -1, -1));
    }
    return rows;
  }

  private static List<String> split(String line, char delimiter) {
    if (delimiter == ' ') {
      return List.of(line.strip().split("\\s+"));
    }
    return List.of(line.split(Pattern.quote(String.valueOf(delimiter)), -1));
  }

  /** Rows of an inline input, keeping every field's offsets in it. */
  private static List<Row> inlineRows(String input, char delimiter) {
    List<Row> rows = new ArrayList<>();
    int rowStart = 0;
    for (int i = 0; i <= input.length(); i++) {
      char ch = i < input.length() ? input.charAt(i) : '\n';
      boolean rowEnd = ch == '\n' || ch == '\r' || (ch == ';' && delimiter != ';');
      if (!rowEnd) {
        continue;
      }
      if (!input.substring(rowStart, i).isBlank()) {
        rows.add(inlineRow(input, rowStart, i, delimiter));
      }
      rowStart = i + 1;
    }
    return rows;
  }

  private static Row inlineRow(String input, int from, int to, char delimiter) {
    List<Field> fields = new ArrayList<>();
    int start = from;
    for (int i = from; i <= to; i++) {
      boolean end =
          i == to
              || (delimiter == ' '
                  ? Character.isWhitespace(input.charAt(i))
                  : input.charAt(i) == delimiter);
      if (!end) {
        continue;
      }
      int a = start;
      int b = i;
      while (a < b && Character.isWhitespace(input.charAt(a))) {
        a++;
      }
      while (b > a && Character.isWhitespace(input.charAt(b - 1))) {
        b--;
      }
      if (delimiter != ' ' || a < b) {
        fields.add(new Field(input.substring(a, b), a, b));
      }
      start = i + 1;
    }
    int a = fields.isEmpty() ? from : fields.get(0).start();
    int b = fields.isEmpty() ? to : fields.get(fields.size() - 1).end();
    return new Row(fields, -1, a, b);
  }

  /** {@code "0.1, 0.5, 2"}: one channel, one value per step. */
  private static Series univariate(Row row, String where, ModelSpec spec, Options options) {
    if (options.get(OPT_TIME_COLUMN, null) != null) {
      throw new AttribException(
          where
              + ": option "
              + OPT_TIME_COLUMN
              + " needs one row per step (rows separated by ';' or a CSV file)");
    }
    int n = row.fields().size();
    float[][] values = new float[n][1];
    List<String> labels = new ArrayList<>();
    int[] starts = new int[n];
    int[] ends = new int[n];
    for (int t = 0; t < n; t++) {
      Field f = row.fields().get(t);
      values[t][0] = number(f.text(), where + ", step " + t);
      labels.add(Integer.toString(t));
      starts[t] = f.start();
      ends[t] = f.end();
    }
    if (spec.channels() != null && spec.channels() != 1) {
      throw new AttribException(
          where
              + ": a one-line series has 1 channel but the model takes "
              + spec.channels()
              + " ("
              + ModelSpec.CHANNELS
              + " in "
              + spec.file()
              + "); give one row per step separated by ';', e.g. '0.1,0.2; 0.3,0.4'");
    }
    List<String> names = spec.channelNames().isEmpty() ? List.of("ch0") : spec.channelNames();
    return checkLength(new Series(values, names, labels, starts, ends, List.of()), where, spec);
  }

  private static Series fromRows(
      List<Row> rows, String where, boolean inline, ModelSpec spec, Options options) {
    if (rows.isEmpty()) {
      throw new AttribException(where + ": no values");
    }
    String timeOpt = options.get(OPT_TIME_COLUMN, null);
    Integer timeByNumber = timeOpt == null ? null : columnNumber(timeOpt);
    int timeIndex = timeByNumber == null ? -1 : timeByNumber - 1;
    Row first = rows.get(0);
    boolean header = timeOpt != null && timeByNumber == null;
    for (int i = 0; i < first.fields().size() && !header; i++) {
      header = i != timeIndex && !NUMBER.matcher(first.fields().get(i).text()).matches();
    }
    List<String> headerNames = new ArrayList<>();
    if (header) {
      for (Field f : first.fields()) {
        headerNames.add(f.text());
      }
      rows = rows.subList(1, rows.size());
      if (rows.isEmpty()) {
        throw new AttribException(where + ": a header row but no values");
      }
    }
    int width = header ? headerNames.size() : first.fields().size();
    if (timeOpt != null && timeByNumber == null) {
      timeIndex = headerNames.indexOf(timeOpt.strip());
      if (timeIndex < 0) {
        throw new AttribException(
            where
                + ": no column '"
                + timeOpt.strip()
                + "' for option "
                + OPT_TIME_COLUMN
                + "; columns: "
                + String.join(", ", headerNames));
      }
    }
    if (timeIndex >= width) {
      throw new AttribException(
          where
              + ": option "
              + OPT_TIME_COLUMN
              + "="
              + timeOpt
              + " but rows have "
              + width
              + " columns");
    }
    // Which columns are channels, and what they are called.
    List<Integer> columns = new ArrayList<>();
    List<String> names = new ArrayList<>();
    if (header && !spec.channelNames().isEmpty()) {
      for (String name : spec.channelNames()) {
        int c = headerNames.indexOf(name);
        if (c < 0 || c == timeIndex) {
          throw new AttribException(
              where
                  + ": no column '"
                  + name
                  + "', which the model needs ("
                  + ModelSpec.CHANNEL_NAMES
                  + " in "
                  + spec.file()
                  + "); columns: "
                  + String.join(", ", headerNames));
        }
        columns.add(c);
        names.add(name);
      }
    } else {
      for (int c = 0; c < width; c++) {
        if (c != timeIndex) {
          columns.add(c);
        }
      }
      for (int i = 0; i < columns.size(); i++) {
        if (header) {
          names.add(headerNames.get(columns.get(i)));
        } else {
          // Numbered among the channels, not among all columns.
          names.add(i < spec.channelNames().size() ? spec.channelNames().get(i) : "ch" + i);
        }
      }
    }
    if (columns.isEmpty()) {
      throw new AttribException(where + ": no channel columns");
    }
    if (spec.channels() != null && columns.size() != spec.channels()) {
      throw new AttribException(
          where
              + ": "
              + columns.size()
              + (columns.size() == 1 ? " channel" : " channels")
              + " but the model takes "
              + spec.channels()
              + " ("
              + ModelSpec.CHANNELS
              + " in "
              + spec.file()
              + ")");
    }
    int n = rows.size();
    float[][] values = new float[n][columns.size()];
    List<String> labels = new ArrayList<>();
    int[] starts = new int[n];
    int[] ends = new int[n];
    List<Integer> lines = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      Row row = rows.get(t);
      String at = inline ? where + ", step " + t : where + " line " + row.line();
      if (row.fields().size() != width) {
        throw new AttribException(
            at
                + ": "
                + row.fields().size()
                + " values but "
                + (header ? "the header has " : "the first row has ")
                + width);
      }
      for (int c = 0; c < columns.size(); c++) {
        values[t][c] =
            number(
                row.fields().get(columns.get(c)).text(), at + ", column " + (columns.get(c) + 1));
      }
      labels.add(timeIndex >= 0 ? row.fields().get(timeIndex).text() : Integer.toString(t));
      starts[t] = row.start();
      ends[t] = row.end();
      if (!inline) {
        lines.add(row.line());
      }
    }
    return checkLength(new Series(values, names, labels, starts, ends, lines), where, spec);
  }

  private static Integer columnNumber(String s) {
    String v = s.strip();
    if (!v.matches("\\d{1,9}")) {
      return null;
    }
    int n = Integer.parseInt(v);
    if (n < 1) {
      throw new AttribException(
          "option " + OPT_TIME_COLUMN + "=" + s + ": column numbers start at 1");
    }
    return n;
  }

  private static Series checkLength(Series s, String where, ModelSpec spec) {
    if (spec.length() != null && s.length() != spec.length()) {
      throw new AttribException(
          where
              + ": "
              + s.length()
              + " steps but the model takes exactly "
              + spec.length()
              + " ("
              + ModelSpec.LENGTH
              + " in "
              + spec.file()
              + ")");
    }
    return s;
  }

  private static float number(String text, String at) {
    if (!NUMBER.matcher(text).matches()) {
      throw new AttribException(
          at + ": '" + shorten(text) + "' is not a number" + (text.isEmpty() ? " (empty)" : ""));
    }
    double v = Double.parseDouble(text);
    if (Math.abs(v) > Float.MAX_VALUE) {
      throw new AttribException(at + ": " + text + " is too large for float32");
    }
    return (float) v;
  }

  static String shorten(String s) {
    String one = s.replaceAll("\\s+", " ").strip();
    return one.length() > 40 ? one.substring(0, 37) + "..." : one;
  }
}
