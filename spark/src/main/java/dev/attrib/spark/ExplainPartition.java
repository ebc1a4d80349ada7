package dev.attrib.spark;

import com.google.gson.JsonObject;
import dev.attrib.Attrib;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explanation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * What runs on an executor for one partition: the cached model, then each record explained in turn,
 * streaming (a partition is never held in memory whole). A record gives one row per target, or one
 * error row; the input row's values come first, then the row's result columns (its JSON object's
 * values, {@link JsonRow}) and the error.
 */
final class ExplainPartition implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final AttribSpark spec;
  private final String folder;
  private final int input;
  private final int name;
  private final boolean binary;

  ExplainPartition(AttribSpark spec, String folder, int input, int name, boolean binary) {
    this.spec = spec;
    this.folder = folder;
    this.input = input;
    this.name = name;
    this.binary = binary;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> records) {
    TaskContext task = TaskContext.get();
    ExecutorSetup.prepare(task == null ? 1 : task.cpus(), spec.djlCacheDir());
    String dir =
        folder.startsWith(AttribSpark.SPARK_FILES)
            ? SparkFiles.get(folder.substring(AttribSpark.SPARK_FILES.length()))
            : folder;
    Attrib attrib = ModelCache.get(dir, spec.device(), spec.plugins());
    ExplainSettings settings = spec.settings(attrib.modality());
    String modality = attrib.modality().name();
    String model = attrib.manifest().name();
    return new Iterator<>() {
      private final ArrayDeque<Row> ready = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && records.hasNext()) {
          ready.addAll(explain(records.next(), attrib, settings, modality, model));
        }
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }
    };
  }

  private List<Row> explain(
      Row record, Attrib attrib, ExplainSettings settings, String modality, String model) {
    Object value = record.get(input);
    String shown = name >= 0 ? record.getString(name) : binary ? null : (String) value;
    Path file = null;
    try {
      if (value == null) {
        throw new AttribException("no input: the '" + spec.inputColumn() + "' value is null");
      }
      String in = (String) (binary ? (file = spill((byte[]) value)).toString() : value);
      Explanation<?> e = attrib.explain(in, settings);
      List<JsonObject> rows = RowJson.rows(attrib, e);
      return rows.stream()
          .map(
              o -> {
                if (binary) {
                  o.addProperty("input", shown);
                }
                return row(record, o, null);
              })
          .toList();
    } catch (RuntimeException ex) {
      String message = message(ex);
      if (file != null && shown != null) {
        // The image's own name, not the temporary file the bytes were read from.
        message = message.replace(file.toString(), shown);
      }
      return List.of(row(record, RowJson.failed(modality, model, shown), message));
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // A temporary file left behind is the OS's to clean; the row is what matters.
        }
      }
    }
  }

  /**
   * The one-line message of a failed record: an {@link AttribException}'s own (it names the input
   * and the problem); anything else is not a problem of the record's as far as attrib knows, so it
   * says what it is, still as one line, and the job goes on.
   */
  static String message(RuntimeException ex) {
    String m =
        ex instanceof AttribException
            ? ex.getMessage()
            : "internal error: " + ex.getClass().getName() + ": " + ex.getMessage();
    return m == null ? ex.getClass().getName() : m.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** Image bytes as a file, since a modality reads its input by name. */
  private static Path spill(byte[] bytes) {
    try {
      Path f = Files.createTempFile("attrib-spark-", ".bin");
      Files.write(f, bytes);
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a temporary file for image bytes", e);
    }
  }

  /** The input row's values, then the result columns from {@code result}, then the error. */
  private static Row row(Row record, JsonObject result, String error) {
    Object[] results = JsonRow.values(result, ResultSchema.SCHEMA);
    Object[] values = new Object[record.length() + results.length + 1];
    for (int i = 0; i < record.length(); i++) {
      values[i] = record.get(i);
    }
    System.arraycopy(results, 0, values, record.length(), results.length);
    values[values.length - 1] = error;
    return RowFactory.create(values);
  }
}
