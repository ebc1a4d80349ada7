package dev.attrib.cli;

import dev.attrib.fixtures.DemoModels;
import dev.attrib.ig.Methods;
import dev.attrib.model.Devices;
import dev.attrib.model.Manifest;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Modality;
import dev.attrib.spi.ModalityRegistry;
import dev.attrib.spi.PluginProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code attrib batch --input FILE|DIR --out DIR}: a whole batch explained on Apache Spark, written
 * as Parquet (default) or JSON Lines, one row per target with an {@code error} column (see {@code
 * docs/spark.md}).
 *
 * <pre>
 * attrib batch --modality molecule --input library.smi --out explained --target all
 * attrib batch --model my-text-model --input questions.txt --out explained --format json
 * attrib batch --master spark://head:7077 --model /shared/models/mol --input lib.sdf --out out
 * </pre>
 *
 * <p>Spark is not on the CLI's class path (the core build keeps it out of {@code cli/target/lib}):
 * this command checks everything it can here (the model folder and its modality, the settings, the
 * target, the input, the output folder), then runs the job in a JVM of its own on the Spark
 * module's runtime, {@code spark/target} in a source checkout ({@code attrib-spark-*.jar}, {@code
 * lib/}, {@code spark-lib/}, {@code launcher/jvm.args}), or {@code -Dattrib.spark.home=DIR} laid
 * out the same way; that JVM gets this one's options ({@code ATTRIB_JAVA_OPTS}, e.g. {@code
 * -Xmx8g}). When Spark is on this JVM's class path (an application or test that has it), the job
 * runs here. The driver's output and errors come back on this command's stdout and stderr; its exit
 * code is this command's: 2 when some records failed (their rows carry the error; the first ones
 * are printed).
 */
@Command(
    name = "batch",
    sortOptions = false,
    resourceBundle = "dev.attrib.cli.BatchCommand",
    description =
        "Explain a whole batch on Apache Spark (embedded local mode, or a cluster with --master),"
            + " written as Parquet or JSON Lines, one row per target.")
final class BatchCommand implements Callable<Integer> {

  /** The system property naming a Spark runtime folder laid out as {@code spark/target}. */
  static final String SPARK_HOME_PROPERTY = "attrib.spark.home";

  /** The driver's entry point in the Spark module. */
  static final String MAIN = "dev.attrib.spark.BatchMain";

  @ParentCommand AttribCommand attrib;

  @Spec CommandSpec spec;

  @Mixin ExplainOptions opts;

  @Option(
      names = "--modality",
      paramLabel = "NAME",
      description =
          "Use the built-in demo model of this modality (text, molecule, image, translation) when"
              + " --model is not given.")
  String modality;

