package dev.attrib.molecule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.model.LoadedModel;
import dev.attrib.render.DivergingScale;
import dev.attrib.render.Rgb;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Options;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The SVG and PNG depictions: well-formed, one sign-true colour per atom, legend, escaping. */
class SvgRendererTest {
  private static final String SVG_NS = "http://www.w3.org/2000/svg";
  private static final MoleculeModality MOL = new MoleculeModality();

  /** A title with markup, an entity, a quote and a control character (CDK takes it from SMILES). */
  private static final String TITLE = "2-nitro<b>benzoic</b>&acid\"x\u0001";

  private static LoadedModel model;
  private static Explanation<MoleculeEncoding> explanation;

  @BeforeAll
  static void explain() {
    model = TinyModel.load();
    explanation =
        new Explainer<>(MOL, model)
            .explain(
                "O=C(O)c1ccccc1[N+](=O)[O-] " + TITLE,
                ExplainSettings.defaults().withTarget("beta"));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  /** A strict parser: namespaces on, and no DOCTYPE allowed at all (so nothing is fetched). */
  static Document parseStrict(byte[] xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
  }

  private static Map<String, Element> byId(Document d) {
    Map<String, Element> out = new HashMap<>();
    NodeList all = d.getElementsByTagNameNS("*", "*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      if (e.hasAttribute("id")) {
        out.put(e.getAttribute("id"), e);
      }
    }
    return out;
  }

  /** The colour a glow element paints with (stroke of lines/paths, fill of ellipses). */
  private static String glowColour(Element glow) {
    List<Element> shapes = new ArrayList<>();
    shapes.add(glow);
    NodeList kids = glow.getElementsByTagNameNS(SVG_NS, "*");
    for (int i = 0; i < kids.getLength(); i++) {
      shapes.add((Element) kids.item(i));
    }
    for (Element s : shapes) {
      if (s.getLocalName().equals("ellipse") && s.hasAttribute("fill")) {
        return s.getAttribute("fill");
      }
      if (s.hasAttribute("stroke") && !s.getAttribute("stroke").equals("none")) {
        return s.getAttribute("stroke");
      }
    }
    throw new AssertionError("glow " + glow.getAttribute("id") + " has no colour");
  }

  private static List<double[]> lines(Element e) {
    List<double[]> out = new ArrayList<>();
    List<Element> all = new ArrayList<>();
    all.add(e);
    NodeList kids = e.getElementsByTagNameNS(SVG_NS, "line");
    for (int i = 0; i < kids.getLength(); i++) {
      all.add((Element) kids.item(i));
    }
    for (Element l : all) {
      if (l.getLocalName().equals("line")) {
        out.add(
            new double[] {
              Double.parseDouble(l.getAttribute("x1")),
              Double.parseDouble(l.getAttribute("y1")),
              Double.parseDouble(l.getAttribute("x2")),
              Double.parseDouble(l.getAttribute("y2"))
            });
      }
    }
    return out;
  }

  private static String firstPath(Element e) {
    if (e.getLocalName().equals("path")) {
      return e.getAttribute("d");
    }
    NodeList p = e.getElementsByTagNameNS(SVG_NS, "path");
    return p.getLength() == 0 ? null : ((Element) p.item(0)).getAttribute("d");
  }

