package dev.attrib.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import dev.attrib.ig.Activation;
import dev.attrib.ig.Attribution;
import dev.attrib.ig.Example;
import dev.attrib.ig.IntegratedGradients;
import dev.attrib.ig.ModelOutputs;
import dev.attrib.ig.Target;
import dev.attrib.internal.ModelFunction;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Tensor;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models that load, or nearly, and then fail inside the engine (issue 11): each failure is one line
 * about the model, naming its file and what to do, with exit code 2 (bad input), never an engine
 * exception that the CLI would call an internal error. The broken TorchScript modules are made by
 * {@code make_torchscript.py}; all take {@code x [B,3]}.
 */
class BrokenModelTest {

  @TempDir Path tmp;

  private static final Example X = Example.of(Tensor.of(new float[] {0.3f, -0.8f, 1.2f}, 3));

  /** Loads {@code dir} and explains {@code target} by IG, as {@code attrib explain} would. */
  private static AttribException attributionFails(Path dir, Target target) {
    AttribException e =
        assertThrows(
            AttribException.class,
            () -> {
              try (LoadedModel m = ModelLoader.load(dir, Set.of(), Device.cpu())) {
                IntegratedGradients.builder().steps(4).build().attribute(m, X, target);
              }
            });
    assertEquals(AttribException.BAD_INPUT, e.exitCode(), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
    return e;
  }

  private static void assertMentions(AttribException e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
    }
  }

  private Path torchScript(String folder, String module, String labels) {
    Path dir = tmp.resolve(folder);
    ModelFolders.copyModule(module, dir);
    ModelFolders.writeManifest(
        dir,
        "{\"modality\": \"test\", \"format\": \"torchscript\", \"file\": \""
            + module
            + "\""
            + (labels == null ? "" : ", \"labels\": " + labels)
            + "}");
    return dir;
  }

  @Test
  void djlParametersWithRandomBytesAreNotAValidParameterFile() {
    Path dir = ModelFolders.randomParamsFolder(tmp, "random-params", "test");
    AttribException e = attributionFails(dir, Target.index(0));
    assertMentions(
        e,
        dir.resolve("tiny-0000.params").toString(),
        "not a valid DJL parameter file",
        TinyTanhMlp.class.getName());
  }

  @Test
  void moduleTracedUnderNoGradSaysToReTraceWithGradients() {
    Path dir = torchScript("no-grad", "broken_no_grad_encoder.pt", null);
    try (LoadedModel m = ModelLoader.load(dir, Set.of(), Device.cpu())) {
      // The forward pass runs (so predictions work); only the backward pass cannot.
      assertEquals(2, ModelOutputs.at(m, X, Activation.NONE).length);
    }
    AttribException e = attributionFails(dir, Target.index(0));
    assertMentions(
        e,
        dir.resolve("broken_no_grad_encoder.pt").toString(),
        "aten::_transformer_encoder_layer_fwd",
        "re-trace it",
        "gradients enabled",
        "torch.no_grad()");
  }

  @Test
  void scalarOutputNeedsABatchDimension() {
    Path dir = torchScript("scalar", "broken_scalar_output.pt", null);
    AttribException e = attributionFails(dir, Target.index(0));
    assertMentions(
        e, dir.resolve("broken_scalar_output.pt").toString(), "shape []", "[B, ...]", "batch");
    assertFalse(e.getMessage().contains("slice()"), e.getMessage());
  }

  @Test
  void outputThatDoesNotMatchTheLabelsSaysBothNumbers() {
    Path dir = torchScript("wide", "broken_wide_output.pt", "[\"left\", \"right\"]");
    // The predicted class (argmax over all 3072 values) is what the user got: index 1647 or so.
    AttribException e = attributionFails(dir, Target.index(1));
    assertMentions(
        e,
        dir.resolve("broken_wide_output.pt").toString(),
        "3072 outputs per input",
        dir.resolve("attrib.json").toString(),
        "2 labels",
        "[B, 3072]",
        "[B, 2]");
  }

  @Test
  void outputWithOneRowForTheWholeBatchNeedsABatchDimension() {
    // A batch of one hides it; IG's first batch holds several points.
    Path dir = torchScript("batch-mean", "broken_batch_mean.pt", null);
    AttribException e = attributionFails(dir, Target.index(0));
    assertMentions(
        e,
        dir.resolve("broken_batch_mean.pt").toString(),
        "shape [1, 3] for a batch of",
        "[B, ...]",
        "one row per input");
  }

  @Test
  void outputThatDoesNotDependDifferentiablyOnTheInputIsNamed() {
    Path dir = torchScript("detached", "broken_detached_output.pt", null);
    AttribException e = attributionFails(dir, Target.index(0));
    assertMentions(
        e,
        dir.resolve("broken_detached_output.pt").toString(),
        "does not depend differentiably on its inputs",
        "detach()");
  }

  @Test
  void theSameEngineFailureInAttribsOwnCodeStaysAnInternalError() {
    // A ModelFunction written in code is ours (or the caller's) to fix, not a user's model folder:
    // its backward failure is not dressed up as bad input.
    ModelFunction detached = in -> in.head().stopGradient().sum(new int[] {1}, true);
    EngineException e =
        assertThrows(
            EngineException.class,
            () ->
                IntegratedGradients.builder()
                    .steps(4)
                    .build()
                    .attribute(detached, X, Target.index(0)));
    assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
  }

  @Test
  void outputSizeIsNotCheckedWhenTheManifestListsNoLabels() {
    // Without labels any output size is the model's business (e.g. a plugin's own targets).
    Path dir = torchScript("wide-unlabelled", "broken_wide_output.pt", null);
    try (LoadedModel m = ModelLoader.load(dir, Set.of(), Device.cpu())) {
      Attribution a =
          IntegratedGradients.builder().steps(4).build().attribute(m, X, Target.index(5));
      assertEquals(1.2, a.output(), 1e-6);
    }
  }

  @Test
  void outputWithTheMatchingNumberOfLabelsIsFine() {
    Path dir = torchScript("mlp", "tanh_mlp.pt", "[\"left\", \"right\"]");
    try (LoadedModel m = ModelLoader.load(dir, Set.of(), Device.cpu())) {
      Attribution a =
          IntegratedGradients.builder().steps(4).build().attribute(m, X, Target.index(1));
      assertEquals(ModelFolders.tanhMlp(new double[] {0.3, -0.8, 1.2})[1], a.output(), 1e-6);
    }
  }
}