  @Option(
      names = "--master",
      paramLabel = "URL",
      defaultValue = "local[*]",
      description =
          "Spark's master: local[*] (default: embedded, every core), local[N], or a cluster's URL"
              + " (spark://HOST:PORT, yarn, k8s://...).")
  String master;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "0",
      description = "Partitions of the input (default: four per task slot).")
  int partitions;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    ModalityRegistry registry = attrib.registry();
    for (PluginProblem p : registry.problems()) {
      err.println("attrib: warning: " + Terminal.oneLine(p.message()));
    }
    // Everything that can be checked is checked here, before a JVM and Spark start.
    if (opts.input == null) {
      throw new AttribException("give the batch with --input FILE|DIR");
    }
    if (opts.out == null) {
      throw new AttribException("give the output folder with --out DIR");
    }
    String format = opts.format == null ? "parquet" : opts.format.toLowerCase(Locale.ROOT);
    if (!format.equals("parquet") && !format.equals("json")) {
      throw new AttribException("--format must be parquet or json for batch, not '" + format + "'");
    }
    if (partitions < 0) {
      throw new AttribException("--partitions must be 0 (automatic) or more, not " + partitions);
    }
    Path dir = opts.model;
    if (dir == null) {
      if (modality == null) {
        throw new AttribException(
            "give the model folder with --model DIR, or --modality NAME for its demo model");
      }
      dir = DemoModels.forModality(modality);
    }
    dir = dir.toAbsolutePath().normalize();
    String declared = Manifest.peekModality(dir);
    if (modality != null && !modality.equals(declared)) {
      throw new AttribException(
          dir + ": the model is for modality '" + declared + "', not " + modality);
    }
    Modality<?> m = registry.forName(declared);
    ExplainSettings settings = opts.settings(Map.of(), spec, m);
    Explainer.check(m, settings);
    m.checkTarget(settings, Manifest.read(dir, m.manifestKeys()));
    Devices.parse(opts.device);
    if (Files.exists(opts.out)) {
      throw new AttribException(
          opts.out + ": the output folder exists; remove it or give another --out");
    }
    Path input = opts.input;
    String source = opts.input.toString();
    Path stdinCopy = null;
    if (Batch.isStdin(opts.input)) {
      // Spark reads files: standard input is read whole into a temporary one first.
      stdinCopy = Files.createTempFile("attrib-batch-", ".in");
      Files.write(stdinCopy, Batch.bytes(opts.input, attrib.stdin()));
      input = stdinCopy;
      source = Batch.source(opts.input);
    } else if (!Files.exists(input)) {
      throw new AttribException(input + ": no such input file or folder");
    }
    List<String> args = new ArrayList<>();
    args.add("model=" + dir);
    // As given: the driver runs in this folder, and the rows name inputs as the user did.
    args.add("input=" + input);
    args.add("source=" + source);
    args.add("out=" + opts.out);
    args.add("format=" + format);
    args.add("master=" + master);
    args.add("partitions=" + partitions);
    args.add("device=" + opts.device);
    args.add("verbose=" + attrib.verbose());
    args.add("progress=" + (System.console() != null));
    for (Path p : attrib.pluginDirs()) {
      args.add("plugins=" + p.toAbsolutePath());
    }
    args.addAll(settingsArgs(settings));
    out.flush();
    err.flush();
    try {
      return inProcess() ? runHere(args, out, err) : runChild(args, out, err);
    } finally {
      if (stdinCopy != null) {
        Files.deleteIfExists(stdinCopy);
      }
    }
  }

  /** The settings as the driver's {@code key=value} arguments (see {@code BatchMain}). */
  static List<String> settingsArgs(ExplainSettings s) {
    Methods.Config c = s.config();
    List<String> a = new ArrayList<>();
    a.add("method=" + s.method());
    a.add("steps=" + c.steps());
    if (c.tolerance() != null) {
      a.add("tolerance=" + c.tolerance());
    }
    a.add("maxSteps=" + c.maxSteps());
    a.add("quadrature=" + c.quadrature().id());
    if (c.batchSize() != null) {
      a.add("batchSize=" + c.batchSize());
    }
    a.add("memoryBudget=" + c.memoryBudget());
    a.add("noiseSamples=" + c.noiseSamples());
    a.add("noiseStdev=" + c.noiseStdev());
    a.add("noiseOver=" + c.noiseOver());
    a.add("seed=" + c.seed());
    if (s.baseline() != null) {
      a.add("baseline=" + s.baseline());
    }
    if (s.target() != null) {
      a.add("target=" + s.target());
    }
    a.add("on=" + s.on());
    s.options().values().forEach((k, v) -> a.add("option." + k + "=" + v));
    return a;
  }

  /** Whether Spark and the driver are on this JVM's class path. */
  private static boolean inProcess() {
    try {
      Class.forName(MAIN, false, BatchCommand.class.getClassLoader());
      Class.forName(
          "org.apache.spark.sql.SparkSession", false, BatchCommand.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static int runHere(List<String> args, PrintWriter out, PrintWriter err) {
    try {
      Method run =
          Class.forName(MAIN).getMethod("run", List.class, PrintWriter.class, PrintWriter.class);
      return (Integer) run.invoke(null, args, out, err);
    } catch (InvocationTargetException e) {
      throw new AttribException(
          "the batch driver failed: " + e.getCause(), AttribException.RUNTIME, e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AttribException(
          "the batch driver cannot be called: " + e, AttribException.RUNTIME, e);
    }
  }

  /**
   * Runs the driver in its own JVM on the Spark runtime, with this JVM's options and the ones Spark
   * needs, and copies its output to this command's; returns its exit code.
   */
  private int runChild(List<String> args, PrintWriter out, PrintWriter err) throws IOException {
    SparkRuntime rt = runtime();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("@" + rt.jvmArgs());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      // This JVM's own options (memory, system properties, ATTRIB_JAVA_OPTS) hold for the
      // driver too; agents and debuggers are this JVM's alone.
      if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent") && !a.startsWith("-Xrunjdwp")) {
        cmd.add(a);
      }
    }
    // Threads asked for (--threads, ATTRIB_THREADS) hold per task; otherwise each task gets
    // spark.task.cpus threads (ExecutorSetup).
    attrib
        .threadsAsked(spec.commandLine())
        .ifPresent(n -> cmd.add("-Dai.djl.pytorch.num_threads=" + n));
    cmd.add("-cp");
    cmd.add(rt.classPath());
    cmd.add(MAIN);
    cmd.addAll(args);
    if (attrib.verbose()) {
      err.println("attrib: running the Spark driver: " + Terminal.oneLine(String.join(" ", cmd)));
      err.flush();
    }
    Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT).start();
    // The driver is this command's work: when this JVM is stopped (kill, Ctrl-C), so is it.
    Thread stop = new Thread(p::destroy, "attrib-batch-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    Thread o = pump(p.getInputStream(), out);
    Thread e = pump(p.getErrorStream(), err);
    try {
      int code = p.waitFor();
      o.join();
      e.join();
      Runtime.getRuntime().removeShutdownHook(stop);
      return code;
    } catch (InterruptedException ex) {
      p.destroy();
      Thread.currentThread().interrupt();
      throw new AttribException("interrupted", AttribException.RUNTIME, ex);
    }
  }

  /** Copies a stream as it comes (Spark's progress bar redraws a line without a newline). */
  private static Thread pump(InputStream in, PrintWriter to) {
    Thread t =
        new Thread(
            () -> {
              char[] buf = new char[8192];
              try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                int n;
                while ((n = r.read(buf)) > 0) {
                  to.write(buf, 0, n);
                  to.flush();
                }
              } catch (IOException ignored) {
                // The driver ended; its exit code says how.
              }
            },
            "attrib-batch-output");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Where the Spark runtime is: the jar, its two lib folders and the JVM options file. */
  record SparkRuntime(Path jar, Path lib, Path sparkLib, Path jvmArgs) {
    String classPath() {
      return String.join(
          java.io.File.pathSeparator,
          jar.toString(),
          lib.resolve("*").toString(),
          sparkLib.resolve("*").toString());
    }
  }

  /**
   * The Spark module's runtime: {@code -Dattrib.spark.home}, else {@code spark/target} of the
   * installation; one line saying how to build it when it is missing.
   */
  static SparkRuntime runtime() {
    String prop = System.getProperty(SPARK_HOME_PROPERTY);
    Path home =
        prop != null && !prop.isBlank()
            ? Path.of(prop)
            : AttribCommand.installDir().resolve("spark").resolve("target");
    Path lib = home.resolve("lib");
    Path sparkLib = home.resolve("spark-lib");
    Path jvmArgs = home.resolve("launcher").resolve("jvm.args");
    Path jar = null;
    if (Files.isDirectory(home)) {
      try (Stream<Path> s = Files.list(home)) {
        jar =
            s.filter(
                    f -> {
                      String n = f.getFileName().toString();
                      return n.startsWith("attrib-spark-")
                          && n.endsWith(".jar")
                          && !n.endsWith("-sources.jar")
                          && !n.endsWith("-tests.jar");
                    })
                .findFirst()
                .orElse(null);
      } catch (IOException e) {
        jar = null;
      }
    }
    if (jar == null
        || !Files.isDirectory(lib)
        || !Files.isDirectory(sparkLib)
        || !Files.isRegularFile(jvmArgs)) {
      throw new AttribException(
          "the batch command needs the Spark runtime, which is not in "
              + home
              + "; build it with 'mvn -B -q package -DskipTests' (the spark module), or set -D"
              + SPARK_HOME_PROPERTY
              + "=DIR",
          AttribException.RUNTIME,
          null);
    }
    return new SparkRuntime(jar, lib, sparkLib, jvmArgs);
  }
}
