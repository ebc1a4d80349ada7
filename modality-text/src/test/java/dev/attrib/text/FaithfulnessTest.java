package dev.attrib.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.ig.Activation;
import dev.attrib.ig.Example;
import dev.attrib.ig.ModelOutputs;
import dev.attrib.model.LoadedModel;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Options;
import dev.attrib.spi.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ERASER comprehensiveness and sufficiency on the tiny classifier. */
class FaithfulnessTest {
  private static LoadedModel model;
  private static final List<String> TEXTS =
      List.of("the movie was not very good", "boring plots, great acting!", "a fun movie");

  @BeforeAll
  static void load(@TempDir Path dir) {
    model = TinyModels.load(dir, TinyModels.hfManifest(""));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void removingEverythingIsTheSameForEveryMethodAndKeepingEverythingCostsNothing() {
    List<Double> fractions = List.of(0.2, 0.5, 1.0);
    TextFaithfulness.Report r =
        TextFaithfulness.evaluate(
            model, TEXTS, ExplainSettings.defaults(), TextFaithfulness.METHODS, fractions, i -> {});
    assertEquals(3, r.texts());
    assertEquals(
        TextFaithfulness.METHODS, r.curves().stream().map(TextFaithfulness.Curve::method).toList());
    // At 100% every method removes all content tokens: comprehensiveness = F(x) - F(all pad),
    // computed here independently; sufficiency keeps all of them: exactly 0.
    double expected = 0;
    TextModality text = new TextModality();
    for (String t : TEXTS) {
      TextEncoding e = text.encode(t, model, Options.NONE);
      double[] p = ModelOutputs.at(model, new Example(e.tensors(), List.of()), Activation.SOFTMAX);
      int c = p[0] >= p[1] ? 0 : 1;
      float[] padded =
          text.baseline("pad").create(e, model, Options.NONE, 0).get(0).get(0).floats();
      List<NamedTensor> in = new ArrayList<>(e.tensors());
      in.set(
          0,
          NamedTensor.attributable(
              "inputs_embeds", Tensor.of(padded, e.tensors().get(0).value().shape())));
      double[] q = ModelOutputs.at(model, new Example(in, List.of()), Activation.SOFTMAX);
      expected += (p[c] - q[c]) / TEXTS.size();
    }
    for (TextFaithfulness.Curve c : r.curves()) {
      assertEquals(expected, c.comprehensiveness()[2], 1e-6, c.method());
      assertEquals(0.0, c.sufficiency()[2], 1e-12, c.method());
      assertEquals(
          (c.comprehensiveness()[0] + c.comprehensiveness()[1] + c.comprehensiveness()[2]) / 3,
          c.aopcComprehensiveness(),
          1e-12);
    }
    TextFaithfulness.Report again =
        TextFaithfulness.evaluate(
            model, TEXTS, ExplainSettings.defaults(), TextFaithfulness.METHODS, fractions, i -> {});
    for (int i = 0; i < r.curves().size(); i++) {
      assertArrayEquals(
          r.curves().get(i).comprehensiveness(), again.curves().get(i).comprehensiveness(), 0);
    }
    String table = r.table();
    assertTrue(table.contains("comp@20%") && table.contains("suff@100%"), table);
    assertTrue(table.lines().anyMatch(l -> l.startsWith("gradient-x-input")), table);
  }

  @Test
  void progressIsReportedAndBadRequestsAreNamed() {
    List<Integer> seen = new ArrayList<>();
    TextFaithfulness.evaluate(
        model,
        TEXTS.subList(0, 2),
        ExplainSettings.defaults(),
        List.of("random"),
        TextFaithfulness.FRACTIONS,
        seen::add);
    assertEquals(List.of(1, 2), seen);
    AttribException m =
        assertThrows(
            AttribException.class,
            () ->
                TextFaithfulness.evaluate(
                    model, TEXTS, ExplainSettings.defaults(), List.of("lime")));
    assertTrue(
        m.getMessage().contains("random") && m.getMessage().contains("saliency"), m.getMessage());
    assertThrows(
        AttribException.class,
        () ->
            TextFaithfulness.evaluate(
                model, TEXTS, ExplainSettings.defaults(), List.of("ig"), List.of(0.0), i -> {}));
  }

  @Test
  void topKRoundsUpAndStaysInRange() {
    assertEquals(1, TextFaithfulness.topK(0.01, 7));
    assertEquals(2, TextFaithfulness.topK(0.1, 20));
    assertEquals(3, TextFaithfulness.topK(0.2, 11));
    assertEquals(7, TextFaithfulness.topK(1.0, 7));
  }
}
