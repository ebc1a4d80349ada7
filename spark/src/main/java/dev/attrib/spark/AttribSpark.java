package dev.attrib.spark;

import dev.attrib.ig.Methods;
import dev.attrib.ig.Quadrature;
import dev.attrib.model.Devices;
import dev.attrib.model.Manifest;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Modality;
import dev.attrib.spi.ModalityRegistry;
import dev.attrib.spi.Options;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Attribution of every row of a Spark {@code Dataset<Row>}: the library's pipeline ({@link
 * dev.attrib.Attrib}, {@link Explainer}) run on the executors, the model loaded once per executor
 * JVM.
 *
 * <pre>{@code
 * SparkSession spark = SparkSession.builder().master("local[2]").getOrCreate();
 * Dataset<Row> molecules = spark.read().option("header", true).csv("library.csv"); // id,smiles
 * AttribSpark attrib =
 *     AttribSpark.builder().model(Path.of("models/molecule-tasks")).inputCol("smiles")
 *         .target("all").steps(64).build();
 * Dataset<Row> explained = attrib.explain(molecules);   // id, smiles, modality, ..., units, error
 * explained.write().parquet("explained");
 * }</pre>
 *
 * <p>The contract:
 *
 * <ul>
 *   <li>The result has the input's columns, then the columns of {@link ResultSchema} (the keys of
 *       {@code docs/json.md}: {@code modality}, {@code model}, {@code input}, {@code row}, {@code
 *       prediction}, {@code target}, {@code method}, {@code completeness}, {@code units}, {@code
 *       bonds}, ...), then {@code error}. An input column of the same name as a result column is
 *       refused up front.
 *   <li>One result row per target: one for a classifier, one per task of a molecule model with
 *       {@code target("all")}, one per output piece of a translation; the input's columns are
 *       repeated on each and {@code row} numbers them from 0. Each row's values are those of the
 *       modality's JSON renderer for the same explanation, so a row says exactly what {@code attrib
 *       ... --format json} says (numbers included, bit for bit).
 *   <li>A record that cannot be explained (invalid SMILES, an unreadable image, empty text, a null
 *       value) gives one row with {@code error} set to the one-line message and null results; the
 *       job goes on and no other row is lost. A model that cannot be loaded on an executor fails
 *       the job: it is not a bad record.
 *   <li>The input column holds text (text, SMILES or MOL blocks, a translation's source, an image
 *       path every executor can read) or bytes (an image file's content, e.g. {@code
 *       spark.read().format("binaryFile")}'s {@code content}; {@link Builder#nameCol} then names
 *       the column whose value becomes {@code input}, such as {@code path}).
 *   <li>The model folder is read on the driver (its manifest, to check the settings before any
 *       work) and on every executor: a path all nodes see, or with {@link Builder#distribute} the
 *       driver's folder sent to the executors through {@code SparkContext.addFile}. Each executor
 *       JVM loads it once ({@link ModelCache}) and keeps it for later tasks and jobs; PyTorch uses
 *       {@code spark.task.cpus} threads per task, DJL runs offline (see {@link ExecutorSetup}).
 *   <li>Settings default to the modality's own ({@link ExplainSettings#defaults(Modality)}):
 *       adaptive steps for images and translation, the predicted class, the first baseline; {@link
 *       Builder#steps} alone means fixed steps, as {@code --steps} does in the CLI.
 * </ul>
 *
 * <p>Immutable and serializable: the settings travel to the executors with the tasks.
 */
public final class AttribSpark implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The column of the one-line error of a record that could not be explained, else null. */
  public static final String ERROR_COLUMN = "error";

  /** Prefix of a model reference that names a file shipped with {@code SparkContext.addFile}. */
  static final String SPARK_FILES = "spark-files:";

  private final Builder b;

  private AttribSpark(Builder b) {
    this.b = b;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Where the model is and how to explain: every setting of the CLI's attributing commands. Unset
   * values take the modality's defaults when the model is known.
   */
  public static final class Builder implements Serializable, Cloneable {
    private static final long serialVersionUID = 1L;

    private String model;
    private String device = "cpu";
    private ArrayList<String> plugins = new ArrayList<>();
    private String inputCol = "input";
    private String nameCol;
    private boolean distribute;
    private String djlCacheDir;
    private String method = "ig";
    private Integer steps;
    private Double tolerance;
    private Integer maxSteps;
    private String quadrature;
    private Integer batchSize;
    private Long memoryBudget;
    private Integer noiseSamples;
    private Double noiseStdev;
    private Long seed;
    private String noiseOver;
    private String baseline;
    private String target;
    private String on = "probability";
    private LinkedHashMap<String, String> options = new LinkedHashMap<>();

    private Builder() {}

    /** The model folder (holding {@code attrib.json}); required. */
    public Builder model(Path dir) {
      model = dir.toAbsolutePath().normalize().toString();
      return this;
    }

    /** {@code cpu} (default), {@code gpu} or {@code gpu:N}, as the CLI's {@code --device}. */
    public Builder device(String d) {
      device = Objects.requireNonNull(d, "device");
      return this;
    }

    /** A folder of plugin jars (repeatable); it must exist on the driver and every executor. */
    public Builder plugins(Path dir) {
      plugins.add(dir.toAbsolutePath().normalize().toString());
      return this;
    }

    /** The column of inputs: text (string) or an image file's bytes (binary); default "input". */
    public Builder inputCol(String c) {
      inputCol = Objects.requireNonNull(c, "inputCol");
      return this;
    }

    /** For a binary input column: the string column whose value is reported as {@code input}. */
    public Builder nameCol(String c) {
      nameCol = c;
      return this;
    }

    /**
     * Sends the driver's model folder to the executors ({@code SparkContext.addFile}, recursive),
     * for a cluster whose nodes do not share the folder's path.
     */
    public Builder distribute(boolean d) {
      distribute = d;
      return this;
    }

    /**
     * DJL's cache folder on the executors (where the PyTorch native library is unpacked), set as
     * {@code DJL_CACHE_DIR} before the engine starts unless the executor already sets it.
     */
    public Builder djlCacheDir(String dir) {
      djlCacheDir = dir;
      return this;
    }

    public Builder method(String m) {
      method = Objects.requireNonNull(m, "method");
      return this;
    }

    /** Quadrature steps: fixed, unless a tolerance is given too (then the first try). */
    public Builder steps(int n) {
      steps = n;
      return this;
    }

    /** Adaptive steps: double until the relative completeness delta is at most {@code x}. */
    public Builder tolerance(Double x) {
      tolerance = x;
      return this;
    }

    public Builder maxSteps(int n) {
      maxSteps = n;
      return this;
    }

    /** A quadrature rule by its CLI name ({@code gausslegendre}, {@code riemann-left}, ...). */
    public Builder quadrature(String q) {
      quadrature = q;
      return this;
    }

    public Builder batchSize(Integer n) {
      batchSize = n;
      return this;
    }

    public Builder memoryBudget(long bytes) {
      memoryBudget = bytes;
      return this;
    }

    public Builder noiseSamples(int n) {
      noiseSamples = n;
      return this;
    }

    public Builder noiseStdev(double x) {
      noiseStdev = x;
      return this;
    }

    public Builder seed(long s) {
      seed = s;
      return this;
    }

    /** The method a noise tunnel wraps ({@code saliency} by default). */
    public Builder noiseOver(String m) {
      noiseOver = m;
      return this;
    }

    /** A baseline of the modality; null: its first. */
    public Builder baseline(String name) {
      baseline = name;
      return this;
    }

    /** A label or class index; {@code all} for every task of a molecule model; null: predicted. */
    public Builder target(String t) {
      target = t;
      return this;
    }

    /** {@code probability} (default) or {@code logit}. */
    public Builder on(String o) {
      on = Objects.requireNonNull(o, "on");
      return this;
    }

    /** A modality option, as the CLI's {@code -o KEY=VALUE}. */
    public Builder option(String key, String value) {
      options.put(key, value);
      return this;
    }

    /**
     * Copies the settings of an {@link ExplainSettings} (method, config, baseline, target, ...).
     */
    public Builder settings(ExplainSettings s) {
      Methods.Config c = s.config();
      method = s.method();
      steps = c.steps();
      tolerance = c.tolerance();
      maxSteps = c.maxSteps();
      quadrature = c.quadrature().id();
      batchSize = c.batchSize();
      memoryBudget = c.memoryBudget();
      noiseSamples = c.noiseSamples();
      noiseStdev = c.noiseStdev();
      seed = c.seed();
      noiseOver = c.noiseOver();
      baseline = s.baseline();
      target = s.target();
      on = s.on();
      options = new LinkedHashMap<>(s.options().values());
      return this;
    }

    /** An immutable copy; later changes to this builder do not reach it. */
    public AttribSpark build() {
      if (model == null) {
        throw new AttribException(
            "no model folder: give one with AttribSpark.builder().model(dir)");
      }
      return new AttribSpark(copy());
    }

    private Builder copy() {
      try {
        Builder c = (Builder) super.clone();
        c.plugins = new ArrayList<>(plugins);
        c.options = new LinkedHashMap<>(options);
        return c;
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** A builder holding these settings, to change some and build another. */
  public Builder toBuilder() {
    return b.copy();
  }

  /** A copy with the changes {@code change} makes to a builder of these settings. */
  AttribSpark with(java.util.function.Consumer<Builder> change) {
    Builder c = b.copy();
    change.accept(c);
    return c.build();
  }

  /** The model's name from its manifest, as the result's {@code model} column shows it. */
  public String modelName() {
    return Manifest.read(model(), modality().manifestKeys()).name();
  }

  /** The model folder, as given to the builder. */
  public Path model() {
    return Path.of(b.model);
  }

  /** The input column. */
  public String inputCol() {
    return b.inputCol;
  }

  /**
   * The settings for {@code modality}: its defaults where nothing was set, as the CLI makes them
   * ({@code steps} alone: fixed steps; {@code tolerance} alone: the modality's first steps).
   */
  public ExplainSettings settings(Modality<?> modality) {
    Methods.Config d = modality.defaultConfig();
    int first = b.steps != null ? b.steps : d.steps();
    Double tol = b.tolerance != null ? b.tolerance : b.steps != null ? null : d.tolerance();
    Methods.Config c =
        Methods.config()
            .steps(first)
            .quadrature(b.quadrature != null ? Quadrature.forName(b.quadrature) : d.quadrature())
            .tolerance(tol)
            .maxSteps(Math.max(b.maxSteps != null ? b.maxSteps : d.maxSteps(), first))
            .batchSize(b.batchSize != null ? b.batchSize : d.batchSize())
            .memoryBudget(b.memoryBudget != null ? b.memoryBudget : d.memoryBudget())
            .noiseSamples(b.noiseSamples != null ? b.noiseSamples : d.noiseSamples())
            .noiseStdev(b.noiseStdev != null ? b.noiseStdev : d.noiseStdev())
            .seed(b.seed != null ? b.seed : d.seed())
            .noiseOver(b.noiseOver != null ? b.noiseOver : d.noiseOver())
            .build();
    return new ExplainSettings(b.method, c, b.baseline, b.target, b.on, Options.of(b.options));
  }

  /**
   * The modality of the model folder, from the built-in modalities and the plugin folders; fails
   * naming the folder when it has no {@code attrib.json} or names an unknown modality.
   */
  public Modality<?> modality() {
    Path dir = model();
    if (!Files.isDirectory(dir)) {
      throw new AttribException(dir + ": not a model folder (no such directory)");
    }
    return registry().forName(Manifest.peekModality(dir));
  }

  ModalityRegistry registry() {
    return b.plugins.isEmpty()
        ? ModalityRegistry.builtIn()
        : ModalityRegistry.discover(b.plugins.stream().map(Path::of).toList());
  }

  /**
   * Checks on the driver what can be checked without a model or an executor: the folder and its
   * modality, the settings (method, steps, baseline, options), the target against the manifest, the
   * device's name. {@link #explain} calls it first; a front end may call it earlier.
   */
  public void check() {
    Modality<?> m = modality();
    ExplainSettings s = settings(m);
    Explainer.check(m, s);
    m.checkTarget(s, Manifest.read(model(), m.manifestKeys()));
    Devices.parse(b.device);
  }

  /**
   * The explanation of every row of {@code data} (see the class comment for the columns). Lazy, as
   * every Spark transformation: the work happens when the result is written or collected.
   *
   * @throws AttribException when the settings or the columns are wrong, before any work
   */
  public Dataset<Row> explain(Dataset<Row> data) {
    StructType in = data.schema();
    int input = column(in, b.inputCol, "input");
    DataType type = in.fields()[input].dataType();
    boolean binary = type.equals(DataTypes.BinaryType);
    if (!binary && !type.equals(DataTypes.StringType)) {
      throw new AttribException(
          "the input column '"
              + b.inputCol
              + "' is "
              + type.simpleString()
              + "; it must hold strings (text, SMILES, image paths) or binary (image bytes)");
    }
    int name = -1;
    if (b.nameCol != null) {
      name = column(in, b.nameCol, "name");
      if (!in.fields()[name].dataType().equals(DataTypes.StringType)) {
        throw new AttribException("the name column '" + b.nameCol + "' must hold strings");
      }
    }
    for (String c : in.fieldNames()) {
      if (ResultSchema.names().contains(c) || c.equals(ERROR_COLUMN)) {
        throw new AttribException(
            "the input has a column '"
                + c
                + "', which the result adds; rename it first (e.g. withColumnRenamed(\""
                + c
                + "\", \"source_"
                + c
                + "\"))");
      }
    }
    check();
    String folder = b.model;
    if (b.distribute) {
      data.sparkSession().sparkContext().addFile(model().toUri().toString(), true);
      folder = SPARK_FILES + model().getFileName();
    }
    // The executors write the result columns themselves (JsonRow), typed by ResultSchema.
    return data.mapPartitions(
        new ExplainPartition(this, folder, input, name, binary), Encoders.row(ResultSchema.of(in)));
  }

  /** A column name as Spark reads it literally: dots and backticks are not structure. */
  static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private static int column(StructType schema, String name, String what) {
    for (int i = 0; i < schema.fields().length; i++) {
      if (schema.fields()[i].name().equals(name)) {
        return i;
      }
    }
    throw new AttribException(
        "no "
            + what
            + " column '"
            + name
            + "'; the data has "
            + String.join(", ", schema.fieldNames()));
  }

  String device() {
    return b.device;
  }

  List<String> plugins() {
    return List.copyOf(b.plugins);
  }

  String inputColumn() {
    return b.inputCol;
  }

  String djlCacheDir() {
    return b.djlCacheDir;
  }

  Map<String, String> options() {
    return Map.copyOf(b.options);
  }
}
