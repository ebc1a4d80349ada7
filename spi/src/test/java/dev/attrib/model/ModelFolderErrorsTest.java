package dev.attrib.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.attrib.ig.Attribution;
import dev.attrib.ig.Example;
import dev.attrib.ig.IntegratedGradients;
import dev.attrib.ig.Target;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every broken model folder gives one AttribException naming the file and the problem. */
class ModelFolderErrorsTest {

  @TempDir Path tmp;

  private static AttribException loadFails(Path dir) {
    return assertThrows(AttribException.class, () -> ModelLoader.load(dir, Set.of(), Device.cpu()));
  }

  private static void assertMentions(AttribException e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
    }
  }

  private Path folder(String name, String manifest) {
    Path dir = tmp.resolve(name);
    ModelFolders.writeManifest(dir, manifest);
    return dir;
  }

  @Test
  void missingFolder() {
    Path dir = tmp.resolve("nowhere");
    assertMentions(loadFails(dir), dir.toString(), "no such directory");
  }

  @Test
  void missingManifest() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("empty"));
    assertMentions(loadFails(dir), dir.resolve("attrib.json").toString(), "no model manifest");
  }

  @Test
  void invalidJson() {
    Path dir = folder("badjson", "{\"modality\": \"test\", \"format\": ");
    assertMentions(loadFails(dir), dir.resolve("attrib.json").toString(), "not valid JSON");
  }

  @Test
  void jsonThatIsNotAnObject() {
    Path dir = folder("array", "[1, 2]");
    assertMentions(loadFails(dir), "attrib.json", "JSON object");
  }

  @Test
  void unknownKeyIsNamed() {
    Path dir =
        folder(
            "typo",
            "{\"modality\": \"test\", \"format\": \"torchscript\", \"lables\": [\"a\", \"b\"]}");
    ModelFolders.copyModule("tanh_mlp.pt", dir);
    AttribException e = loadFails(dir);
    assertMentions(e, dir.resolve("attrib.json").toString(), "unknown key 'lables'", "labels");
  }

  @Test
  void modalityKeysAreAcceptedOnlyWhenTheModalityDeclaresThem() {
    Path dir =
        folder(
            "extra",
            "{\"modality\": \"test\", \"format\": \"torchscript\", \"file\": \"tanh_mlp.pt\","
                + " \"embedding\": \"fc1.weight\"}");
    ModelFolders.copyModule("tanh_mlp.pt", dir);
    assertMentions(loadFails(dir), "unknown key 'embedding'");
    try (LoadedModel m = ModelLoader.load(dir, Set.of("embedding"), Device.cpu())) {
      assertEquals("fc1.weight", m.manifest().json().get("embedding").getAsString());
    }
  }

  @Test
  void missingModality() {
    Path dir = folder("nomodality", "{\"format\": \"torchscript\"}");
    assertMentions(
        loadFails(dir), dir.resolve("attrib.json").toString(), "missing required key 'modality'");
  }

  @Test
  void unknownFormatListsTheAvailableOnes() {
    Path dir = folder("onnx", "{\"modality\": \"test\", \"format\": \"onnx\"}");
    assertMentions(
        loadFails(dir), dir.resolve("attrib.json").toString(), "'onnx'", "torchscript", "djl");
  }

  @Test
  void missingNetworkFile() {
    Path dir = folder("nopt", "{\"modality\": \"test\", \"format\": \"torchscript\"}");
    assertMentions(loadFails(dir), dir.resolve("model.pt").toString(), "missing network file");
  }

  @Test
  void corruptNetworkFile() throws Exception {
    Path dir = folder("corrupt", "{\"modality\": \"test\", \"format\": \"torchscript\"}");
    byte[] junk = new byte[4096];
    new Random(42).nextBytes(junk);
    Files.write(dir.resolve("model.pt"), junk);
    AttribException e = loadFails(dir);
    assertMentions(e, dir.resolve("model.pt").toString(), "not a loadable TorchScript module");
    assertTrue(e.getMessage().lines().count() == 1, "one line: " + e.getMessage());
  }

  @Test
  void djlBlockClassThatDoesNotExist() {
    Path dir =
        folder(
            "noclass",
            "{\"modality\": \"test\", \"format\": \"djl\", \"block\": \"com.example.NoSuchBlock\"}");
    assertMentions(
        loadFails(dir),
        dir.resolve("attrib.json").toString(),
        "com.example.NoSuchBlock",
        "not found");
  }

  @Test
  void djlBlockClassThatIsNotABlock() {
    Path dir =
        folder(
            "notablock",
            "{\"modality\": \"test\", \"format\": \"djl\", \"block\": \"java.lang.StringBuilder\"}");
    assertMentions(loadFails(dir), "java.lang.StringBuilder", "not an ai.djl.nn.Block");
  }

  @Test
  void djlParamsFileMissing() {
    Path dir =
        folder(
            "noparams",
            "{\"modality\": \"test\", \"format\": \"djl\", \"block\": \""
                + TinyTanhMlp.class.getName()
                + "\", \"params\": \"tiny\"}");
    assertMentions(
        loadFails(dir), dir.resolve("tiny-0000.params").toString(), "missing parameter file");
  }

  @Test
  void shapeMismatchAtForwardTimeNamesTheFileAndTheShapes() {
    Path dir = ModelFolders.torchScriptFolder(tmp, "mlp", "tanh_mlp.pt");
    try (LoadedModel m = ModelLoader.load(dir, Set.of(), Device.cpu())) {
      Example wrong = Example.of(Tensor.of(new float[] {1f, 2f, 3f, 4f, 5f}, 5));
      AttribException e =
          assertThrows(
              AttribException.class,
              () ->
                  IntegratedGradients.builder()
                      .steps(4)
                      .build()
                      .attribute(m, wrong, Target.index(0)));
      // The file, the shapes fed (batch-first: the batch size is the core's choice), and
      // PyTorch's own reason (not TorchScript's traceback header).
      assertMentions(
          e, dir.resolve("tanh_mlp.pt").toString(), "forward failed", ", 5)]", "x5 and 3x4");
      assertTrue(e.getMessage().lines().count() == 1, "one line: " + e.getMessage());
      // The model is still usable after a failed forward.
      Attribution ok =
          IntegratedGradients.builder()
              .steps(4)
              .build()
              .attribute(m, Example.of(Tensor.of(new float[] {1f, 2f, 3f}, 3)), Target.index(0));
      assertEquals(ModelFolders.tanhMlp(new double[] {1, 2, 3})[0], ok.output(), 1e-6);
    }
  }

  @Test
  void djlFormatFolderLoadsAndAttributes() throws Exception {
    Path dir = tmp.resolve("djl");
    Files.createDirectories(dir);
    float[] x = {0.7f, -1.1f, 0.4f};
    float[] original;
    try (Model model = Model.newInstance("tiny", Device.cpu(), "PyTorch")) {
      TinyTanhMlp block = new TinyTanhMlp();
      model.setBlock(block);
      block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3));
      try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
        NDArray in = m.create(x, new Shape(1, 3));
        original =
            block
                .forward(new ParameterStore(m, false), new NDList(in), false)
                .head()
                .toFloatArray();
      }
      model.save(dir, "tiny");
    }
    assertTrue(Files.isRegularFile(dir.resolve("tiny-0000.params")));
    ModelFolders.writeManifest(
        dir,
        "{\"modality\": \"test\", \"format\": \"djl\", \"block\": \""
            + TinyTanhMlp.class.getName()
            + "\", \"params\": \"tiny\"}");
    try (LoadedModel loaded = ModelLoader.load(dir, Set.of(), Device.cpu())) {
      assertEquals("djl", loaded.manifest().format());
      float[] out;
      try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
        out = loaded.function().forward(new NDList(m.create(x, new Shape(1, 3)))).toFloatArray();
      }
      assertArrayEquals(original, out, 1e-6f);
      for (int k = 0; k < 2; k++) {
        Attribution a =
            IntegratedGradients.builder()
                .steps(32)
                .build()
                .attribute(loaded, Example.of(Tensor.of(x, 3)), Target.index(k));
        assertEquals(original[k], a.output(), 1e-6);
        assertTrue(a.completeness().relativeDelta() <= 1e-4, a.completeness().toString());
      }
    }
  }

  @Test
  void djlParamsThatDoNotFitTheBlock() throws Exception {
    // Parameters saved from a differently shaped block (Linear(4) -> tanh -> Linear(2) on 3
    // inputs) cannot be loaded into a block that declares another structure.
    Path dir = tmp.resolve("misfit");
    Files.createDirectories(dir);
    try (Model model = Model.newInstance("tiny", Device.cpu(), "PyTorch")) {
      ai.djl.nn.SequentialBlock other = new ai.djl.nn.SequentialBlock();
      other.add(ai.djl.nn.core.Linear.builder().setUnits(2).build());
      model.setBlock(other);
      other.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3));
      model.save(dir, "tiny");
    }
    ModelFolders.writeManifest(
        dir,
        "{\"modality\": \"test\", \"format\": \"djl\", \"block\": \""
            + TinyTanhMlp.class.getName()
            + "\", \"params\": \"tiny\"}");
    AttribException e = loadFails(dir);
    assertMentions(e, dir.resolve("tiny-0000.params").toString(), "do not fit", "TinyTanhMlp");
    assertTrue(!e.getMessage().contains("(no message)"), e.getMessage());
  }
}
