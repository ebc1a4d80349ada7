package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.attrib.spi.PluginJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example plugin in {@code examples/plugin-timeseries}, built into a jar from its sources here
 * (javac in-process: a Maven build inside a unit test would be slow and need the artifacts
 * installed), dropped into a plugin folder, and used through {@code modalities} and {@code explain}
 * as a user would.
 */
class PluginExampleTest {
  static final Path EXAMPLE = Path.of("../examples/plugin-timeseries");

  @TempDir static Path tmp;
  static Path plugins;

  @TempDir Path home;

  @BeforeAll
  static void buildThePluginJar() throws IOException {
    plugins = buildJar(tmp);
  }

  /** Compiles the example's sources and writes its jar into {@code dir/plugins}; returns that. */
  static Path buildJar(Path dir) throws IOException {
    Path src = EXAMPLE.resolve("src/main/java");
    PluginJar jar = new PluginJar("attrib-plugin-timeseries-1.0.jar").version("1.0");
    try (Stream<Path> files = Files.walk(src)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String rel = src.relativize(f).toString().replace('\\', '/');
        jar.source(
            rel.substring(0, rel.length() - ".java".length()).replace('/', '.'),
            Files.readString(f));
      }
    }
    for (String line :
        Files.readAllLines(
            EXAMPLE.resolve("src/main/resources/META-INF/services/dev.attrib.spi.Modality"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        jar.service(line.strip());
      }
    }
    return jar.build(dir.resolve("plugins")).getParent();
  }

  private String[] run(int expected, String... args) {
    return CliRun.run(home, expected, args);
  }

  @Test
  void theDroppedInJarIsListedWithItsVersionAndBaselines() {
    String out = run(0, "--plugins", plugins.toString(), "modalities")[0];
    assertTrue(
        out.lines()
            .anyMatch(
                l ->
                    l.startsWith("timeseries")
                        && l.contains("attrib-plugin-timeseries-1.0.jar 1.0")
                        && l.contains("baselines: zero,mean,linear")),
        out);
  }

  @Test
  void explainTakesTheModalityFromTheManifest() {
    Path model = EXAMPLE.resolve("demo-model");
    String out =
        run(
            0,
            "explain",
            "--plugins",
            plugins.toString(),
            "--model",
            model.toString(),
            model.resolve("record.csv").toString(),
            "--format",
            "json",
            "--baseline",
            "mean")[0];
    JsonObject o = JsonParser.parseString(out.strip()).getAsJsonObject();
    assertEquals("timeseries", o.get("modality").getAsString());
    assertEquals("spike", o.getAsJsonObject("prediction").get("label").getAsString());
    assertEquals("mean", o.getAsJsonObject("method").get("baseline").getAsString());
    assertTrue(o.getAsJsonObject("completeness").get("relativeDelta").getAsDouble() < 0.01);
    JsonArray units = o.getAsJsonArray("units");
    assertEquals(32, units.size());
    // The record's spike is at t=20: it carries the largest attribution to "spike".
    int best = 0;
    for (int i = 1; i < units.size(); i++) {
      if (units.get(i).getAsJsonObject().get("score").getAsDouble()
          > units.get(best).getAsJsonObject().get("score").getAsDouble()) {
        best = i;
      }
    }
    assertEquals(20, best);
  }

  @Test
  void withoutThePluginFolderTheModalityIsUnknown() {
    Path model = EXAMPLE.resolve("demo-model");
    String err = run(2, "explain", "--model", model.toString(), "0,0;1,1")[1];
    assertTrue(err.startsWith("attrib: unknown modality 'timeseries'"), err);
  }
}
