package dev.attrib.molecule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.model.LoadedModel;
import dev.attrib.molecule.DepictionLayout.Box;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Options;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The layout of depictions, measured on the SVG and PNG written: every halo and label inside the
 * picture, no label on a bond line, no two labels on each other.
 */
class DepictionGeometryTest {
  private static final MoleculeModality MOL = new MoleculeModality();
  private static final Options LABELS =
      Options.of(Map.of("atom-values", "true", "atom-indices", "true"));

  private static LoadedModel model;

  @BeforeAll
  static void load() {
    model = TinyModel.load();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static Explanation<MoleculeEncoding> explain(String smiles) {
    return new Explainer<>(MOL, model)
        .explain(smiles, ExplainSettings.defaults().withTarget("beta"));
  }

  // The README's molecule; a long chain (labels above and below a zigzag, the widest drawing);
  // atoms on every side of the bounding box, symbols with hydrogens and charges at the edges.
  @ParameterizedTest
  @ValueSource(
      strings = {
        "O=C(O)c1ccccc1[N+](=O)[O-]",
        "CCCCCCCCCCCCCCO",
        "OC(=O)C(O)(F)C(F)(F)F",
        "[NH3+]CC(=O)[O-]"
      })
  void haloesAndLabelsAreInsideAndLabelsAreOffBonds(String smiles) throws Exception {
    Explanation<MoleculeEncoding> e = explain(smiles);
    int atoms = e.encoded().graph().atoms().size();
    Document d = SvgRendererTest.parseStrict(MOL.renderer("svg").render(e, LABELS));
    Element mol = byId(d, "attrib-molecule");
    assertNotNull(mol);
    String[] vb = mol.getAttribute("viewBox").trim().split("\\s+");
    Box view =
        new Box(
            Double.parseDouble(vb[0]),
            Double.parseDouble(vb[1]),
            Double.parseDouble(vb[0]) + Double.parseDouble(vb[2]),
            Double.parseDouble(vb[1]) + Double.parseDouble(vb[3]));

    for (int k = 0; k < atoms; k++) {
      Element glow = byId(d, "attrib-atom" + k);
      assertNotNull(glow, "halo of atom " + k);
      Box halo = ink(glow);
      assertTrue(view.contains(halo), smiles + ": halo of atom " + k + " " + halo + " in " + view);
    }
    for (int b = 0; b < e.encoded().graph().bonds().size(); b++) {
      Box glow = ink(byId(d, "attrib-bond" + b));
      assertTrue(view.contains(glow), smiles + ": glow of bond " + b + " " + glow);
    }

    List<Element> bondLines = new ArrayList<>();
    for (Element el : all(mol)) {
      if ("line".equals(el.getLocalName()) && inClass(el, "bond")) {
        bondLines.add(el);
      }
    }
    assertFalse(bondLines.isEmpty());
    List<Box> labels = new ArrayList<>();
    for (int k = 0; k < atoms; k++) {
      Element label = byId(d, "attrib-atom-label" + k);
      assertNotNull(label, smiles + ": label of atom " + k);
      Box box = DepictionLayout.pathBox(label.getAttribute("d"));
      assertTrue(view.contains(box), smiles + ": label " + k + " " + box + " in " + view);
      for (Element line : bondLines) {
        assertFalse(
            crosses(box, line), smiles + ": label " + k + " lies on bond line " + attrs(line));
      }
      for (int j = 0; j < labels.size(); j++) {
        assertFalse(box.intersects(labels.get(j)), smiles + ": labels " + j + " and " + k);
      }
      labels.add(box);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"CCCCCCCCCCCCCCO", "OC(=O)C(O)(F)C(F)(F)F"})
  void thePngHasAWhiteBorderAroundTheMolecule(String smiles) throws Exception {
    BufferedImage img =
        ImageIO.read(new ByteArrayInputStream(MOL.renderer("png").render(explain(smiles), LABELS)));
    // The legend band is 70 units at twice the scale; above it the molecule, which must not
    // touch the picture's edge anywhere (a halo or label cut at the edge would).
    int molH = img.getHeight() - 140;
    for (int x = 0; x < img.getWidth(); x++) {
      assertWhite(img, x, 0);
    }
    for (int y = 0; y < molH; y++) {
      assertWhite(img, 0, y);
      assertWhite(img, img.getWidth() - 1, y);
    }
  }

  @org.junit.jupiter.api.Test
  void pathBoxesCountEveryPointOfRelativeAndAbsoluteCommands() {
    Box b = DepictionLayout.pathBox("M10 20h5v-3l-2 -4q1 -10 3 0Z m1 1 L 0,0");
    assertEquals(new Box(0, 0, 16, 21), b);
    Box c = DepictionLayout.pathBox("M1.5.5C2 3 4 -1 5 1");
    assertEquals(new Box(1.5, -1, 5, 3), c);
  }

  private static void assertWhite(BufferedImage img, int x, int y) {
    Color c = new Color(img.getRGB(x, y));
    assertTrue(
        c.getRed() > 245 && c.getGreen() > 245 && c.getBlue() > 245,
        "ink at the edge, pixel " + x + "," + y + ": " + c);
  }

  /** Whether a stroked bond line comes into the box (sampled along the line). */
  private static boolean crosses(Box box, Element line) {
    double x1 = num(line, "x1");
    double y1 = num(line, "y1");
    double x2 = num(line, "x2");
    double y2 = num(line, "y2");
    Box grown = box.grow(strokeWidth(line) / 2);
    for (int i = 0; i <= 400; i++) {
      double t = i / 400.0;
      double x = x1 + t * (x2 - x1);
      double y = y1 + t * (y2 - y1);
      if (x > grown.x0() && x < grown.x1() && y > grown.y0() && y < grown.y1()) {
        return true;
      }
    }
    return false;
  }

  /** The box of what {@code e} and its children paint, strokes included. */
  private static Box ink(Element e) {
    Box box = Box.EMPTY;
    List<Element> shapes = all(e);
    shapes.add(e);
    for (Element s : shapes) {
      boolean stroked = !"none".equals(inherited(s, "stroke", "none"));
      double reach = stroked ? strokeWidth(s) / 2 : 0;
      switch (s.getLocalName()) {
        case "ellipse" ->
            box =
                box.union(
                    new Box(
                            num(s, "cx") - num(s, "rx"),
                            num(s, "cy") - num(s, "ry"),
                            num(s, "cx") + num(s, "rx"),
                            num(s, "cy") + num(s, "ry"))
                        .grow(reach));
        case "line" ->
            box =
                box.union(
                    new Box(
                            Math.min(num(s, "x1"), num(s, "x2")),
                            Math.min(num(s, "y1"), num(s, "y2")),
                            Math.max(num(s, "x1"), num(s, "x2")),
                            Math.max(num(s, "y1"), num(s, "y2")))
                        .grow(reach));
        case "path" -> box = box.union(DepictionLayout.pathBox(s.getAttribute("d")).grow(reach));
        default -> {}
      }
    }
    return box;
  }

  private static double strokeWidth(Element e) {
    return Double.parseDouble(inherited(e, "stroke-width", "1"));
  }

  private static String inherited(Element e, String attr, String dflt) {
    for (Node n = e; n instanceof Element el; n = n.getParentNode()) {
      if (el.hasAttribute(attr)) {
        return el.getAttribute(attr);
      }
    }
    return dflt;
  }

  private static boolean inClass(Element e, String cls) {
    for (Node n = e; n instanceof Element el; n = n.getParentNode()) {
      if (el.getAttribute("class").equals(cls)) {
        return true;
      }
    }
    return false;
  }

  private static List<Element> all(Element root) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = root.getElementsByTagNameNS("*", "*");
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add((Element) nodes.item(i));
    }
    return out;
  }

  private static Element byId(Document d, String id) {
    for (Element e : all(d.getDocumentElement())) {
      if (id.equals(e.getAttribute("id"))) {
        return e;
      }
    }
    return null;
  }

  private static double num(Element e, String attr) {
    return Double.parseDouble(e.getAttribute(attr));
  }

  private static String attrs(Element line) {
    return "("
        + line.getAttribute("x1")
        + ","
        + line.getAttribute("y1")
        + ")-("
        + line.getAttribute("x2")
        + ","
        + line.getAttribute("y2")
        + ")";
  }
}
