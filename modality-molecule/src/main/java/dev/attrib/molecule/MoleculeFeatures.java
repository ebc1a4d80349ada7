package dev.attrib.molecule;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.attrib.spi.Escape;
import dev.attrib.spi.JsonReport;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The features a model's featurisation makes of one molecule, per atom and per bond, as plain
 * values: what {@code attrib molecule --features} writes so they can be compared with RDKit's or
 * one's own featuriser.
 *
 * <pre>{@code
 * MoleculeFeatures f = MoleculeFeatures.of("CC(=O)O", spec.featurization());
 * f.atomFeatureNames().get(0);      // "element=C"
 * f.atoms()[1];                     // the carboxyl carbon's features, in the spec's order
 * f.bonds()[1];                     // C1=O2's features (the same in both directions)
 * f.toJson();                       // one object of the JSON Lines output
 * MoleculeFeatures.csv(List.of(f)); // the CSV output: a header, a row per atom and per bond
 * }</pre>
 *
 * <p>Contract: one row per heavy atom in the molecule's atom order and one per bond in its bond
 * order, exactly the rows the model's {@code atom_features} and {@code pair_features} / {@code
 * edge_features} tensors hold (a dense pair {@code [i, j]} and {@code [j, i]} and the edges {@code
 * 2k}, {@code 2k + 1} of bond k all carry the bond's row). No padding.
 *
 * @param input the molecule as given (untrusted text)
 * @param id what names the molecule: a batch file's id or name, else the title after the SMILES or
 *     of the MOL block, else empty (untrusted text)
 * @param graph the parsed molecule
 * @param atomFeatureNames one name per atom feature
 * @param bondFeatureNames one name per bond feature
 * @param atoms one row per atom
 * @param bonds one row per bond
 */
public record MoleculeFeatures(
    String input,
    String id,
    MolGraph graph,
    List<String> atomFeatureNames,
    List<String> bondFeatureNames,
    float[][] atoms,
    float[][] bonds) {

  public MoleculeFeatures {
    atomFeatureNames = List.copyOf(atomFeatureNames);
    bondFeatureNames = List.copyOf(bondFeatureNames);
  }

  /** Parses {@code input} (SMILES or MOL block) and featurises it as {@code f} says. */
  public static MoleculeFeatures of(String input, Featurization f) {
    return of(input, "", f);
  }

  /** As {@link #of(String, Featurization)}, named {@code id} (empty: the input's own title). */
  public static MoleculeFeatures of(String input, String id, Featurization f) {
    MolGraph g = MoleculeParser.graph(input);
    float[][] atoms = new float[g.atoms().size()][];
    for (MolGraph.Atom a : g.atoms()) {
      atoms[a.index()] = f.atomFeatures(a);
    }
    float[][] bonds = new float[g.bonds().size()][];
    for (MolGraph.Bond b : g.bonds()) {
      bonds[b.index()] = f.bondFeatures(b, g);
    }
    String name = id == null || id.isBlank() ? g.title() : id;
    return new MoleculeFeatures(
        input, name, g, f.atomFeatureNames(), f.bondFeatureNames(), atoms, bonds);
  }

  /**
   * One JSON object: {@code input}, {@code id} (when there is one), {@code atomFeatureNames},
   * {@code bondFeatureNames}, {@code atoms} ({@code index}, {@code label}, {@code features}) and
   * {@code bonds} ({@code index}, {@code begin}, {@code end}, {@code label}, {@code features}).
   * Numbers are written as the shortest decimal that reads back as the same float32, ones and zeros
   * as integers. Text is JSON-escaped (control characters as {@code \}{@code u} escapes).
   */
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("input", input);
    if (!id.isEmpty()) {
      o.addProperty("id", id);
    }
    o.add("atomFeatureNames", strings(atomFeatureNames));
    o.add("bondFeatureNames", strings(bondFeatureNames));
    JsonArray as = new JsonArray();
    for (MolGraph.Atom a : graph.atoms()) {
      JsonObject x = new JsonObject();
      x.addProperty("index", a.index());
      x.addProperty("label", a.label());
      x.add("features", numbers(atoms[a.index()]));
      as.add(x);
    }
    o.add("atoms", as);
    JsonArray bs = new JsonArray();
    for (MolGraph.Bond b : graph.bonds()) {
      JsonObject x = new JsonObject();
      x.addProperty("index", b.index());
      x.addProperty("begin", b.begin());
      x.addProperty("end", b.end());
      x.addProperty("label", b.label(graph));
      x.add("features", numbers(bonds[b.index()]));
      bs.add(x);
    }
    o.add("bonds", bs);
    return o;
  }

  /**
   * {@link #toJson()} as one JSON Lines line (no line break): besides what JSON escapes anyway
   * (control characters), C1 controls, DEL and Unicode's bidirectional and line separators are
   * written as {@code \}{@code uXXXX} escapes, so a line shown on a terminal cannot drive it.
   */
  public String jsonLine() {
    String line = JsonReport.line(toJson());
    StringBuilder b = new StringBuilder(line.length());
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if ((c >= 0x7f && c < 0xa0)
          || (c >= 0x202a && c <= 0x202e)
          || (c >= 0x2066 && c <= 0x2069)
          || c == 0x200e
          || c == 0x200f
          || c == 0x061c
          || c == 0x2028
          || c == 0x2029) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * A CSV table (RFC 4180, LF line ends) of molecules featurised by one spec: the header {@code
   * molecule,name,kind,index,label,begin,end} then every atom feature name then every bond feature
   * name; a row per atom ({@code kind} {@code atom}, bond columns empty) and per bond ({@code
   * bond}, atom columns empty). {@code molecule} counts from 1; {@code name} is the title, or the
   * input. Text cells have control characters shown as escapes and a leading {@code = + - @}
   * defused with a quote, so neither a terminal nor a spreadsheet acts on them.
   */
  public static String csv(List<MoleculeFeatures> molecules) {
    StringBuilder b = new StringBuilder();
    List<String> atomNames = molecules.isEmpty() ? List.of() : molecules.get(0).atomFeatureNames;
    List<String> bondNames = molecules.isEmpty() ? List.of() : molecules.get(0).bondFeatureNames;
    List<String> header =
        new ArrayList<>(List.of("molecule", "name", "kind", "index", "label", "begin", "end"));
    header.addAll(atomNames);
    header.addAll(bondNames);
    row(b, header);
    int m = 0;
    for (MoleculeFeatures f : molecules) {
      m++;
      if (!f.atomFeatureNames.equals(atomNames) || !f.bondFeatureNames.equals(bondNames)) {
        throw new IllegalArgumentException("one CSV table needs one featurisation");
      }
      String name = f.id.isEmpty() ? f.input.strip() : f.id;
      for (MolGraph.Atom a : f.graph.atoms()) {
        List<String> r =
            new ArrayList<>(
                List.of(
                    Integer.toString(m),
                    text(name),
                    "atom",
                    Integer.toString(a.index()),
                    a.label(),
                    "",
                    ""));
        for (float v : f.atoms[a.index()]) {
          r.add(number(v));
        }
        for (int i = 0; i < bondNames.size(); i++) {
          r.add("");
        }
        row(b, r);
      }
      for (MolGraph.Bond bd : f.graph.bonds()) {
        List<String> r =
            new ArrayList<>(
                List.of(
                    Integer.toString(m),
                    text(name),
                    "bond",
                    Integer.toString(bd.index()),
                    bd.label(f.graph),
                    Integer.toString(bd.begin()),
                    Integer.toString(bd.end())));
        for (int i = 0; i < atomNames.size(); i++) {
          r.add("");
        }
        for (float v : f.bonds[bd.index()]) {
          r.add(number(v));
        }
        row(b, r);
      }
    }
    return b.toString();
  }

  private static String text(String s) {
    String t = Escape.terminal(s);
    if (!t.isEmpty() && "=+-@".indexOf(t.charAt(0)) >= 0) {
      t = "'" + t;
    }
    return t;
  }

  private static void row(StringBuilder b, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      String c = cells.get(i);
      if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0) {
        b.append('"').append(c.replace("\"", "\"\"")).append('"');
      } else {
        b.append(c);
      }
    }
    b.append('\n');
  }

  /** The shortest decimal that reads back as {@code v}; integers without a fraction. */
  static String number(float v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e7f) {
      return Long.toString((long) v);
    }
    return new BigDecimal(Float.toString(v)).stripTrailingZeros().toPlainString();
  }

  private static JsonArray numbers(float[] row) {
    JsonArray a = new JsonArray();
    for (float v : row) {
      a.add(new JsonPrimitive(new BigDecimal(number(v))));
    }
    return a;
  }

  private static JsonArray strings(List<String> values) {
    JsonArray a = new JsonArray();
    values.forEach(a::add);
    return a;
  }
}
