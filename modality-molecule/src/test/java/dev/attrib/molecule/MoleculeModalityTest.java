package dev.attrib.molecule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelLoader;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Modality;
import dev.attrib.spi.ModalityRegistry;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Options;
import dev.attrib.spi.Unit;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MoleculeModalityTest {
  private static LoadedModel model;
  private static final MoleculeModality MOL = new MoleculeModality();

  @BeforeAll
  static void load() {
    model = TinyModel.load();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  @SuppressWarnings("rawtypes") // ServiceLoader knows only the raw class Modality
  void registeredThroughServiceLoader() {
    long found =
        ServiceLoader.load(Modality.class).stream()
            .filter(p -> p.type() == MoleculeModality.class)
            .count();
    assertEquals(1, found, "META-INF/services must name MoleculeModality exactly once");
    assertEquals("molecule", ModalityRegistry.builtIn().forName("molecule").name());
    assertEquals(
        List.of("zero", "unbonded", "carbon"),
        MOL.baselines().stream().map(b -> b.name()).toList());
    assertEquals(
        List.of("svg", "png", "html", "json", "plain"),
        MOL.renderers().stream().map(r -> r.format()).toList());
  }

  @Test
  void encodesTensorsInForwardOrderAndUnitsAtomsThenBonds() {
    MoleculeEncoding e = MOL.encode("O=C(O)c1ccccc1[N+](=O)[O-]", model, Options.NONE);
    List<NamedTensor> t = e.tensors();
    assertEquals(
        List.of("atom_features", "pair_features", "atom_mask"),
        t.stream().map(NamedTensor::name).toList());
    assertTrue(t.get(0).attributable() && t.get(1).attributable() && !t.get(2).attributable());
    assertArrayEquals(new long[] {12, 31}, t.get(0).value().shape());
    assertArrayEquals(new long[] {12, 12, 6}, t.get(1).value().shape());
    assertArrayEquals(new long[] {12}, t.get(2).value().shape());
    assertTrue(t.get(2).value().isFloat(), "atom_mask is float32");
    assertEquals(12.0, t.get(2).value().sum(), 0.0);
    // Pair features: symmetric, 12 bonds in both directions, each with exactly one bond type.
    float[] p = t.get(1).value().floats();
    int bondedEntries = 0;
    for (int i = 0; i < 12; i++) {
      for (int j = 0; j < 12; j++) {
        float types = 0;
        for (int f = 0; f < 6; f++) {
          assertEquals(p[(i * 12 + j) * 6 + f], p[(j * 12 + i) * 6 + f], 0f);
        }
        for (int f = 0; f < 4; f++) {
          types += p[(i * 12 + j) * 6 + f];
        }
        if (types > 0) {
          assertEquals(1f, types);
          bondedEntries++;
        }
      }
    }
    assertEquals(24, bondedEntries);
    List<Unit> units = e.units();
    assertEquals(12 + 12, units.size());
    assertEquals(new Unit(0, "atom", "O0", -1, -1), units.get(0));
    assertEquals("c3", units.get(3).text());
    assertEquals("N9", units.get(9).text());
    assertEquals(new Unit(12, "bond", "O0=C1", -1, -1), units.get(12));
    assertEquals("c3:c4", units.get(12 + 3).text());
    assertEquals("N9=O10", units.get(12 + 10).text());
    assertEquals("N9-O11", units.get(12 + 11).text());
    for (int i = 0; i < units.size(); i++) {
      assertEquals(i, units.get(i).index());
      assertEquals(i < 12 ? "atom" : "bond", units.get(i).kind());
    }
  }

  @Test
  void aMolBlockIsAnInputToo() {
    String mol =
        "ethanol\n  test\n\n  3  2  0  0  0  0  0  0  0  0999 V2000\n"
            + "    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0\n"
            + "    1.2990    0.7500    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0\n"
            + "    2.5981    0.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0\n"
            + "  1  2  1  0\n  2  3  1  0\nM  END\n";
    MoleculeEncoding fromMol = MOL.encode(mol, model, Options.NONE);
    MoleculeEncoding fromSmiles = MOL.encode("CCO", model, Options.NONE);
    assertEquals(fromSmiles.tensors(), fromMol.tensors(), "same features from MOL and SMILES");
    assertEquals("ethanol", fromMol.graph().title());
  }

  @Test
  void badInputNamesTheInput() {
    AttribException e =
        assertThrows(AttribException.class, () -> MOL.encode("C1CC(", model, Options.NONE));
    assertTrue(e.getMessage().startsWith("invalid SMILES 'C1CC('"), e.getMessage());
    assertEquals(AttribException.BAD_INPUT, e.exitCode());
    // CDK's line ends with ':' before a caret picture that a one-line message cannot show.
    e = assertThrows(AttribException.class, () -> MOL.encode("C1CC", model, Options.NONE));
    assertTrue(e.getMessage().contains("Unclosed ring"), e.getMessage());
    assertTrue(!e.getMessage().endsWith(":"), e.getMessage());
    e = assertThrows(AttribException.class, () -> MOL.encode("c1cccc1", model, Options.NONE));
    assertTrue(e.getMessage().contains("'c1cccc1'"), e.getMessage());
    e = assertThrows(AttribException.class, () -> MOL.encode("  ", model, Options.NONE));
    assertTrue(e.getMessage().contains("empty molecule"), e.getMessage());
    // 17 heavy atoms against maxAtoms 16.
    String big = "CCCCCCCCCCCCCCCCC";
    e = assertThrows(AttribException.class, () -> MOL.encode(big, model, Options.NONE));
    assertTrue(e.getMessage().contains("'" + big + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("17 heavy atoms"), e.getMessage());
    assertTrue(e.getMessage().contains("limit of 16"), e.getMessage());
    assertFalse(MOL.encode(big.substring(1), model, Options.NONE).units().isEmpty(), "16 fit");
  }

  @Test
  void manifestProblemsNameTheKey(@TempDir Path tmp) throws Exception {
    String noSpec = TinyModel.manifest().replaceAll("(?s)\"featurization\": \\{.*?\\},", "");
    assertFalse(noSpec.contains("featurization"));
    Path dir =
        TinyModel.withManifest(java.nio.file.Files.createDirectories(tmp.resolve("a")), noSpec);
    try (LoadedModel m = ModelLoader.load(dir, MOL.manifestKeys(), Device.cpu())) {
      AttribException e =
          assertThrows(AttribException.class, () -> MOL.encode("C", m, Options.NONE));
      assertTrue(e.getMessage().contains("'featurization'"), e.getMessage());
    }
    String typo = TinyModel.manifest().replace("\"maxAtoms\"", "\"maxAtom\"");
    Path dir2 =
        TinyModel.withManifest(java.nio.file.Files.createDirectories(tmp.resolve("b")), typo);
    AttribException e =
        assertThrows(
            AttribException.class, () -> ModelLoader.load(dir2, MOL.manifestKeys(), Device.cpu()));
    assertTrue(e.getMessage().contains("'maxAtom'"), e.getMessage());
    String wrongTasks = TinyModel.manifest().replace("{\"name\": \"beta\"", "{\"name\": \"gamma\"");
    Path dir3 =
        TinyModel.withManifest(java.nio.file.Files.createDirectories(tmp.resolve("c")), wrongTasks);
    try (LoadedModel m = ModelLoader.load(dir3, MOL.manifestKeys(), Device.cpu())) {
      AttribException e3 =
          assertThrows(AttribException.class, () -> MOL.encode("C", m, Options.NONE));
      assertTrue(e3.getMessage().contains("gamma"), e3.getMessage());
    }
  }

  @Test
  void unknownOptionsAreRejectedWithTheKnownOnes() {
    AttribException e =
        assertThrows(
            AttribException.class,
            () -> MOL.encode("C", model, Options.of(java.util.Map.of("atom-index", "true"))));
    assertTrue(e.getMessage().contains("'atom-index'"), e.getMessage());
    assertTrue(e.getMessage().contains("atom-indices"), e.getMessage());
  }
}
