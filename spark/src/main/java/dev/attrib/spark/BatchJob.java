package dev.attrib.spark;

import dev.attrib.spi.AttribException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A batch file or folder explained on Spark and written as Parquet or JSON Lines: what {@code
 * attrib batch} runs.
 *
 * <pre>{@code
 * BatchJob job = new BatchJob(AttribSpark.builder().model(dir).target("all").build(),
 *     Path.of("library.smi"), "library.smi", Path.of("out"), "parquet", "local[*]", 0);
 * job.check();                            // before Spark starts: format, input, out, settings
 * SparkSession spark = job.session(false);
 * BatchJob.Result r = job.run(spark);      // r.inputs(), r.rows(), r.failed(), r.errors()
 * spark.stop();
 * }</pre>
 *
 * <p>The records are read on the driver as the plain CLI reads them ({@link BatchInputs}), spread
 * over {@code partitions} partitions (default: four per task slot, so a slow record does not leave
 * the other slots idle at the end), explained by {@link AttribSpark} and written to {@code out}
 * with the columns {@code source} (the file), {@code record} (its number there, from 1), then the
 * result columns and {@code error}. A record that could not be read (an invalid SMILES, a line that
 * is not UTF-8) is an error row like one that could not be explained. The output folder must not
 * exist; Spark writes it whole (its {@code _SUCCESS} file marks a complete output) or fails.
 *
 * <p>In local mode ({@code local}, {@code local[N]}, {@code local[*]}) the driver is the only
 * executor: images are read from their paths. On a cluster the model folder is sent to the
 * executors ({@link AttribSpark.Builder#distribute}), images travel as bytes, and the attrib jars
 * next to this one ({@code lib/}) are added to {@code spark.jars}.
 */
public final class BatchJob {
  private final AttribSpark attrib;
  private final Path input;
  private final String source;
  private final Path out;
  private final String format;
  private final String master;
  private final int partitions;

  /**
   * @param attrib the model and settings
   * @param input the batch file or folder
   * @param source how messages and the {@code source} column name it (e.g. "standard input")
   * @param out the output folder, which must not exist
   * @param format {@code parquet} or {@code json}
   * @param master Spark's master URL
   * @param partitions how many partitions; 0 for four per task slot
   */
  public BatchJob(
      AttribSpark attrib,
      Path input,
      String source,
      Path out,
      String format,
      String master,
      int partitions) {
    this.attrib = attrib;
    this.input = input;
    this.source = source;
    this.out = out;
    this.format = format.toLowerCase(Locale.ROOT);
    this.master = master;
    this.partitions = partitions;
  }

  /** What a run did: records read, rows written, records with an error, the first errors. */
  public record Result(long inputs, long rows, long failed, List<String> errors) {}

  /** How many error messages {@link Result#errors} keeps. */
  public static final int SHOWN_ERRORS = 20;

  /** Checks what can be checked before Spark starts: the format, the input, the output folder. */
  public void check() {
    if (!format.equals("parquet") && !format.equals("json")) {
      throw new AttribException("--format must be parquet or json for batch, not '" + format + "'");
    }
    if (!Files.exists(input)) {
      throw new AttribException(input + ": no such input file or folder");
    }
    if (Files.exists(out)) {
      throw new AttribException(
          out + ": the output folder exists; remove it or give another --out");
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new AttribException(
          out + ": the folder it would go in, " + parent + ", does not exist");
    }
    attrib.check();
  }

  /** Local mode: the driver JVM is the executor. */
  public boolean local() {
    return master.equals("local") || master.startsWith("local[");
  }

  /**
   * A session for this job: no UI and bound to loopback in local mode; Spark's console progress bar
   * when {@code progress}; the attrib jars in {@code spark.jars} on a cluster.
   */
  public SparkSession session(boolean progress) {
    SparkSession.Builder b =
        SparkSession.builder()
            .master(master)
            .appName("attrib batch")
            .config("spark.ui.showConsoleProgress", Boolean.toString(progress));
    if (local()) {
      b.config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    } else {
      List<String> jars = attribJars();
      if (!jars.isEmpty()) {
        b.config("spark.jars", String.join(",", jars));
      }
    }
    return b.getOrCreate();
  }

  /** Reads, explains, writes; then reads back the counts and the first errors. */
  public Result run(SparkSession spark) {
    String modality = attrib.modality().name();
    BatchInputs.Read read = BatchInputs.read(input, source, modality);
    boolean bytes = modality.equals("image") && !local();
    StructType schema =
        new StructType()
            .add("source", DataTypes.StringType)
            .add("record", DataTypes.IntegerType)
            .add("value", bytes ? DataTypes.BinaryType : DataTypes.StringType)
            .add("name", DataTypes.StringType);
    List<Row> rows = new ArrayList<>(read.records().size());
    for (BatchInputs.Record r : read.records()) {
      Object value = bytes ? imageBytes(r.input()) : r.input();
      rows.add(RowFactory.create(r.source(), r.record(), value, r.input()));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int slices =
        Math.max(
            1, Math.min(rows.size(), partitions > 0 ? partitions : 4 * jsc.defaultParallelism()));
    Dataset<Row> data = spark.createDataFrame(jsc.parallelize(rows, slices), schema);
    AttribSpark job =
        attrib.with(
            b -> {
              b.inputCol("value").distribute(!local());
              if (bytes) {
                b.nameCol("name");
              }
            });
    Dataset<Row> explained = job.explain(data).drop("value", "name");
    if (!read.problems().isEmpty()) {
      List<Row> failed = new ArrayList<>();
      String model = attrib.modelName();
      for (BatchInputs.Problem p : read.problems()) {
        failed.add(problemRow(explained.schema(), p, modality, model));
      }
      explained = explained.unionByName(spark.createDataFrame(failed, explained.schema()));
    }
    if (format.equals("json")) {
      explained.write().json(out.toString());
    } else {
      explained.write().parquet(out.toString());
    }
    Dataset<Row> back =
        (format.equals("json")
                ? spark.read().schema(explained.schema()).json(out.toString())
                : spark.read().parquet(out.toString()))
            .select("source", "record", "row", AttribSpark.ERROR_COLUMN);
    // Rows and error rows in one job (count of a column counts its non-nulls); the messages only
    // when there are some: each job over the output costs a file listing and a scan.
    Row counts =
        back.agg(functions.count(functions.lit(1)), functions.count(AttribSpark.ERROR_COLUMN))
            .first();
    long total = counts.getLong(0);
    long failed = counts.getLong(1);
    List<String> shown = new ArrayList<>();
    if (failed > 0) {
      Dataset<Row> errors = back.where(functions.col(AttribSpark.ERROR_COLUMN).isNotNull());
      for (Row r : errors.orderBy("source", "record").limit(SHOWN_ERRORS).collectAsList()) {
        shown.add(r.<String>getAs(AttribSpark.ERROR_COLUMN));
      }
    }
    return new Result(read.total(), total, failed, shown);
  }

  private static Row problemRow(
      StructType schema, BatchInputs.Problem p, String modality, String model) {
    Object[] values = new Object[schema.size()];
    values[schema.fieldIndex("source")] = p.source();
    values[schema.fieldIndex("record")] = p.record();
    values[schema.fieldIndex("modality")] = modality;
    values[schema.fieldIndex("model")] = model;
    values[schema.fieldIndex(AttribSpark.ERROR_COLUMN)] = p.message();
    return RowFactory.create(values);
  }

  private static byte[] imageBytes(String path) {
    try {
      return Files.readAllBytes(Path.of(path));
    } catch (IOException e) {
      // Listed images exist; one that vanished since is a failed record, said by the executor.
      return new byte[0];
    }
  }

  /**
   * The jars executors need besides Spark: this module's jar and the {@code lib/} folder beside it
   * (attrib, DJL, the PyTorch native library, CDK, Lucene), as the build lays them out.
   */
  static List<String> attribJars() {
    try {
      Path self =
          Path.of(BatchJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(self)) {
        return List.of();
      }
      List<String> jars = new ArrayList<>();
      jars.add(self.toUri().toString());
      Path lib = self.getParent().resolve("lib");
      if (Files.isDirectory(lib)) {
        try (Stream<Path> s = Files.list(lib)) {
          s.filter(p -> p.toString().endsWith(".jar"))
              .sorted()
              .forEach(p -> jars.add(p.toUri().toString()));
        }
      }
      return jars;
    } catch (URISyntaxException | IOException | SecurityException e) {
      return List.of();
    }
  }
}
