package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.model.ModelFolders;
import dev.attrib.spi.PluginJar;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code attrib explain --model DIR INPUT} on models that load, or nearly, and then fail inside the
 * engine (issue 11): one {@code attrib: ...} line on stderr naming the model and the fix, nothing
 * on stdout, no stack trace, exit 2. The models take a vector of 3 numbers, so the vector modality
 * of {@link ExplainCommandTest} (a plugin jar built here) reads the input.
 */
class BrokenModelCommandTest {

  @TempDir static Path shared;
  static Path plugins;

  @TempDir Path home;

  @BeforeAll
  static void setUp() throws IOException {
    plugins =
        new PluginJar("vector.jar")
            .source("test.vec.VectorModality", ExplainCommandTest.VECTOR)
            .service("test.vec.VectorModality")
            .version("1.0")
            .build(shared.resolve("plugins"))
            .getParent();
  }

  /** A TorchScript folder for the vector modality holding the test module {@code module}. */
  private static Path torchScript(String module, String labels) {
    Path dir = shared.resolve(module.replace(".pt", ""));
    ModelFolders.copyModule(module, dir);
    ModelFolders.writeManifest(
        dir,
        "{\"modality\": \"vector\", \"format\": \"torchscript\", \"file\": \""
            + module
            + "\", \"labels\": "
            + labels
            + ", \"activation\": \"softmax\"}");
    return dir;
  }

  /** The broken model folder of each case, the file the line must name, and the fix it gives. */
  static Stream<Arguments> brokenModels() {
    String two = "[\"left\", \"right\"]";
    return Stream.of(
        Arguments.of(
            "random bytes in the .params file",
            ModelFolders.randomParamsFolder(shared, "random-params", "vector"),
            "tiny-0000.params",
            List.of("not a valid DJL parameter file", "Model.save")),
        Arguments.of(
            "module traced under torch.no_grad()",
            torchScript("broken_no_grad_encoder.pt", two),
            "broken_no_grad_encoder.pt",
            List.of("_transformer_encoder_layer_fwd", "re-trace it with gradients enabled")),
        Arguments.of(
            "0-d output",
            torchScript("broken_scalar_output.pt", two),
            "broken_scalar_output.pt",
            List.of("shape []", "[B, ...]")),
        Arguments.of(
            "3072 outputs, 2 labels",
            torchScript("broken_wide_output.pt", two),
            "broken_wide_output.pt",
            List.of("3072 outputs per input", "attrib.json lists 2 labels")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenModels")
  void oneLineAboutTheModelAndExitTwo(String problem, Path dir, String file, List<String> fix) {
    String[] r =
        CliRun.run(
            home,
            2,
            "explain",
            "--plugins",
            plugins.toString(),
            "--model",
            dir.toString(),
            "0.3, -0.8, 1.2");
    assertEquals("", r[0], "nothing on stdout");
    List<String> lines = r[1].lines().toList();
    assertEquals(1, lines.size(), "one line on stderr: " + r[1]);
    String line = lines.get(0);
    assertTrue(line.startsWith("attrib: " + dir.resolve(file) + ": "), line);
    assertFalse(line.contains("internal error"), line);
    assertFalse(line.contains("Exception"), line);
    for (String f : fix) {
      assertTrue(line.contains(f), "'" + f + "' missing from: " + line);
    }
  }
}
