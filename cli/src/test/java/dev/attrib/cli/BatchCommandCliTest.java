package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attrib batch} as far as the CLI goes without Spark, which its class path never holds: the
 * checks made before a Spark JVM starts, and one line naming the build when the Spark runtime is
 * missing. The job itself is tested in the spark module ({@code BatchCommandTest}).
 */
class BatchCommandCliTest {

  @Test
  void withoutTheSparkRuntimeTheCommandSaysHowToBuildIt(@TempDir Path tmp) throws IOException {
    Path txt = Files.writeString(tmp.resolve("q.txt"), "how many ?\n");
    String before = System.getProperty(BatchCommand.SPARK_HOME_PROPERTY);
    System.setProperty(BatchCommand.SPARK_HOME_PROPERTY, tmp.resolve("none").toString());
    try {
      String err =
          CliRun.run(
              tmp,
              1,
              "batch",
              "--modality",
              "text",
              "--input",
              txt.toString(),
              "--out",
              tmp.resolve("out").toString())[1];
      assertTrue(
          err.startsWith("attrib: the batch command needs the Spark runtime, which is not in "),
          err);
      assertTrue(err.contains("mvn -B -q package -DskipTests"), err);
      assertEquals(1, err.lines().count(), err);
    } finally {
      if (before == null) {
        System.clearProperty(BatchCommand.SPARK_HOME_PROPERTY);
      } else {
        System.setProperty(BatchCommand.SPARK_HOME_PROPERTY, before);
      }
    }
  }

  @Test
  void badUsageFailsBeforeTheRuntimeIsLookedFor(@TempDir Path tmp) throws IOException {
    Path txt = Files.writeString(tmp.resolve("q.txt"), "how many ?\n");
    String out = tmp.resolve("out").toString();
    assertEquals(
        "attrib: --format must be parquet or json for batch, not 'csv'",
        firstLine(
            CliRun.run(
                tmp,
                2,
                "batch",
                "--modality",
                "text",
                "--input",
                txt.toString(),
                "--out",
                out,
                "--format",
                "csv")));
    assertEquals(
        "attrib: give the output folder with --out DIR",
        firstLine(CliRun.run(tmp, 2, "batch", "--modality", "text", "--input", txt.toString())));
    assertEquals(
        "attrib: " + tmp.resolve("nope.txt") + ": no such input file or folder",
        firstLine(
            CliRun.run(
                tmp,
                2,
                "batch",
                "--modality",
                "text",
                "--input",
                tmp.resolve("nope.txt").toString(),
                "--out",
                out)));
    assertTrue(
        firstLine(
                CliRun.run(
                    tmp,
                    2,
                    "batch",
                    "--modality",
                    "text",
                    "--input",
                    txt.toString(),
                    "--out",
                    out,
                    "--baseline",
                    "nosuch"))
            .startsWith("attrib: unknown baseline 'nosuch' for modality text"));
  }

  private static String firstLine(String[] outErr) {
    return outErr[1].lines().findFirst().orElse("");
  }
}
