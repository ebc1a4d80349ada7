package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.Attrib;
import dev.attrib.model.ModelWarnings;
import dev.attrib.spi.PluginJar;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code attrib check} (issue 15): passes on every built-in demo model and every export recipe's
 * committed TorchScript model (examples/export/), and fails on the deliberately broken folders the
 * text recipe writes, each with its own specific line, exit code 1.
 */
class CheckCommandTest {

  @TempDir Path home;

  static Path recipe(String name) {
    try {
      return Path.of(CheckCommandTest.class.getResource("/recipes/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> lines(String out) {
    return Arrays.asList(out.split("\n"));
  }

  /** The line of check {@code name}, e.g. {@code FAIL padding ...}. */
  private static String line(String out, String name) {
    for (String l : lines(out)) {
      String[] parts = l.trim().split("\\s+", 3);
      if (parts.length >= 2 && parts[1].equals(name)) {
        return l;
      }
    }
    throw new AssertionError("no line for check '" + name + "' in:\n" + out);
  }

  private static void assertAllPass(String out, String... expectedChecks) {
    for (String l : lines(out)) {
      assertFalse(l.startsWith("FAIL"), out);
    }
    for (String c : expectedChecks) {
      assertTrue(line(out, c).startsWith("PASS  "), out);
    }
    assertTrue(out.contains("PASS: no check failed"), out);
  }

  static final String[] CORE = {
    "manifest", "network", "input", "signature", "output", "gradients", "completeness", "engine"
  };

  @ParameterizedTest
  @ValueSource(
      strings = {
        "text-classifier",
        "image-cnn",
        "molecule-gnn",
        "molecule-gnn-edges",
        "translation"
      })
  void everyRecipeModelPasses(String name) {
    String[] r = CliRun.run(home, 0, "check", "--model", recipe(name).toString());
    assertAllPass(r[0], CORE);
    if (!name.equals("image-cnn")) {
      // Every recipe with a mask passes the padding check; an image has no mask.
      assertTrue(line(r[0], "padding").startsWith("PASS  padding"), r[0]);
    }
    // Bound by name: each recipe's forward names its arguments as the contract does.
    assertTrue(line(r[0], "signature").contains("bound by name"), r[0]);
  }

  @Test
  void theTextRecipePassesItsModalitysOwnChecksToo() {
    String out = CliRun.run(home, 0, "check", "--model", recipe("text-classifier").toString())[0];
    assertTrue(
        line(out, "embedding").contains("'model.embeddings.word_embeddings.weight' [73, 16]"), out);
    assertTrue(line(out, "padding").startsWith("PASS  padding"), out);
    assertTrue(line(out, "completeness").contains("within 1%"), out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"text", "image", "molecule", "translation"})
  void everyBuiltInDemoPasses(String modality) {
    String[] r = CliRun.run(home, 0, "check", "--demo", modality);
    assertAllPass(r[0], CORE);
  }

  /** Each broken folder, the check that must fail, and what its line must say. */
  static Stream<Arguments> brokenFolders() {
    return Stream.of(
        Arguments.of(
            "text-no-grad-trace",
            "gradients",
            "PyTorch has no derivative for aten::_transformer_encoder_layer_fwd",
            "re-trace it with gradients enabled"),
        Arguments.of(
            "text-reversed-inputs",
            "signature",
            "'inputs' lists [attention_mask, inputs_embeds] but model.pt's forward takes"
                + " (inputs_embeds, attention_mask)",
            "list them in the forward's order"),
        Arguments.of(
            "text-wrong-labels",
            "output",
            "the network gives 2 outputs per input but",
            "lists 3 labels"),
        Arguments.of(
            "text-wrong-embedding",
            "embedding",
            "'embedding' names 'embeddings.word_embeddings.weight', but",
            "embedding-like parameters: model.embeddings.word_embeddings.weight [73, 16]"),
        Arguments.of(
            "text-padding-leaks",
            "padding",
            "3 padded positions (attention_mask 0",
            "padding leaks into the output; apply attention_mask in the model"),
        Arguments.of(
            "molecule-padding-leaks",
            "padding",
            "3 padded atoms (zero features, atom_mask 0) change the output by",
            "padding leaks into the output; multiply atom states by atom_mask"),
        Arguments.of(
            "molecule-edges-padding-leaks",
            "padding",
            "3 padded atoms (zero features, atom_mask 0) and 6 padded edges (edge_mask 0) change"
                + " the output by",
            "multiply atom states by atom_mask before every sum over atoms, and messages by"
                + " edge_mask"),
        Arguments.of(
            "translation-nested-tensor",
            "padding",
            "the network fails on the input with 3 padded positions (src_mask 0)",
            "set transformer.encoder.enable_nested_tensor = False"));
  }

  @ParameterizedTest
  @MethodSource("brokenFolders")
  void everyBrokenFolderFailsWithItsSpecificMessage(
      String folder, String check, String says, String fix) {
    String[] r = CliRun.run(home, 1, "check", "--model", recipe("broken/" + folder).toString());
    String out = r[0];
    String l = line(out, check);
    assertTrue(l.startsWith("FAIL  " + check), out);
    assertTrue(l.contains(says), l);
    assertTrue(l.contains(fix), l);
    // Exactly one check fails: the report points at the one thing to fix.
    assertEquals(1, lines(out).stream().filter(x -> x.startsWith("FAIL  ")).count(), out);
    assertTrue(out.contains("FAIL: 1 of "), out);
    // What the doctor reports is not printed again as a load warning.
    assertFalse(r[1].contains("attrib: warning:"), r[1]);
  }

  @Test
  void aPluginModalityIsCheckedOnTheInputGivenAndAsksForOneWithoutASample(@TempDir Path shared)
      throws IOException {
    Path plugins =
        new PluginJar("vector.jar")
            .source("test.vec.VectorModality", ExplainCommandTest.VECTOR)
            .service("test.vec.VectorModality")
            .version("1.0")
            .build(shared.resolve("plugins"))
            .getParent();
    Path model = shared.resolve("model");
    Files.createDirectories(model);
    Files.copy(
        Path.of("../spi/src/test/resources/torchscript/tanh_mlp.pt"), model.resolve("model.pt"));
    Files.writeString(
        model.resolve("attrib.json"),
        "{\"modality\": \"vector\", \"format\": \"torchscript\", \"inputs\": [\"x\"],"
            + " \"labels\": [\"left\", \"right\"], \"activation\": \"softmax\"}");
    String[] without =
        CliRun.run(home, 1, "check", "--plugins", plugins.toString(), "--model", model.toString());
    assertTrue(
        line(without[0], "input")
            .contains("the vector modality has no sample input: give one (attrib check"),
        without[0]);
    String[] with =
        CliRun.run(
            home,
            0,
            "check",
            "--plugins",
            plugins.toString(),
            "--model",
            model.toString(),
            "0.8,-1.2,0.5");
    assertAllPass(with[0], CORE);
  }

  @Test
  void aMissingFolderIsAFailedManifestCheckNotAnError() {
    String[] r = CliRun.run(home, 1, "check", "--model", home.resolve("nowhere").toString());
    assertTrue(line(r[0], "manifest").contains("not a model folder (no such directory)"), r[0]);
    assertTrue(line(r[0], "network").startsWith("SKIP  network"), r[0]);
  }

  @Test
  void aGivenInputIsAttributedInsteadOfTheSample() {
    String out =
        CliRun.run(
            home, 0, "check", "--model", recipe("text-classifier").toString(), "a slow story")[0];
    assertTrue(line(out, "input").contains("'a slow story': 5 units"), out);
  }

  @Test
  void passAndFailAreColouredOnATerminalOnly() {
    String plain =
        new String(
            CliRun.bytes(home, 0, false, "check", "--model", recipe("molecule-gnn").toString())
                .stdout(),
            StandardCharsets.UTF_8);
    assertFalse(plain.contains("\u001b["), plain);
    String tty =
        new String(
            CliRun.bytes(home, 0, true, "check", "--model", recipe("molecule-gnn").toString())
                .stdout(),
            StandardCharsets.UTF_8);
    assertTrue(tty.contains("\u001b["), tty);
    assertTrue(tty.contains("PASS"), tty);
  }

  @Test
  void modelAndDemoAreExclusiveAndOneIsRequired() {
    CliRun.run(home, 2, "check");
    CliRun.run(home, 2, "check", "--demo", "text", "--model", recipe("text-classifier").toString());
  }

  @Test
  void aNoGradTraceFailsTheTextCommandWithOneLineSayingWhatToDo() {
    String[] r =
        CliRun.run(
            home,
            2,
            "text",
            "--model",
            recipe("broken/text-no-grad-trace").toString(),
            "the movie was good");
    assertEquals(1, r[1].lines().count(), r[1]);
    assertTrue(r[1].contains("re-trace it with gradients enabled"), r[1]);
  }

  @Test
  void aLeakingMaskIsAWarningWhenTheModelIsLoadedForAttribution() {
    String[] r =
        CliRun.run(
            home,
            0,
            "text",
            "--model",
            recipe("broken/text-padding-leaks").toString(),
            "the movie was good");
    assertTrue(r[0].contains("the movie was good"), r[0]);
    assertTrue(
        r[1].contains("attrib: warning: padding: 3 padded positions (attention_mask 0"), r[1]);
    assertTrue(r[1].contains("padding leaks into the output"), r[1]);
    // A folder that passes loads without a word.
    String[] ok =
        CliRun.run(
            home, 0, "text", "--model", recipe("text-classifier").toString(), "a slow story");
    assertFalse(ok[1].contains("warning"), ok[1]);
  }

  @Test
  void attribLoadLeavesTheSameWarningForALibraryCaller() {
    ModelWarnings.take();
    try (Attrib a = Attrib.load(recipe("broken/text-padding-leaks"))) {
      assertEquals("text", a.modality().name());
    }
    List<String> w = ModelWarnings.take();
    assertEquals(1, w.size(), w.toString());
    assertTrue(w.get(0).startsWith("padding: 3 padded positions"), w.get(0));
    try (Attrib a = Attrib.load(recipe("text-classifier"))) {
      assertEquals("text", a.modality().name());
    }
    assertEquals(List.of(), ModelWarnings.take());
  }

  @Test
  void reversedInputsFailTheTextCommandNamingBothLists() {
    String[] r =
        CliRun.run(
            home,
            2,
            "text",
            "--model",
            recipe("broken/text-reversed-inputs").toString(),
            "the movie was good");
    assertTrue(
        r[1].contains(
            "'inputs' lists [attention_mask, inputs_embeds] but model.pt's forward takes"
                + " (inputs_embeds, attention_mask)"),
        r[1]);
  }
}
