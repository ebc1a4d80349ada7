package dev.attrib.molecule;

import dev.attrib.spi.AttribException;
import dev.attrib.spi.Escape;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Options;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.openscience.cdk.CDKConstants;
import org.openscience.cdk.depict.Depiction;
import org.openscience.cdk.depict.DepictionGenerator;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Draws an explained molecule with CDK's {@link DepictionGenerator}: every atom and bond gets an
 * outer-glow highlight in its {@link AttributionColors attribution colour}, and a legend band
 * (score line, title, colour bar) is added below. SVG and PNG come from the same drawing.
 *
 * <p>Options: {@code atom-indices} (draw each atom's 0-based index), {@code atom-values} (draw each
 * atom's score), {@code legend} (default true), {@code zoom} (CDK zoom, default 1.3).
 *
 * <p>Layout ({@link DepictionLayout}): the picture is cropped to everything drawn, glow strokes and
 * labels included, with a few pixels of white around, so no halo or label is cut at the edge; the
 * index and value labels are placed by attrib next to their atom's halo where they cross no bond,
 * symbol or other label (CDK's own placement put them on bonds), in the SVG as glyph outlines as
 * CDK draws symbols, so the SVG looks the same in every viewer.
 *
 * <p>CDK draws atom symbols as glyph outlines made from a Java AWT font, so even the SVG needs one
 * font that fontconfig can find (DejaVu on Debian); the legend of the SVG is {@code <text>}, the
 * PNG's legend is drawn with the AWT {@code SansSerif} font.
 */
final class MoleculeDepiction {

  static {
    // Before CDK's classes create their loggers: see CdkLogging.
    CdkLogging.install();
  }

  private MoleculeDepiction() {}

  static final String SVG_NS = "http://www.w3.org/2000/svg";
  private static final double LEGEND_HEIGHT = 70;
  private static final double MIN_WIDTH = 360;

  /**
   * The CDK drawing with the molecule's scores, before the legend is added: CDK's SVG of it (glows
   * named), the atom labels placed by {@link DepictionLayout}, and the box that holds everything
   * drawn, in the depiction's pixels.
   */
  record Drawn(
      Depiction depiction,
      MoleculeScores scores,
      Document cdk,
      List<DepictionLayout.Label> labels,
      DepictionLayout.Box crop) {}

  static Drawn draw(Explanation<MoleculeEncoding> e, Explanation.Row r, Options o, double scale) {
    MoleculeScores s = MoleculeScores.of(e.encoded(), r.attribution());
    IAtomContainer mol = MoleculeParser.parse(e.encoded().input());
    if (mol.getAtomCount() != s.atoms().length || mol.getBondCount() != s.bonds().length) {
      throw new AttribException(
          "the input '"
              + MoleculeParser.shortText(e.encoded().input())
              + "' no longer parses to the molecule that was explained");
    }
    boolean indices = MoleculeModality.flag(o, "atom-indices", false);
    boolean values = MoleculeModality.flag(o, "atom-values", false);
    double zoom = o.getDouble("zoom", 1.3);
    if (!(zoom > 0 && zoom <= 20)) {
      throw new AttribException("option zoom=" + zoom + " must be in (0, 20]");
    }
    List<String> texts = new ArrayList<>();
    for (int a = 0; a < s.atoms().length; a++) {
      List<String> label = new ArrayList<>();
      if (indices) {
        label.add(Integer.toString(a));
      }
      if (values) {
        label.add(MoleculeText.signed(s.atoms()[a]));
      }
      texts.add(label.isEmpty() ? null : String.join(" ", label));
    }
    Depiction depiction = depict(e, mol, s, zoom * scale, false);
    Document cdk = parse(depiction.toSvgStr(Depiction.UNITS_PX));
    annotateGlows(cdk, cdk.getDocumentElement(), s);
    DepictionLayout layout = DepictionLayout.read(cdk.getDocumentElement(), s.atoms().length);
    List<DepictionLayout.Label> labels = List.of();
    if (indices || values) {
      if (layout.atoms() != null) {
        labels = layout.place(texts, LABEL_FONT_PX * zoom * scale);
      } else {
        // The glows were not found (a CDK that draws them otherwise): CDK's own annotations
        // then, placed as CDK places them, rather than none.
        for (int a = 0; a < texts.size(); a++) {
          if (texts.get(a) != null) {
            mol.getAtom(a).setProperty(CDKConstants.COMMENT, texts.get(a));
          }
        }
        depiction = depict(e, mol, s, zoom * scale, true);
        cdk = parse(depiction.toSvgStr(Depiction.UNITS_PX));
        annotateGlows(cdk, cdk.getDocumentElement(), s);
        layout = DepictionLayout.read(cdk.getDocumentElement(), s.atoms().length);
      }
    }
    return new Drawn(depiction, s, cdk, labels, layout.crop(labels, PAD_PX * scale));
  }

  /**
   * CDK's drawing at {@code zoom}: every atom and bond with an outer glow in its colour. The margin
   * is wide enough for glows and labels that reach past CDK's bounds (CDK leaves a stroked
   * outline's stroke out of them); the picture is cropped to what is drawn afterwards.
   */
  private static Depiction depict(
      Explanation<MoleculeEncoding> e,
      IAtomContainer mol,
      MoleculeScores s,
      double zoom,
      boolean cdkValues) {
    double max = s.maxAbs();
    DepictionGenerator dg =
        new DepictionGenerator()
            .withOuterGlowHighlight(5)
            .withZoom(zoom)
            .withMargin(MARGIN_PX * zoom)
            .withAnnotationColor(LABEL_COLOUR)
            .withAnnotationScale(0.6);
    // Bonds first, then atoms: the order CDK also emits the glows in (see annotateGlows).
    for (int b = 0; b < s.bonds().length; b++) {
      dg = dg.withHighlight(List.of(mol.getBond(b)), AttributionColors.of(s.bonds()[b], max));
    }
    for (int a = 0; a < s.atoms().length; a++) {
      dg = dg.withHighlight(List.of(mol.getAtom(a)), AttributionColors.of(s.atoms()[a], max));
    }
    if (cdkValues) {
      dg = dg.withAtomValues();
    }
    try {
      return dg.depict(mol);
    } catch (CDKException | RuntimeException | Error e2) {
      throw new AttribException(
          "cannot depict '"
              + MoleculeParser.shortText(e.encoded().input())
              + "': "
              + e2
              + (e2 instanceof Error ? " (CDK needs a font that fontconfig can find)" : ""),
          AttribException.RUNTIME,
          e2);
    }
  }

  /** Atom labels: sans-serif of this many pixels at zoom 1, grey as CDK's annotations were. */
  private static final double LABEL_FONT_PX = 9;

  private static final Color LABEL_COLOUR = new Color(0x55, 0x55, 0x55);

  /** White space kept around what is drawn, and the room CDK is given to draw in, at zoom 1. */
  private static final double PAD_PX = 3;

  private static final double MARGIN_PX = 100;

  /** The SVG document: CDK's drawing nested in a page with the legend band below. */
  /**
   * The only row of {@code e}: a depiction shows one molecule for one task.
   *
   * @throws AttribException when the explanation has several tasks (use the gallery)
   */
  static Explanation.Row one(Explanation<MoleculeEncoding> e) {
    if (e.rows().size() != 1) {
      throw new AttribException(
          "a depiction shows one task, but this explanation of '"
              + MoleculeParser.shortText(e.encoded().input())
              + "' has "
              + e.rows().size()
              + " (--target all); use the html format for a card each");
    }
    return e.rows().get(0);
  }

  /** The SVG document of a one-row explanation ({@link #one}). */
  static String svg(Explanation<MoleculeEncoding> e, Options o) {
    return svg(e, one(e), o);
  }

  /** The SVG document of one row. */
  static String svg(Explanation<MoleculeEncoding> e, Explanation.Row r, Options o) {
    Drawn d = draw(e, r, o, 1);
    boolean legend = MoleculeModality.flag(o, "legend", true);
    Element inner = d.cdk().getDocumentElement();
    // Cropped to what is drawn (outward to the hundredth), so no glow or label is cut.
    double x0 = Math.floor(d.crop().x0() * 100) / 100;
    double y0 = Math.floor(d.crop().y0() * 100) / 100;
    double molW = Math.ceil(d.crop().x1() * 100) / 100 - x0;
    double molH = Math.ceil(d.crop().y1() * 100) / 100 - y0;
    inner.setAttribute("viewBox", num(x0) + " " + num(y0) + " " + num(molW) + " " + num(molH));
    if (!d.labels().isEmpty()) {
      Element g = el(d.cdk(), inner, "g");
      g.setAttribute("id", "attrib-atom-labels");
      g.setAttribute("fill", AttributionColors.hex(LABEL_COLOUR));
      g.setAttribute("stroke", "none");
      for (DepictionLayout.Label l : d.labels()) {
        Element p = el(d.cdk(), g, "path");
        p.setAttribute("class", "attrib-atom-label");
        p.setAttribute("id", "attrib-atom-label" + l.atom());
        p.setAttribute("d", DepictionLayout.pathData(l.outline()));
        Element t = el(d.cdk(), p, "title");
        t.setTextContent(l.text());
      }
    }
    double w = legend ? Math.max(molW, svgLegendWidth(e, r)) : molW;
    double h = legend ? molH + LEGEND_HEIGHT : molH;

    Document doc = newBuilder().newDocument();
    Element root = doc.createElementNS(SVG_NS, "svg");
    doc.appendChild(root);
    root.setAttribute("version", "1.1");
    root.setAttribute("width", num(w));
    root.setAttribute("height", num(h));
    root.setAttribute("viewBox", "0 0 " + num(w) + " " + num(h));
    Element title = el(doc, root, "title");
    title.setTextContent(xmlText(MoleculeText.legend(e, r) + titleSuffix(e)));
    Element bg = el(doc, root, "rect");
    bg.setAttribute("width", num(w));
    bg.setAttribute("height", num(h));
    bg.setAttribute("fill", "#FFFFFF");

    Element mol = (Element) doc.importNode(inner, true);
    mol.removeAttribute("version");
    mol.setAttribute("id", "attrib-molecule");
    mol.setAttribute("x", num((w - molW) / 2));
    mol.setAttribute("y", "0");
    mol.setAttribute("width", num(molW));
    mol.setAttribute("height", num(molH));
    root.appendChild(mol);
    if (legend) {
      svgLegend(doc, root, e, r, d.scores(), molH, w);
    }
    return serialize(doc);
  }

  /**
   * Names CDK's glow elements after their atoms and bonds and gives each a tooltip. CDK 2.9 draws
   * the glows of bonds in bond order, then of atoms in atom order; when the count differs (another
   * CDK version), the drawing is left as it is rather than labelled wrongly.
   */
  private static void annotateGlows(Document doc, Element mol, MoleculeScores s) {
    List<Element> glows = new ArrayList<>();
    collectGlows(mol, glows);
    int bonds = s.bonds().length;
    if (glows.size() != bonds + s.atoms().length) {
      return;
    }
    MolGraph g = s.graph();
    for (int k = 0; k < glows.size(); k++) {
      Element glow = glows.get(k);
      String id;
      String tip;
      if (k < bonds) {
        id = "attrib-bond" + k;
        tip = g.bonds().get(k).label(g) + " " + MoleculeText.signed(s.bonds()[k]);
      } else {
        int a = k - bonds;
        id = "attrib-atom" + a;
        tip = g.atoms().get(a).label() + " " + MoleculeText.signed(s.atoms()[a]);
      }
      glow.setAttribute("id", id);
      Element t = doc.createElementNS(SVG_NS, "title");
      t.setTextContent(tip);
      glow.insertBefore(t, glow.getFirstChild());
    }
  }

  private static void collectGlows(Element e, List<Element> out) {
    NodeList children = e.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      Node n = children.item(i);
      if (n instanceof Element c) {
        if ("outerglow".equals(c.getAttribute("class"))) {
          out.add(c);
        } else {
          collectGlows(c, out);
        }
      }
    }
  }

  private static void svgLegend(
      Document doc,
      Element root,
      Explanation<MoleculeEncoding> e,
      Explanation.Row r,
      MoleculeScores s,
      double top,
      double w) {
    Element g = el(doc, root, "g");
    g.setAttribute("id", "attrib-legend");
    g.setAttribute("font-family", "DejaVu Sans, Helvetica, Arial, sans-serif");
    g.setAttribute("fill", "#222222");
    Element line1 = el(doc, g, "text");
    line1.setAttribute("x", "8");
    line1.setAttribute("y", num(top + 16));
    line1.setAttribute("font-size", "13");
    line1.setAttribute("font-weight", "bold");
    line1.setTextContent(xmlText(MoleculeText.legend(e, r)));
    Element line2 = el(doc, g, "text");
    line2.setAttribute("x", "8");
    line2.setAttribute("y", num(top + 32));
    line2.setAttribute("font-size", "10");
    line2.setTextContent(xmlText(secondLine(e, r)));
    double max = s.maxAbs();
    int steps = 21;
    double barX = 8;
    double barW = BAR_WIDTH;
    double cell = barW / steps;
    for (int i = 0; i < steps; i++) {
      double v = max * (2.0 * i / (steps - 1) - 1);
      Element rect = el(doc, g, "rect");
      rect.setAttribute("class", "attrib-scale");
      rect.setAttribute("x", num(barX + i * cell));
      rect.setAttribute("y", num(top + 40));
      rect.setAttribute("width", num(cell + 0.3));
      rect.setAttribute("height", "9");
      rect.setAttribute("fill", AttributionColors.hex(AttributionColors.of(v, max)));
    }
    String[] labels = {MoleculeText.signed(-max), "0", MoleculeText.signed(max)};
    String[] anchors = {"start", "middle", "end"};
    double[] xs = {barX, barX + barW / 2, barX + barW};
    for (int i = 0; i < 3; i++) {
      Element t = el(doc, g, "text");
      t.setAttribute("x", num(xs[i]));
      t.setAttribute("y", num(top + 61));
      t.setAttribute("font-size", "9");
      t.setAttribute("text-anchor", anchors[i]);
      t.setTextContent(labels[i]);
    }
    Element cap = el(doc, g, "text");
    cap.setAttribute("x", num(barX + barW + 8));
    cap.setAttribute("y", num(top + 48));
    cap.setAttribute("font-size", "9");
    cap.setTextContent(SCALE_CAPTION);
  }

  /** The title (if any) and the atoms/bonds split, for the legend's second line. */
  private static String secondLine(Explanation<MoleculeEncoding> e, Explanation.Row r) {
    String head = MoleculeText.headline(e, r);
    int paren = head.indexOf(" (");
    String split = paren >= 0 ? head.substring(paren + 2, head.length() - 1) : "";
    String title = e.encoded().graph().title();
    if (title.codePointCount(0, title.length()) > 60) {
      title = title.substring(0, title.offsetByCodePoints(0, 57)) + "...";
    }
    return title.isEmpty() ? split : title + " | " + split;
  }

  private static String titleSuffix(Explanation<MoleculeEncoding> e) {
    String t = e.encoded().graph().title();
    return t.isEmpty() ? "" : " (" + t + ")";
  }

  /** PNG of the same drawing at twice the SVG's scale, the legend drawn with AWT below it. */
  static byte[] png(Explanation<MoleculeEncoding> e, Options o) {
    Explanation.Row r = one(e);
    double k = PNG_SCALE;
    Drawn d = draw(e, r, o, k);
    boolean legend = MoleculeModality.flag(o, "legend", true);
    BufferedImage mol = cropped(d);
    int molW = mol.getWidth();
    int molH = mol.getHeight();
    String line1 = MoleculeText.legend(e, r);
    String line2 = secondLine(e, r);
    int w = molW;
    int h = molH;
    if (legend) {
      w = Math.max(molW, (int) Math.ceil(k * pngLegendWidth(line1, line2)));
      h = molH + (int) Math.ceil(k * LEGEND_HEIGHT);
    }
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      g.drawImage(mol, (w - molW) / 2, 0, null);
      if (legend) {
        // The legend is laid out in the SVG's units and scaled, so both formats look alike.
        g.translate(0, molH);
        g.scale(k, k);
        double max = d.scores().maxAbs();
        g.setColor(new Color(0x22, 0x22, 0x22));
        g.setFont(LINE1_FONT);
        g.drawString(line1, 8, 16);
        g.setFont(LINE2_FONT);
        g.drawString(line2, 8, 32);
        int steps = 21;
        int barW = BAR_WIDTH;
        for (int i = 0; i < steps; i++) {
          double v = max * (2.0 * i / (steps - 1) - 1);
          g.setColor(AttributionColors.of(v, max));
          int x0 = 8 + i * barW / steps;
          int x1 = 8 + (i + 1) * barW / steps;
          g.fillRect(x0, 40, x1 - x0, 9);
        }
        g.setColor(new Color(0x22, 0x22, 0x22));
        g.setFont(SMALL_FONT);
        FontMetrics fm = g.getFontMetrics();
        String lo = MoleculeText.signed(-max);
        String hi = MoleculeText.signed(max);
        g.drawString(lo, 8, 61);
        g.drawString("0", 8 + barW / 2 - fm.stringWidth("0") / 2, 61);
        g.drawString(hi, 8 + barW - fm.stringWidth(hi), 61);
        g.drawString(SCALE_CAPTION, 8 + barW + 8, 48);
      }
    } catch (Error err) {
      throw new AttribException(
          "cannot draw the PNG legend: " + err + " (AWT needs a font that fontconfig can find)",
          AttribException.RUNTIME,
          err);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException ex) {
      throw new AttribException(
          "cannot encode PNG: " + ex.getMessage(), AttribException.RUNTIME, ex);
    }
    return out.toByteArray();
  }

  /**
   * CDK's raster image of the drawing cut to {@link Drawn#crop}, with the labels drawn on it: the
   * crop and the labels come from the SVG of the same depiction, whose pixels are the image's.
   */
  private static BufferedImage cropped(Drawn d) {
    BufferedImage full = d.depiction().toImg();
    int x0 = Math.max(0, (int) Math.floor(d.crop().x0()));
    int y0 = Math.max(0, (int) Math.floor(d.crop().y0()));
    int x1 = Math.min(full.getWidth(), (int) Math.ceil(d.crop().x1()));
    int y1 = Math.min(full.getHeight(), (int) Math.ceil(d.crop().y1()));
    BufferedImage img =
        new BufferedImage(Math.max(1, x1 - x0), Math.max(1, y1 - y0), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      g.drawImage(full, -x0, -y0, null);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.translate(-x0, -y0);
      g.setColor(LABEL_COLOUR);
      for (DepictionLayout.Label l : d.labels()) {
        g.fill(l.outline());
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  private static final double PNG_SCALE = 2;
  private static final int BAR_WIDTH = 200;
  private static final String SCALE_CAPTION = "attribution (red +, blue -)";
  private static final Font LINE1_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 13);
  private static final Font LINE2_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
  private static final Font SMALL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 9);

  /** Legend width in legend units, measured with the AWT fonts the PNG uses. */
  private static double pngLegendWidth(String line1, String line2) {
    BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scratch.createGraphics();
    try {
      double w1 = g.getFontMetrics(LINE1_FONT).stringWidth(line1);
      double w2 = g.getFontMetrics(LINE2_FONT).stringWidth(line2);
      double bar = BAR_WIDTH + 8 + g.getFontMetrics(SMALL_FONT).stringWidth(SCALE_CAPTION);
      // Hinting at the doubled scale can make text a little wider than measured here.
      return Math.max(MIN_WIDTH, 24 + 1.04 * Math.max(bar, Math.max(w1, w2)));
    } finally {
      g.dispose();
    }
  }

  /**
   * Legend width in SVG units. The viewer picks the font, so the text width is estimated from the
   * character count at DejaVu Sans' average advance (about 0.62 em bold, 0.58 em regular).
   */
  private static double svgLegendWidth(Explanation<MoleculeEncoding> e, Explanation.Row r) {
    double w1 = 13 * 0.62 * MoleculeText.legend(e, r).length();
    double w2 = 10 * 0.58 * secondLine(e, r).length();
    double bar = BAR_WIDTH + 8 + 9 * 0.58 * SCALE_CAPTION.length();
    return Math.max(MIN_WIDTH, 16 + Math.max(bar, Math.max(w1, w2)));
  }

  // ---- XML plumbing -------------------------------------------------------------------------

  private static Element el(Document doc, Element parent, String name) {
    Element e = doc.createElementNS(SVG_NS, name);
    parent.appendChild(e);
    return e;
  }

  static DocumentBuilder newBuilder() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      // CDK's SVG names the SVG 1.1 DTD; never fetch it (offline, and nothing in it is needed).
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      return f.newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new AttribException("no XML parser: " + e.getMessage(), AttribException.RUNTIME, e);
    }
  }

  private static Document parse(String xml) {
    try {
      return newBuilder().parse(new InputSource(new StringReader(xml)));
    } catch (SAXException | IOException e) {
      throw new AttribException(
          "CDK wrote SVG that does not parse: " + e.getMessage(), AttribException.RUNTIME, e);
    }
  }

  static String serialize(Document doc) {
    try {
      TransformerFactory tf = TransformerFactory.newInstance();
      tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
      Transformer t = tf.newTransformer();
      t.setOutputProperty(OutputKeys.ENCODING, StandardCharsets.UTF_8.name());
      t.setOutputProperty(OutputKeys.INDENT, "no");
      StringWriter w = new StringWriter();
      t.transform(new DOMSource(doc), new StreamResult(w));
      return w.toString();
    } catch (TransformerException e) {
      throw new AttribException("cannot write SVG: " + e.getMessage(), AttribException.RUNTIME, e);
    }
  }

  /** The SVG without its XML declaration, for inlining in HTML. */
  static String svgElement(Explanation<MoleculeEncoding> e, Explanation.Row r, Options o) {
    String s = svg(e, r, o);
    if (s.startsWith("<?xml")) {
      s = s.substring(s.indexOf("?>") + 2);
    }
    return s;
  }

  /** Text a DOM text node may hold: the serializer escapes markup, we the forbidden characters. */
  static String xmlText(String s) {
    return Escape.xmlChars(s);
  }

  private static String num(double v) {
    String s = String.format(Locale.ROOT, "%.2f", v);
    return s.endsWith(".00") ? s.substring(0, s.length() - 3) : s;
  }
}
