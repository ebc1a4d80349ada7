package dev.attrib.molecule;

import java.awt.Font;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.PathIterator;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Where things are in a CDK depiction, read from the SVG CDK wrote for it, and where the atom
 * labels (values, indices) go so that they sit off the bonds and inside the picture.
 *
 * <pre>{@code
 * DepictionLayout l = DepictionLayout.read(cdkSvgRoot, atomCount);   // glows named attrib-atomK
 * List<DepictionLayout.Label> labels = l.place(texts, 11.7);          // texts[k]: atom k's label
 * DepictionLayout.Box crop = l.crop(labels, 3);                       // everything drawn, padded
 * }</pre>
 *
 * <p>Why read the SVG: CDK chooses the scale and offset of its drawing and does not say which; its
 * SVG holds every shape in the same pixels as its raster image ({@code toImg()} and {@code
 * toSvgStr(px)} of one depiction place shapes alike), so the PNG is laid out from the SVG of its
 * own depiction. CDK's own atom annotations are not used: it puts a label at a fixed distance in
 * the "largest gap" or in the nook of two bonds, where a number several characters wide lands on
 * the next bond; and CDK's bounds leave out the stroke of a stroked outline (the glow of an atom
 * symbol), so halos were cut at the picture's edge.
 *
 * <p>Contract: {@link #read} finds an atom's centre from its glow ({@code attrib-atomK}: the
 * ellipse CDK draws for an atom without a symbol, or the outline of its element symbol, which CDK
 * centres on the atom) and returns null for {@link #atoms} when a glow is missing. Labels are
 * greedy: each atom's label takes the nearest spot around its halo that crosses no bond (its line
 * or glow), no atom symbol and no earlier label, preferring spots clear of other halos; a spot
 * clear of bonds is always found by going further out, up to two bond lengths.
 */
final class DepictionLayout {

  /** An axis-aligned box in the drawing's pixels, y down. */
  record Box(double x0, double y0, double x1, double y1) {
    static final Box EMPTY =
        new Box(
            Double.POSITIVE_INFINITY,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.NEGATIVE_INFINITY);

    boolean empty() {
      return x1 < x0 || y1 < y0;
    }

    double width() {
      return x1 - x0;
    }

    double height() {
      return y1 - y0;
    }

    Box union(Box o) {
      return new Box(
          Math.min(x0, o.x0), Math.min(y0, o.y0), Math.max(x1, o.x1), Math.max(y1, o.y1));
    }

    Box add(double x, double y) {
      return union(new Box(x, y, x, y));
    }

    Box grow(double d) {
      return empty() ? this : new Box(x0 - d, y0 - d, x1 + d, y1 + d);
    }

    Box shift(double dx, double dy) {
      return new Box(x0 + dx, y0 + dy, x1 + dx, y1 + dy);
    }

    boolean intersects(Box o) {
      return !empty() && !o.empty() && x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1;
    }

    boolean contains(Box o) {
      return o.x0 >= x0 && o.x1 <= x1 && o.y0 >= y0 && o.y1 <= y1;
    }

    /** Whether this box comes within {@code r} of the point. */
    boolean nearPoint(double x, double y, double r) {
      double dx = Math.max(Math.max(x0 - x, 0), x - x1);
      double dy = Math.max(Math.max(y0 - y, 0), y - y1);
      return dx * dx + dy * dy < r * r;
    }