  @Test
  void wellFormedWithOneSignTrueColourPerAtomOnTheRightAtom() throws Exception {
    byte[] svg = MOL.renderer("svg").render(explanation, Options.NONE);
    Document d = parseStrict(svg);
    assertEquals("svg", d.getDocumentElement().getLocalName());
    assertEquals(SVG_NS, d.getDocumentElement().getNamespaceURI());
    Map<String, Element> ids = byId(d);
    MoleculeScores s = MoleculeScores.of(explanation.encoded(), explanation.attribution());
    double[] atoms = s.atoms();
    int pos = 0;
    int neg = 0;
    for (int i = 0; i < atoms.length; i++) {
      Element glow = ids.get("attrib-atom" + i);
      assertNotNull(glow, "no highlight for atom " + i);
      Color c = Color.decode(glowColour(glow));
      if (atoms[i] > 0) {
        assertTrue(c.getRed() > c.getBlue(), "atom " + i + " is positive but " + c);
        pos++;
      } else if (atoms[i] < 0) {
        assertTrue(c.getBlue() > c.getRed(), "atom " + i + " is negative but " + c);
        neg++;
      } else {
        assertEquals(c.getRed(), c.getBlue(), "atom " + i + " is neutral");
      }
      // The one scale every modality uses.
      assertEquals(DivergingScale.over(Rgb.WHITE, atoms[i], s.maxAbs()).hex(), glowColour(glow));
      // Independently of the glow order: the glow sits on atom i as CDK drew it.
      Element cdkAtom = ids.get("mol1atm" + (i + 1));
      if (cdkAtom != null) {
        assertEquals(firstPath(cdkAtom), firstPath(glow), "glow of labelled atom " + i);
      } else {
        Element ellipse = (Element) glow.getElementsByTagNameNS(SVG_NS, "ellipse").item(0);
        double cx = Double.parseDouble(ellipse.getAttribute("cx"));
        double cy = Double.parseDouble(ellipse.getAttribute("cy"));
        boolean onABond = false;
        for (MolGraph.Bond b : s.graph().bonds()) {
          if (b.begin() != i && b.end() != i) {
            continue;
          }
          for (double[] l : lines(ids.get("mol1bnd" + (b.index() + 1)))) {
            onABond |=
                Math.hypot(l[0] - cx, l[1] - cy) < 0.05 || Math.hypot(l[2] - cx, l[3] - cy) < 0.05;
          }
        }
        assertTrue(onABond, "the glow of carbon " + i + " is not at the end of its bonds");
      }
    }
    assertTrue(
        pos > 0 && neg > 0,
        "the test needs both signs: " + pos + " positive, " + neg + " negative");
    for (MolGraph.Bond b : s.graph().bonds()) {
      Element glow = ids.get("attrib-bond" + b.index());
      assertNotNull(glow, "no highlight for bond " + b.index());
      Color c = Color.decode(glowColour(glow));
      double v = s.bonds()[b.index()];
      assertTrue(v > 0 ? c.getRed() > c.getBlue() : v < 0 ? c.getBlue() > c.getRed() : true);
      assertEquals(DivergingScale.over(Rgb.WHITE, v, s.maxAbs()).hex(), glowColour(glow));
      List<double[]> drawn = lines(ids.get("mol1bnd" + (b.index() + 1)));
      List<double[]> glowLines = lines(glow);
      assertEquals(drawn.size(), glowLines.size(), "bond " + b.index());
      for (int k = 0; k < drawn.size(); k++) {
        for (int q = 0; q < 4; q++) {
          assertEquals(drawn.get(k)[q], glowLines.get(k)[q], 1e-9, "bond " + b.index() + " glow");
        }
      }
    }
  }

  @Test
  void legendHasTheTaskScoreAndTheEscapedTitle() throws Exception {
    byte[] svg = MOL.renderer("svg").render(explanation, Options.NONE);
    String text = new String(svg, StandardCharsets.UTF_8);
    assertFalse(text.contains("<b>"), "markup from the input must be escaped");
    assertFalse(text.contains("\u0001"), "a control character would make the XML ill-formed");
    Document d = parseStrict(svg);
    Element legend = byId(d).get("attrib-legend");
    assertNotNull(legend);
    String all = legend.getTextContent();
    String want =
        String.format(
            java.util.Locale.ROOT,
            "Sigmoid score for task beta: %.2f",
            explanation.attribution().output());
    assertTrue(all.contains(want), all);
    assertTrue(all.contains("2-nitro<b>benzoic</b>&acid\"x\\x01"), all);
    assertTrue(all.contains("atoms ") && all.contains("bonds "), all);
    assertEquals(21, legend.getElementsByTagNameNS(SVG_NS, "rect").getLength(), "colour bar");
    // Options: no legend, atom indices.
    Document bare =
        parseStrict(MOL.renderer("svg").render(explanation, Options.of(Map.of("legend", "false"))));
    assertEquals(null, byId(bare).get("attrib-legend"));
    byte[] withIdx =
        MOL.renderer("svg")
            .render(explanation, Options.of(Map.of("atom-indices", "true", "atom-values", "true")));
    parseStrict(withIdx);
    assertTrue(withIdx.length > svg.length, "indices and values add glyphs");
  }

  @Test
  void pngIsAnImageWithTheColours() throws Exception {
    byte[] png = MOL.renderer("png").render(explanation, Options.NONE);
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    assertNotNull(img, "not a PNG");
    assertTrue(
        img.getWidth() >= 320 && img.getHeight() > 70, img.getWidth() + "x" + img.getHeight());
    boolean reddish = false;
    boolean bluish = false;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        Color c = new Color(img.getRGB(x, y));
        reddish |= c.getRed() > 180 && c.getBlue() < 120;
        bluish |= c.getBlue() > 150 && c.getRed() < 120;
      }
    }
    assertTrue(reddish && bluish, "the highlights and the colour bar show both signs");
  }
}
