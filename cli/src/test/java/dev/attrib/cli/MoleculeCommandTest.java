package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code attrib molecule} on the built-in multi-task demo model. */
class MoleculeCommandTest {
  @TempDir Path home;
  @TempDir Path work;

  private String[] run(int expected, String... args) {
    return CliRun.run(home, expected, args);
  }

  @Test
  void summaryAndAWellFormedSvg() throws Exception {
    Path svg = work.resolve("out.svg");
    String out =
        run(
            0,
            "molecule",
            "O=C(O)c1ccccc1[N+](=O)[O-]",
            "--task",
            "nitro",
            "--svg",
            svg.toString())[0];
    assertTrue(out.startsWith("task nitro: "), out);
    assertTrue(out.contains("top atoms: N"), out);
    var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
    assertEquals("svg", doc.getDocumentElement().getTagName());
  }

  @Test
  void aBatchFileReportsTheBadRecordAndGoesOn() throws Exception {
    Path smi = work.resolve("mols.smi");
    Files.writeString(smi, "c1ccccc1 benzene\nC1CC(( broken\nCC(=O)O acetic\n");
    String[] r = run(2, "molecule", "--input", smi.toString(), "--format", "json", "--task", "all");
    List<String> lines = r[0].lines().toList();
    assertEquals(2 * 4, lines.size(), r[0]); // two molecules x four tasks
    assertTrue(JsonParser.parseString(lines.get(0)).getAsJsonObject().has("bonds"));
    assertTrue(r[1].contains("mols.smi:2"), r[1]);
    assertTrue(r[1].contains("broken"), r[1]);
  }

  /** --task all is the modality's target 'all': explain on the folder gives the same lines. */
  @Test
  void everyTaskThroughExplainIsTheSameAsMoleculeTaskAll() {
    String smiles = "O=C(O)c1ccccc1[N+](=O)[O-]";
    String model = dev.attrib.fixtures.DemoModels.forModality("molecule").toString();
    String molecule = run(0, "molecule", smiles, "--task", "all", "--format", "json")[0];
    String explain =
        run(0, "explain", "--model", model, smiles, "--target", "all", "--format", "json")[0];
    assertEquals(molecule, explain);
    List<String> lines = molecule.lines().toList();
    assertEquals(4, lines.size(), molecule);
    assertEquals(
        "nitro",
        JsonParser.parseString(lines.get(2))
            .getAsJsonObject()
            .getAsJsonObject("target")
            .get("label")
            .getAsString());
    String svg =
        run(2, "explain", "--model", model, smiles, "--target", "all", "--format", "svg")[1];
    assertTrue(svg.contains("use the html format"), svg);
  }

  @Test
  void invalidSmilesIsOneLine() {
    String err = run(2, "molecule", "C1CC((")[1];
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.startsWith("attrib: "), err);
  }
}