    /** Whether this box comes within {@code halfWidth} of the segment. */
    boolean nearSegment(Segment s) {
      Box g = grow(s.halfWidth());
      double ax = s.x1();
      double ay = s.y1();
      double bx = s.x2();
      double by = s.y2();
      // Liang-Barsky clipping of the segment against the grown box.
      double t0 = 0;
      double t1 = 1;
      double dx = bx - ax;
      double dy = by - ay;
      double[] p = {-dx, dx, -dy, dy};
      double[] q = {ax - g.x0, g.x1 - ax, ay - g.y0, g.y1 - ay};
      for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
          if (q[i] < 0) {
            return false;
          }
        } else {
          double t = q[i] / p[i];
          if (p[i] < 0) {
            t0 = Math.max(t0, t);
          } else {
            t1 = Math.min(t1, t);
          }
        }
      }
      return t0 <= t1;
    }
  }

  /** A stroked straight piece (a bond line, a side of a wedge, a bond's glow). */
  record Segment(double x1, double y1, double x2, double y2, double halfWidth) {}

  /**
   * An atom: its centre, its halo (the glow, with its stroke), and the halo's radius when it is a
   * circle (NaN for the glow of a symbol, whose box is the halo).
   */
  record Atom(double x, double y, Box halo, double radius) {
    boolean touches(Box b) {
      return Double.isNaN(radius) ? b.intersects(halo) : b.nearPoint(x, y, radius);
    }
  }

  /** A label: its text, its glyph outline already in place, and that outline's box. */
  record Label(int atom, String text, Shape outline, Box box) {}

  private final Box ink;
  private final List<Atom> atoms;
  private final List<Segment> bonds;
  private final List<Box> symbols;
  private final double bondLength;

  private DepictionLayout(
      Box ink, List<Atom> atoms, List<Segment> bonds, List<Box> symbols, double bondLength) {
    this.ink = ink;
    this.atoms = atoms;
    this.bonds = bonds;
    this.symbols = symbols;
    this.bondLength = bondLength;
  }

  /** Everything drawn, strokes included (CDK's background rectangle left out). */
  Box ink() {
    return ink;
  }

  /** The atoms in the molecule's order, or null when their glows could not be found. */
  List<Atom> atoms() {
    return atoms;
  }

  /** Reads the SVG element CDK wrote, whose glows {@link MoleculeDepiction} has named. */
  static DepictionLayout read(Element svg, int atomCount) {
    Reader r = new Reader();
    r.walk(svg, new Style(null, "none", 1));
    List<Atom> atoms = new ArrayList<>();
    for (int k = 0; k < atomCount && atoms != null; k++) {
      Element glow = r.glows.get("attrib-atom" + k);
      atoms = glow == null ? null : atoms;
      if (atoms != null) {
        Atom a = r.atom(glow);
        if (a == null) {
          atoms = null;
        } else {
          atoms.add(a);
        }
      }
    }
    double[] lengths = r.bondLengths.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double bond = lengths.length == 0 ? 30 : lengths[lengths.length / 2];
    return new DepictionLayout(
        r.ink, atoms == null ? null : List.copyOf(atoms), r.bonds, r.symbols, bond);
  }

  /**
   * Places {@code texts.get(k)} next to atom {@code k} (null: no label) in a sans-serif font of
   * {@code fontPx} pixels. Needs {@link #atoms}.
   */
  List<Label> place(List<String> texts, double fontPx) {
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 1).deriveFont((float) fontPx);
    FontRenderContext frc = new FontRenderContext(null, true, true);
    double gap = Math.max(1.5, fontPx * 0.15);
    List<Label> placed = new ArrayList<>();
    for (int k = 0; k < texts.size(); k++) {
      String text = texts.get(k);
      if (text == null || text.isEmpty()) {
        continue;
      }
      Shape glyphs = font.createGlyphVector(frc, text).getOutline();
      Rectangle2D gb = glyphs.getBounds2D();
      Atom a = atoms.get(k);
      double bestCost = Double.POSITIVE_INFINITY;
      Box best = null;
      for (int ring = 0; ring < OUT.length; ring++) {
        for (int step = 0; step < DIRECTIONS; step++) {
          double angle = 2 * Math.PI * step / DIRECTIONS - Math.PI / 2;
          double ux = Math.cos(angle);
          double uy = Math.sin(angle);
          Box box = clearOf(a, ux, uy, gb.getWidth(), gb.getHeight(), gap);
          box = box.shift(ux * OUT[ring] * bondLength, uy * OUT[ring] * bondLength);
          double cost = cost(k, box, placed, gap, fontPx * 0.35) + ring * 40 + crowding(k, ux, uy);
          if (cost < bestCost) {
            bestCost = cost;
            best = box;
          }
        }
        if (bestCost < HALO) {
          break; // clear of bonds, symbols, labels and other halos this close: no need to go on
        }
      }
      Shape outline =
          AffineTransform.getTranslateInstance(best.x0() - gb.getX(), best.y0() - gb.getY())
              .createTransformedShape(glyphs);
      placed.add(new Label(k, text, outline, best));
    }
    return placed;
  }

  /** Spots tried per ring around an atom, and how far out (in bond lengths) each ring is. */
  private static final int DIRECTIONS = 24;

  private static final double[] OUT = {0, 0.25, 0.5, 1, 1.5, 2};
  private static final double HARD = 1000;
  private static final double HALO = 100;

  /** The label box centred on the ray from atom {@code a}, just clear of its halo. */
  private static Box clearOf(Atom a, double ux, double uy, double w, double h, double gap) {
    for (double t = 0; ; t += 0.5) {
      double cx = a.x() + ux * t;
      double cy = a.y() + uy * t;
      Box b = new Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
      boolean clear =
          Double.isNaN(a.radius())
              ? !b.grow(gap).intersects(a.halo())
              : !b.nearPoint(a.x(), a.y(), a.radius() + gap);
      if (clear || t > 1000) {
        return b;
      }
    }
  }

  /** Crossing a bond, a symbol or a label is out (HARD each); another atom's halo is a nuisance. */
  private double cost(int self, Box box, List<Label> placed, double gap, double labelSpace) {
    double cost = 0;
    Box padded = box.grow(gap / 2);
    for (Segment s : bonds) {
      if (padded.nearSegment(s)) {
        cost += HARD;
      }
    }
    for (Box s : symbols) {
      if (padded.intersects(s)) {
        cost += HARD;
      }
    }
    // Labels keep a space's width apart, or "4 -0.03" and "3 -0.03" read as one.
    Box spaced = box.grow(labelSpace);
    for (Label l : placed) {
      if (spaced.intersects(l.box())) {
        cost += HARD;
      }
    }
    for (int k = 0; k < atoms.size(); k++) {
      if (k != self && atoms.get(k).touches(box)) {
        cost += HALO;
      }
    }
    return cost;
  }

  /** Prefers the direction farthest from the atom's bonds (as CDK does): 0 to 20. */
  private double crowding(int self, double ux, double uy) {
    Atom a = atoms.get(self);
    double worst = -1;
    for (Segment s : bonds) {
      double dx;
      double dy;
      if (Math.hypot(s.x1() - a.x(), s.y1() - a.y()) < 0.35 * bondLength) {
        dx = s.x2() - s.x1();
        dy = s.y2() - s.y1();
      } else if (Math.hypot(s.x2() - a.x(), s.y2() - a.y()) < 0.35 * bondLength) {
        dx = s.x1() - s.x2();
        dy = s.y1() - s.y2();
      } else {
        continue;
      }
      double len = Math.hypot(dx, dy);
      if (len > 0) {
        worst = Math.max(worst, (dx * ux + dy * uy) / len);
      }
    }
    return 10 * (worst + 1);
  }

  /** Everything drawn and every label, grown by {@code pad}. */
  Box crop(List<Label> labels, double pad) {
    Box all = ink;
    for (Label l : labels) {
      all = all.union(l.box());
    }
    return all.grow(pad);
  }

  /** An outline as SVG path data, two decimals. */
  static String pathData(Shape s) {
    StringBuilder b = new StringBuilder();
    double[] c = new double[6];
    for (PathIterator it = s.getPathIterator(null); !it.isDone(); it.next()) {
      int type = it.currentSegment(c);
      switch (type) {
        case PathIterator.SEG_MOVETO -> b.append('M').append(n(c[0])).append(' ').append(n(c[1]));
        case PathIterator.SEG_LINETO -> b.append('L').append(n(c[0])).append(' ').append(n(c[1]));
        case PathIterator.SEG_QUADTO ->
            b.append('Q')
                .append(n(c[0]))
                .append(' ')
                .append(n(c[1]))
                .append(' ')
                .append(n(c[2]))
                .append(' ')
                .append(n(c[3]));
        case PathIterator.SEG_CUBICTO ->
            b.append('C')
                .append(n(c[0]))
                .append(' ')
                .append(n(c[1]))
                .append(' ')
                .append(n(c[2]))
                .append(' ')
                .append(n(c[3]))
                .append(' ')
                .append(n(c[4]))
                .append(' ')
                .append(n(c[5]));
        default -> b.append('Z');
      }
    }
    return b.toString();
  }

  private static String n(double v) {
    String s = String.format(Locale.ROOT, "%.2f", v);
    return s.endsWith(".00") ? s.substring(0, s.length() - 3) : s;
  }

  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?");
  private static final Pattern COMMAND = Pattern.compile("[MmLlHhVvQqTtCcSsAaZz]");

  /**
   * The box of SVG path data: every end and control point (a curve lies inside the hull of its
   * points, and this is the box Java2D's {@code getBounds2D} gives for the same outline). Handles
   * what CDK and {@link #pathData} write (M, L, H, V, Q, T, C, S, Z, absolute and relative); an arc
   * counts its end point widened by its radii.
   */
  static Box pathBox(String d) {
    Box box = Box.EMPTY;
    double x = 0;
    double y = 0;
    double startX = 0;
    double startY = 0;
    char cmd = 'M';
    List<Double> nums = new ArrayList<>();
    Matcher m = Pattern.compile(COMMAND.pattern() + "|" + NUMBER.pattern()).matcher(d);
    List<Object> tokens = new ArrayList<>();
    while (m.find()) {
      String t = m.group();
      tokens.add(COMMAND.matcher(t).matches() ? (Object) t.charAt(0) : Double.parseDouble(t));
    }
    int i = 0;
    while (i < tokens.size()) {
      if (tokens.get(i) instanceof Character c) {
        cmd = c;
        i++;
        if (Character.toUpperCase(cmd) == 'Z') {
          x = startX;
          y = startY;
          continue;
        }
      }
      int arity =
          switch (Character.toUpperCase(cmd)) {
            case 'H', 'V' -> 1;
            case 'M', 'L', 'T' -> 2;
            case 'Q', 'S' -> 4;
            case 'C' -> 6;
            case 'A' -> 7;
            default -> 0;
          };
      if (arity == 0 || i + arity > tokens.size()) {
        break;
      }
      nums.clear();
      for (int k = 0; k < arity; k++) {
        if (!(tokens.get(i + k) instanceof Double v)) {
          return box; // malformed: what was read so far
        }
        nums.add(v);
      }
      i += arity;
      boolean rel = Character.isLowerCase(cmd);
      double ox = rel ? x : 0;
      double oy = rel ? y : 0;
      switch (Character.toUpperCase(cmd)) {
        case 'H' -> x = ox + nums.get(0);
        case 'V' -> y = oy + nums.get(0);
        case 'A' -> {
          double rx = Math.abs(nums.get(0));
          double ry = Math.abs(nums.get(1));
          box = box.add(x - rx, y - ry).add(x + rx, y + ry);
          x = ox + nums.get(5);
          y = oy + nums.get(6);
          box = box.add(x - rx, y - ry).add(x + rx, y + ry);
        }
        default -> {
          for (int k = 0; k + 1 < arity; k += 2) {
            box = box.add(ox + nums.get(k), oy + nums.get(k + 1));
          }
          x = ox + nums.get(arity - 2);
          y = oy + nums.get(arity - 1);
        }
      }
      box = box.add(x, y);
      if (Character.toUpperCase(cmd) == 'M') {
        startX = x;
        startY = y;
        cmd = rel ? 'l' : 'L'; // further pairs after a move are lines
      }
    }
    return box;
  }

  /** The inherited presentation attributes that decide how far a shape's ink reaches. */
  private record Style(String glowId, String stroke, double strokeWidth) {
    Style of(Element e) {
      String id = glowId;
      if ("outerglow".equals(e.getAttribute("class")) && e.hasAttribute("id")) {
        id = e.getAttribute("id");
      }
      String s = e.hasAttribute("stroke") ? e.getAttribute("stroke") : stroke;
      double w = strokeWidth;
      if (e.hasAttribute("stroke-width")) {
        try {
          w = Double.parseDouble(e.getAttribute("stroke-width"));
        } catch (NumberFormatException ex) {
          w = strokeWidth;
        }
      }
      return new Style(id, s, w);
    }

    double reach() {
      return "none".equals(stroke) || stroke == null ? 0 : strokeWidth / 2;
    }
  }

  /** One walk over CDK's SVG. */
  private static final class Reader {
    Box ink = Box.EMPTY;
    final java.util.Map<String, Element> glows = new java.util.HashMap<>();
    final java.util.Map<String, Box> glowInk = new java.util.HashMap<>();
    final List<Segment> bonds = new ArrayList<>();
    final List<Box> symbols = new ArrayList<>();
    final List<Double> bondLengths = new ArrayList<>();

    void walk(Element e, Style inherited) {
      Style st = inherited.of(e);
      if (st.glowId() != null && !glows.containsKey(st.glowId())) {
        glows.put(st.glowId(), e);
      }
      Box b = shape(e, st);
      if (b != null && !b.empty()) {
        ink = ink.union(b);
        if (st.glowId() != null) {
          glowInk.merge(st.glowId(), b, Box::union);
        }
        if (isIn(e, "atom") && st.glowId() == null && "path".equals(e.getLocalName())) {
          symbols.add(b);
        }
      }
      if ("line".equals(e.getLocalName())) {
        boolean bondGlow = st.glowId() != null && st.glowId().startsWith("attrib-bond");
        if (bondGlow || isIn(e, "bond")) {
          Segment s =
              new Segment(num(e, "x1"), num(e, "y1"), num(e, "x2"), num(e, "y2"), st.reach());
          bonds.add(s);
          if (bondGlow) {
            bondLengths.add(Math.hypot(s.x2() - s.x1(), s.y2() - s.y1()));
          }
        }
      } else if ("path".equals(e.getLocalName()) && isIn(e, "bond")) {
        // A wedge or hash drawn as a path: its box's diagonals stand for it.
        Box p = pathBox(e.getAttribute("d"));
        if (!p.empty()) {
          bonds.add(new Segment(p.x0(), p.y0(), p.x1(), p.y1(), st.reach()));
          bonds.add(new Segment(p.x0(), p.y1(), p.x1(), p.y0(), st.reach()));
        }
      }
      NodeList kids = e.getChildNodes();
      for (int i = 0; i < kids.getLength(); i++) {
        Node n = kids.item(i);
        if (n instanceof Element c) {
          walk(c, st);
        }
      }
    }

    /** The atom whose glow is {@code glow}: centre and halo. */
    Atom atom(Element glow) {
      Box halo = glowInk.get(glow.getAttribute("id"));
      Element ellipse = first(glow, "ellipse");
      if (ellipse != null) {
        double cx = num(ellipse, "cx");
        double cy = num(ellipse, "cy");
        double r = Math.max(num(ellipse, "rx"), num(ellipse, "ry"));
        return new Atom(cx, cy, new Box(cx - r, cy - r, cx + r, cy + r), r);
      }
      // CDK centres the element symbol, the first outline of the glow, on the atom.
      Element path = first(glow, "path");
      if (path == null || halo == null) {
        return null;
      }
      Box symbol = pathBox(path.getAttribute("d"));
      if (symbol.empty()) {
        return null;
      }
      return new Atom(
          (symbol.x0() + symbol.x1()) / 2, (symbol.y0() + symbol.y1()) / 2, halo, Double.NaN);
    }

    private static Element first(Element e, String name) {
      if (name.equals(e.getLocalName())) {
        return e;
      }
      NodeList kids = e.getElementsByTagNameNS("*", name);
      return kids.getLength() == 0 ? null : (Element) kids.item(0);
    }

    /** The box a shape's ink covers, or null for what draws nothing we measure. */
    private static Box shape(Element e, Style st) {
      double reach = st.reach();
      return switch (e.getLocalName()) {
        case "line" ->
            new Box(
                    Math.min(num(e, "x1"), num(e, "x2")),
                    Math.min(num(e, "y1"), num(e, "y2")),
                    Math.max(num(e, "x1"), num(e, "x2")),
                    Math.max(num(e, "y1"), num(e, "y2")))
                .grow(reach);
        case "ellipse", "circle" -> {
          double rx = e.hasAttribute("r") ? num(e, "r") : num(e, "rx");
          double ry = e.hasAttribute("r") ? num(e, "r") : num(e, "ry");
          double cx = num(e, "cx");
          double cy = num(e, "cy");
          yield new Box(cx - rx, cy - ry, cx + rx, cy + ry).grow(reach);
        }
        case "path" -> pathBox(e.getAttribute("d")).grow(reach);
        case "polygon", "polyline" -> {
          Box b = Box.EMPTY;
          double[] v =
              Arrays.stream(e.getAttribute("points").trim().split("[\\s,]+"))
                  .filter(t -> !t.isEmpty())
                  .mapToDouble(Double::parseDouble)
                  .toArray();
          for (int i = 0; i + 1 < v.length; i += 2) {
            b = b.add(v[i], v[i + 1]);
          }
          yield b.grow(reach);
        }
        default -> null; // rect: CDK's background; text, title, desc: none in CDK's drawing
      };
    }

    private static boolean isIn(Element e, String cls) {
      for (Node n = e; n instanceof Element el; n = n.getParentNode()) {
        String c = el.getAttribute("class");
        if (c.equals(cls) || c.startsWith(cls + " ")) {
          return true;
        }
      }
      return false;
    }

    private static double num(Element e, String attr) {
      try {
        return Double.parseDouble(e.getAttribute(attr));
      } catch (NumberFormatException ex) {
        return 0;
      }
    }
  }
}
