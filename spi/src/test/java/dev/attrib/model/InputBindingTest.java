package dev.attrib.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.attrib.spi.AttribException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifest's {@code inputs} is honoured (issue 15): checked against the TorchScript module's
 * forward at load, and used to bind the named inputs the core gives, whatever their order. On
 * masked_sum.pt, {@code forward(inputs_embeds [B,L,2], attention_mask int64 [B,L])}.
 */
class InputBindingTest {

  @TempDir Path tmp;

  private static final float[] E = {0.3f, -0.7f, 1.1f, 0.4f, -0.2f, 0.9f};
  private static final long[] MASK = {1, 1, 0};

  private Path folder(String name, String inputs) {
    Path dir = tmp.resolve(name);
    ModelFolders.copyModule("masked_sum.pt", dir);
    ModelFolders.writeManifest(
        dir,
        "{\"modality\": \"vector\", \"format\": \"torchscript\", \"file\": \"masked_sum.pt\""
            + (inputs == null ? "" : ", \"inputs\": " + inputs)
            + "}");
    return dir;
  }

  /** Runs the model's function on the inputs in the order given, named when {@code named}. */
  private static float[] run(LoadedModel m, boolean maskFirst, boolean named) {
    try (NDManager nd = NDManager.newBaseManager(Device.cpu())) {
      NDArray e = nd.create(E, new Shape(1, 3, 2));
      NDArray mask = nd.create(MASK, new Shape(1, 3));
      if (named) {
        e.setName("inputs_embeds");
        mask.setName("attention_mask");
      }
      NDList in = maskFirst ? new NDList(mask, e) : new NDList(e, mask);
      return m.function().forward(in).toFloatArray();
    }
  }

  private static double[] byHand() {
    return ModelFolders.maskedSum(
        new double[][] {{0.3, -0.7}, {1.1, 0.4}, {-0.2, 0.9}}, new long[] {1, 1, 0});
  }

  @Test
  void namedInputsAreBoundByNameWhateverTheirOrder() {
    try (LoadedModel m =
        ModelLoader.load(
            folder("listed", "[\"inputs_embeds\", \"attention_mask\"]"), Set.of(), Device.cpu())) {
      assertEquals(Optional("inputs_embeds", "attention_mask"), m.forwardArguments());
      float[] inOrder = run(m, false, true);
      float[] reversed = run(m, true, true);
      assertArrayEquals(inOrder, reversed);
      double[] hand = byHand();
      for (int k = 0; k < hand.length; k++) {
        assertEquals(hand[k], inOrder[k], 1e-5);
      }
    }
  }

  @Test
  void withoutInputsTheForwardsOwnNamesBind() {
    try (LoadedModel m = ModelLoader.load(folder("unlisted", null), Set.of(), Device.cpu())) {
      assertArrayEquals(run(m, false, true), run(m, true, true));
    }
  }

  @Test
  void reversedInputsAreRejectedAtLoadNamingBothLists() {
    AttribException e =
        assertThrows(
            AttribException.class,
            () ->
                ModelLoader.load(
                    folder("reversed", "[\"attention_mask\", \"inputs_embeds\"]"),
                    Set.of(),
                    Device.cpu()));
    assertTrue(
        e.getMessage()
            .contains(
                "'inputs' lists [attention_mask, inputs_embeds] but masked_sum.pt's forward takes"
                    + " (inputs_embeds, attention_mask): the same names in another order"),
        e.getMessage());
  }

  @Test
  void otherNamesAreRejectedAtLoadNamingBothLists() {
    AttribException e =
        assertThrows(
            AttribException.class,
            () -> ModelLoader.load(folder("renamed", "[\"x\", \"mask\"]"), Set.of(), Device.cpu()));
    assertTrue(
        e.getMessage()
            .contains(
                "'inputs' lists [x, mask] but masked_sum.pt's forward takes"
                    + " (inputs_embeds, attention_mask); make 'inputs' the forward's argument names"),
        e.getMessage());
  }

  @Test
  void namesTheManifestDoesNotListFailTheForward() {
    try (LoadedModel m =
            ModelLoader.load(
                folder("listed2", "[\"inputs_embeds\", \"attention_mask\"]"),
                Set.of(),
                Device.cpu());
        NDManager nd = NDManager.newBaseManager(Device.cpu())) {
      NDArray e = nd.create(E, new Shape(1, 3, 2));
      e.setName("embeds");
      NDArray mask = nd.create(MASK, new Shape(1, 3));
      mask.setName("attention_mask");
      AttribException ex =
          assertThrows(AttribException.class, () -> m.function().forward(new NDList(e, mask)));
      assertTrue(
          ex.getMessage()
              .contains(
                  "'inputs' lists [inputs_embeds, attention_mask] but the vector"
                      + " modality gives the network [embeds, attention_mask]"),
          ex.getMessage());
    }
  }

  @Test
  void forwardNamesThatAreNotTheModalitysArePassedByPositionWithOneWarning() {
    ModelWarnings.take();
    try (LoadedModel m = ModelLoader.load(folder("positional", null), Set.of(), Device.cpu());
        NDManager nd = NDManager.newBaseManager(Device.cpu())) {
      for (int i = 0; i < 2; i++) {
        NDArray e = nd.create(E, new Shape(1, 3, 2));
        e.setName("x");
        NDArray mask = nd.create(MASK, new Shape(1, 3));
        mask.setName("mask");
        float[] out = m.function().forward(new NDList(e, mask)).toFloatArray();
        assertEquals(byHand()[0], out[0], 1e-5);
      }
      List<String> w = ModelWarnings.take();
      assertEquals(1, w.size(), w.toString());
      assertTrue(
          w.get(0)
              .contains(
                  "forward takes (inputs_embeds, attention_mask) but the vector modality"
                      + " gives (x, mask): passed by position"),
          w.get(0));
    }
  }

  @Test
  void unnamedInputsArePassedInOrder() {
    try (LoadedModel m = ModelLoader.load(folder("plain", null), Set.of(), Device.cpu())) {
      float[] out = run(m, false, false);
      assertEquals(byHand()[0], out[0], 1e-5);
    }
  }

  private static java.util.Optional<List<String>> Optional(String... names) {
    return java.util.Optional.of(List.of(names));
  }
}
