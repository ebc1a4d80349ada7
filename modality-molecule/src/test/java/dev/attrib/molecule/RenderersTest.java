package dev.attrib.molecule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.attrib.model.LoadedModel;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Options;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The text formats: plain, json, html (card and gallery). */
class RenderersTest {
  private static final MoleculeModality MOL = new MoleculeModality();
  private static LoadedModel model;
  private static Explanation<MoleculeEncoding> nitro;
  private static Explanation<MoleculeEncoding> titled;

  @BeforeAll
  static void explain() {
    model = TinyModel.load();
    Explainer<MoleculeEncoding> x = new Explainer<>(MOL, model);
    nitro = x.explain("O=C(O)c1ccccc1[N+](=O)[O-]", ExplainSettings.defaults().withTarget("alpha"));
    titled = x.explain("CC(F)=O <script>alert(1)</script>", ExplainSettings.defaults());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static String render(
      String format, Explanation<MoleculeEncoding> e, Map<String, String> o) {
    return new String(MOL.renderer(format).render(e, Options.of(o)), StandardCharsets.UTF_8);
  }

  @Test
  void plainHasTheIssuesSummaryLines() {
    String out = render("plain", nitro, Map.of());
    String[] lines = out.split("\n");
    assertEquals(3, lines.length, out);
    Pattern head =
        Pattern.compile(
            "task alpha: \\d\\.\\d\\d \\(atoms -?\\d+% of the score, bonds -?\\d+%, completeness"
                + " delta \\d+\\.\\d%\\)");
    assertTrue(head.matcher(lines[0]).matches(), lines[0]);
    assertTrue(lines[1].matches(" top atoms: ([A-Za-z]+\\d+ [+-]\\d\\.\\d+(, )?){5}"), lines[1]);
    assertTrue(lines[2].startsWith(" top bonds: "), lines[2]);
    MoleculeScores s = MoleculeScores.of(nitro.encoded(), nitro.attribution());
    int best = s.topAtoms(1)[0];
    assertTrue(
        lines[1].startsWith(" top atoms: " + s.graph().atoms().get(best).label() + " "), lines[1]);
    String fewer = render("plain", nitro, Map.of("top", "2"));
    assertEquals(2, fewer.split("\n")[1].split(", ").length);
    AttribException e =
        assertThrows(AttribException.class, () -> render("plain", nitro, Map.of("top", "x")));
    assertTrue(e.getMessage().contains("top=x"), e.getMessage());
    // Percentages are of the attribution total: atoms and bonds add up to 100.
    AtomBondSplit split = s.split();
    assertEquals(1.0, split.atomsFraction() + split.bondsFraction(), 1e-12);
  }

  @Test
  void jsonHasAtomsInAtomOrderBondsAndTheSplit() {
    String out = render("json", nitro, Map.of());
    assertTrue(out.endsWith("\n") && out.indexOf('\n') == out.length() - 1, "one JSON line");
    JsonObject j = JsonParser.parseString(out).getAsJsonObject();
    assertEquals("molecule", j.get("modality").getAsString());
    assertEquals("tiny-molecule", j.get("model").getAsString());
    assertEquals("O=C(O)c1ccccc1[N+](=O)[O-]", j.get("input").getAsString());
    assertEquals("alpha", j.getAsJsonObject("target").get("label").getAsString());
    assertEquals("zero", j.getAsJsonObject("method").get("baseline").getAsString());
    assertEquals("integrated-gradients", j.getAsJsonObject("method").get("name").getAsString());
    MoleculeScores s = MoleculeScores.of(nitro.encoded(), nitro.attribution());
    JsonArray units = j.getAsJsonArray("units");
    assertEquals(12, units.size());
    double total = 0;
    for (int i = 0; i < 12; i++) {
      JsonObject u = units.get(i).getAsJsonObject();
      assertEquals(i, u.get("index").getAsInt());
      assertEquals(s.atoms()[i], u.get("score").getAsDouble(), 0.0);
      total += u.get("score").getAsDouble();
    }
    assertEquals("N", units.get(9).getAsJsonObject().get("symbol").getAsString());
    assertEquals("N9", units.get(9).getAsJsonObject().get("text").getAsString());
    JsonArray bonds = j.getAsJsonArray("bonds");
    assertEquals(12, bonds.size());
    JsonObject b10 = bonds.get(10).getAsJsonObject();
    assertEquals(9, b10.get("begin").getAsInt());
    assertEquals(10, b10.get("end").getAsInt());
    assertEquals("double", b10.get("order").getAsString());
    assertEquals("aromatic", bonds.get(3).getAsJsonObject().get("order").getAsString());
    for (int i = 0; i < 12; i++) {
      total += bonds.get(i).getAsJsonObject().get("score").getAsDouble();
    }
    double sum = j.getAsJsonObject("completeness").get("sum").getAsDouble();
    assertEquals(sum, total, 1e-6, "atoms plus bonds give the completeness sum");
    JsonObject split = j.getAsJsonObject("split");
    assertEquals(s.split().bondsFraction(), split.get("bondsFraction").getAsDouble(), 0.0);
    assertEquals(0.0, split.get("unbondedPairs").getAsDouble(), 0.0);
    assertFalse(j.has("title"));
    JsonObject t = JsonParser.parseString(render("json", titled, Map.of())).getAsJsonObject();
    assertEquals(
        "<script>alert(1)</script>", t.get("title").getAsString(), "JSON keeps text as is");
    JsonObject carbon =
        JsonParser.parseString(
                render(
                    "json",
                    new Explainer<>(MOL, model)
                        .explain("CCO", ExplainSettings.defaults().withBaseline("carbon")),
                    Map.of()))
            .getAsJsonObject();
    assertEquals("carbon", carbon.getAsJsonObject("method").get("baseline").getAsString());
  }

  @Test
  void htmlCardAndGalleryEscapeTheInput() {
    String page = render("html", titled, Map.of());
    assertTrue(page.startsWith("<!DOCTYPE html>"), page.substring(0, 40));
    assertFalse(page.contains("<script>"), "markup from the input must be escaped");
    assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertTrue(page.contains("<svg"), "the depiction is inline");
    assertTrue(page.contains("top atoms: "));
    MoleculeReader.Problem p =
        new MoleculeReader.Problem("in.smi", 3, 7, "<bad>", "C1CC(", "invalid SMILES 'C1CC('");
    String gallery = MoleculeGallery.page(List.of(nitro, titled), List.of(p), Options.NONE);
    assertEquals(2, gallery.split("<figure class=\"attrib-card\">", -1).length - 1);
    assertTrue(gallery.contains("Not explained (1)"));
    assertTrue(gallery.contains("in.smi:7: molecule &lt;bad&gt; (&#39;C1CC(&#39;)"), gallery);
  }

  /**
   * Every task of one molecule in one explanation: a row per task in the manifest's order, each the
   * same as explaining that task alone; plain shows a block per task, JSON a line per task in the
   * single-task format, html a card per task, and a depiction refuses several tasks.
   */
  @Test
  void allTasksAreRowsOfOneExplanation() {
    String smiles = "O=C(O)c1ccccc1[N+](=O)[O-]";
    Explainer<MoleculeEncoding> x = new Explainer<>(MOL, model);
    Explanation<MoleculeEncoding> all =
        x.explain(smiles, ExplainSettings.defaults().withTarget(MoleculeModality.ALL_TASKS));
    assertEquals(List.of("alpha", "beta"), all.rows().stream().map(r -> r.label()).toList());
    StringBuilder plain = new StringBuilder();
    StringBuilder json = new StringBuilder();
    for (int t = 0; t < 2; t++) {
      Explanation<MoleculeEncoding> one =
          x.explain(smiles, ExplainSettings.defaults().withTarget(List.of("alpha", "beta").get(t)));
      assertEquals(t, all.rows().get(t).index());
      assertArrayEquals(one.units().scores(), all.rows().get(t).units().scores(), 0.0);
      plain.append(render("plain", one, Map.of()));
      json.append(render("json", one, Map.of()));
    }
    assertEquals(plain.toString(), render("plain", all, Map.of()));
    assertEquals(json.toString(), render("json", all, Map.of()), "one line per task, as before");
    String page = render("html", all, Map.of());
    assertEquals(2, page.split("<figure class=\"attrib-card\">", -1).length - 1);
    for (String format : List.of("svg", "png")) {
      AttribException e = assertThrows(AttribException.class, () -> render(format, all, Map.of()));
      assertTrue(e.getMessage().contains("use the html format"), e.getMessage());
    }
    AttribException none =
        assertThrows(
            AttribException.class,
            () -> x.explain("CCO", ExplainSettings.defaults().withTarget("gamma")));
    assertTrue(none.getMessage().contains("alpha, beta"), none.getMessage());
    new Explainer<>(MOL, model)
        .checkTarget(ExplainSettings.defaults().withTarget(MoleculeModality.ALL_TASKS));
  }

  @Test
  void everyRendererRejectsUnknownOptions() {
    for (var r : MOL.renderers()) {
      AttribException e =
          assertThrows(
              AttribException.class, () -> r.render(nitro, Options.of(Map.of("colour", "x"))));
      assertTrue(e.getMessage().contains("'colour'"), r.format() + ": " + e.getMessage());
    }
  }
}
