package dev.attrib.spark;

import dev.attrib.spi.AttribException;
import dev.attrib.spi.Escape;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The driver of {@code attrib batch}: the CLI's {@code batch} command checks the command line and
 * hands the job over here, in its own JVM when Spark is not on the CLI's class path (the {@code
 * attrib-spark-*-batch.jar} launcher, whose manifest names this class, the attrib jars and Spark's)
 * or by calling {@link #run} when it is.
 *
 * <pre>{@code
 * java -jar spark/target/attrib-spark-0.1.0-SNAPSHOT-batch.jar model=/models/molecule-tasks \
 *     input=library.smi out=explained format=parquet master=local[*] target=all
 * }</pre>
 *
 * <p>The arguments are {@code key=value} pairs (an internal hand-over between two of attrib's own
 * modules, not a user interface): {@code model}, {@code input}, {@code out} (required), {@code
 * source} (how to name the input; default its path), {@code format} ({@code parquet}), {@code
 * master} ({@code local[*]}), {@code partitions}, {@code device}, {@code plugins} (repeatable),
 * {@code verbose}, {@code progress}, and the settings {@code method}, {@code steps}, {@code
 * tolerance}, {@code maxSteps}, {@code quadrature}, {@code batchSize}, {@code memoryBudget}, {@code
 * noiseSamples}, {@code noiseStdev}, {@code noiseOver}, {@code seed}, {@code baseline}, {@code
 * target}, {@code on} and {@code option.KEY} for modality options.
 *
 * <p>Exit codes as the CLI's: 0 ok, 1 run-time failure, 2 bad usage or input, including a batch in
 * which some records failed (their rows, with {@code error}, are written with the others; the first
 * {@value BatchJob#SHOWN_ERRORS} are printed). Errors are one line, {@code attrib: <message>}, with
 * a stack trace only with {@code verbose=true}; Spark's log is off unless verbose.
 */
public final class BatchMain {
  private BatchMain() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = run(Arrays.asList(args), out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one batch and returns the exit code; never throws. */
  public static int run(List<String> args, PrintWriter out, PrintWriter err) {
    boolean verbose = false;
    try {
      Map<String, List<String>> a = parse(args);
      verbose = Boolean.parseBoolean(one(a, "verbose", "false"));
      quietLogging(verbose);
      if (System.getProperty("ai.djl.offline") == null) {
        System.setProperty("ai.djl.offline", "true");
      }
      // Netty (Spark's RPC) reaches direct buffers by reflection only when told it may; the
      // launcher opens java.nio for it.
      if (System.getProperty("io.netty.tryReflectionSetAccessible") == null) {
        System.setProperty("io.netty.tryReflectionSetAccessible", "true");
      }
      Path input = Path.of(required(a, "input"));
      BatchJob job =
          new BatchJob(
              attrib(a),
              input,
              one(a, "source", input.toString()),
              Path.of(required(a, "out")),
              one(a, "format", "parquet"),
              one(a, "master", "local[*]"),
              Integer.parseInt(one(a, "partitions", "0")));
      job.check();
      long start = System.nanoTime();
      BatchJob.Result r;
      SparkSession spark = job.session(Boolean.parseBoolean(one(a, "progress", "false")));
      try {
        r = job.run(spark);
      } finally {
        spark.stop();
        ModelCache.clear();
      }
      double secs = (System.nanoTime() - start) / 1e9;
      out.printf(
          "%s: %d rows for %d inputs (%s) in %.1f s%n",
          Escape.terminal(required(a, "out")),
          r.rows(),
          r.inputs(),
          one(a, "format", "parquet"),
          secs);
      out.flush();
      for (String e : r.errors()) {
        err.println("attrib: " + Escape.terminal(e));
      }
      if (r.failed() > r.errors().size()) {
        err.println(
            "attrib: ... and "
                + (r.failed() - r.errors().size())
                + " more (the rows whose error column is set)");
      }
      if (r.failed() > 0) {
        err.println(
            "attrib: "
                + r.failed()
                + " of "
                + r.inputs()
                + " inputs failed; the others were written");
        return AttribException.BAD_INPUT;
      }
      return 0;
    } catch (RuntimeException e) {
      AttribException ae = attribCause(e);
      if (verbose) {
        e.printStackTrace(err);
      }
      if (ae != null) {
        err.println("attrib: " + oneLine(ae.getMessage()));
        return ae.exitCode();
      }
      err.println("attrib: " + oneLine(e.getClass().getName() + ": " + e.getMessage()));
      return AttribException.RUNTIME;
    } finally {
      err.flush();
    }
  }

  /** The settings of the arguments; unknown keys are refused, naming the key. */
  static AttribSpark attrib(Map<String, List<String>> a) {
    AttribSpark.Builder b = AttribSpark.builder().model(Path.of(required(a, "model")));
    for (Map.Entry<String, List<String>> e : a.entrySet()) {
      String v = e.getValue().get(e.getValue().size() - 1);
      switch (e.getKey()) {
        case "model",
            "input",
            "out",
            "source",
            "format",
            "master",
            "partitions",
            "verbose",
            "progress" -> {}
        case "device" -> b.device(v);
        case "plugins" -> e.getValue().forEach(p -> b.plugins(Path.of(p)));
        case "method" -> b.method(v);
        case "steps" -> b.steps(Integer.parseInt(v));
        case "tolerance" -> b.tolerance(Double.valueOf(v));
        case "maxSteps" -> b.maxSteps(Integer.parseInt(v));
        case "quadrature" -> b.quadrature(v);
        case "batchSize" -> b.batchSize(Integer.valueOf(v));
        case "memoryBudget" -> b.memoryBudget(Long.parseLong(v));
        case "noiseSamples" -> b.noiseSamples(Integer.parseInt(v));
        case "noiseStdev" -> b.noiseStdev(Double.parseDouble(v));
        case "noiseOver" -> b.noiseOver(v);
        case "seed" -> b.seed(Long.parseLong(v));
        case "baseline" -> b.baseline(v);
        case "target" -> b.target(v);
        case "on" -> b.on(v);
        default -> {
          if (e.getKey().startsWith("option.")) {
            b.option(e.getKey().substring("option.".length()), v);
          } else {
            throw new AttribException("unknown batch argument '" + e.getKey() + "'");
          }
        }
      }
    }
    return b.build();
  }

  static Map<String, List<String>> parse(List<String> args) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new AttribException("batch arguments are key=value, not '" + arg + "'");
      }
      m.computeIfAbsent(arg.substring(0, eq), k -> new ArrayList<>()).add(arg.substring(eq + 1));
    }
    return m;
  }

  private static String one(Map<String, List<String>> a, String key, String fallback) {
    List<String> v = a.get(key);
    return v == null ? fallback : v.get(v.size() - 1);
  }

  private static String required(Map<String, List<String>> a, String key) {
    String v = one(a, key, null);
    if (v == null) {
      throw new AttribException("batch: no " + key + "=...");
    }
    return v;
  }

  /**
   * Spark logs through log4j2 and, finding no configuration, loads its own (INFO, with a line
   * saying so on stderr); a configuration of ours, named before log4j2 starts, keeps it quiet.
   * Embedded in a JVM whose logging is already set (a test, an application), nothing changes.
   */
  private static void quietLogging(boolean verbose) {
    if (System.getProperty("log4j2.configurationFile") != null
        || System.getProperty("log4j.configurationFile") != null) {
      return;
    }
    var url =
        BatchMain.class.getResource(
            verbose ? "batch-log4j2-verbose.properties" : "batch-log4j2-quiet.properties");
    if (url != null) {
      System.setProperty("log4j2.configurationFile", url.toString());
    }
  }

  /** The first {@link AttribException} in the cause chain (Spark wraps what a task threw). */
  private static AttribException attribCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof AttribException ae) {
        return ae;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  private static String oneLine(String s) {
    return s == null ? "(no message)" : Escape.terminal(s.strip().replaceAll("\\s*\\R\\s*", " "));
  }
}
