package dev.attrib.molecule;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Escape;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.JsonReport;
import dev.attrib.spi.Options;
import dev.attrib.spi.Renderer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The molecule renderers: {@code svg}, {@code png}, {@code html}, {@code json}, {@code plain}.
 *
 * <pre>{@code
 * Files.write(Path.of("out.svg"), mol.renderer("svg").render(e, Options.of(Map.of("atom-indices", "true"))));
 * String line = new String(mol.renderer("json").render(e, Options.NONE), UTF_8);
 * }</pre>
 *
 * <ul>
 *   <li>{@code svg}: CDK depiction of one molecule for one task (an explanation of several tasks is
 *       refused: use {@code html}), every atom and bond highlighted in its {@link AttributionColors
 *       attribution colour} (red +, blue -, grey none; intensity by magnitude on one scale for the
 *       molecule), each highlight named {@code attrib-atomI} / {@code attrib-bondK} with a tooltip,
 *       and a legend (e.g. "Sigmoid score for task nitro: 0.98", the molecule's title and the
 *       atoms/bonds split, a colour bar). Well-formed XML without a DOCTYPE; input text appears
 *       only as escaped character data.
 *   <li>{@code png}: the same drawing as a PNG image.
 *   <li>{@code html}: a page with one gallery card per task (the SVG, the headline and the top
 *       atoms); see {@link MoleculeGallery} for a page of many molecules.
 *   <li>{@code json}: one line per task (row), each {@link JsonReport#base(Explanation,
 *       Explanation.Row)} plus {@code units} (one per atom, in atom order: {@code index}, {@code
 *       text}, {@code symbol}, {@code score}), {@code bonds} (one per bond: {@code index}, {@code
 *       begin}, {@code end}, {@code order}, {@code text}, {@code score}), {@code split} ({@code
 *       atoms}, {@code bonds}, {@code unbondedPairs}, {@code atomsFraction}, {@code bondsFraction})
 *       and {@code title}.
 *   <li>{@code plain}: per task, {@code task nitro: 0.98 (atoms 46% of the score, bonds 54%,
 *       completeness delta 0.3%)}, then {@code " top atoms: N9 +0.31, ..."} and {@code " top bonds:
 *       ..."}.
 * </ul>
 *
 * <p>Options: {@code atom-indices}, {@code atom-values}, {@code legend}, {@code zoom} (drawings);
 * {@code top} (how many atoms and bonds the text lists, default 5).
 */
public final class MoleculeRenderers {
  private MoleculeRenderers() {}

  /** All of them, in the order {@code attrib modalities} lists them. */
  public static final List<Renderer<MoleculeEncoding>> ALL =
      List.of(
          renderer("svg", (e, o) -> utf8(MoleculeDepiction.svg(e, o))),
          renderer("png", MoleculeDepiction::png),
          renderer("html", (e, o) -> utf8(MoleculeGallery.page(List.of(e), List.of(), o))),
          renderer("json", (e, o) -> utf8(jsonLines(e, o))),
          renderer("plain", (e, o) -> utf8(plain(e, o))));

  private static Renderer<MoleculeEncoding> renderer(
      String format, BiFunction<Explanation<MoleculeEncoding>, Options, byte[]> f) {
    return new Renderer<>() {
      @Override
      public String format() {
        return format;
      }

      @Override
      public byte[] render(Explanation<MoleculeEncoding> explanation, Options options) {
        options.requireKnown(MoleculeModality.OPTIONS, "the molecule " + format + " renderer");
        return f.apply(explanation, options);
      }

      @Override
      public String toString() {
        return "molecule renderer " + format;
      }
    };
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static int top(Options o) {
    double k = o.getDouble("top", 5);
    if (k < 0 || k != Math.rint(k)) {
      throw new AttribException("option top=" + o.get("top", "") + " must be a whole number >= 0");
    }
    return (int) k;
  }

  /**
   * The plain-text summary, one block per task in row order (terminal-safe: input-derived text is
   * escaped).
   */
  public static String plain(Explanation<MoleculeEncoding> e, Options o) {
    int k = top(o);
    StringBuilder b = new StringBuilder();
    for (Explanation.Row r : e.rows()) {
      b.append(Escape.terminal(MoleculeText.headline(e, r))).append('\n');
      if (k > 0) {
        b.append(" top atoms: ")
            .append(Escape.terminal(MoleculeText.topAtoms(e, r, k)))
            .append('\n');
        String bonds = MoleculeText.topBonds(e, r, k);
        if (!bonds.isEmpty()) {
          b.append(" top bonds: ").append(Escape.terminal(bonds)).append('\n');
        }
      }
    }
    return b.toString();
  }

  /**
   * JSON Lines: one object per task (row), each in the public format of a single-target result, as
   * {@code --task all} wrote them before an explanation held several rows.
   */
  public static String jsonLines(Explanation<MoleculeEncoding> e, Options o) {
    StringBuilder b = new StringBuilder();
    for (Explanation.Row r : e.rows()) {
      b.append(JsonReport.line(json(e, r, o))).append('\n');
    }
    return b.toString();
  }

  /** The JSON object of a one-row explanation (see the class comment for the keys). */
  public static JsonObject json(Explanation<MoleculeEncoding> e, Options o) {
    return json(e, e.row(), o);
  }

  /** The JSON object of one row (task) of an explanation. */
  public static JsonObject json(Explanation<MoleculeEncoding> e, Explanation.Row r, Options o) {
    MoleculeScores s = MoleculeScores.of(e.encoded(), r.attribution());
    MolGraph g = s.graph();
    JsonObject j = JsonReport.base(e, r);
    if (!g.title().isEmpty()) {
      j.addProperty("title", g.title());
    }
    JsonArray atoms = new JsonArray();
    for (MolGraph.Atom a : g.atoms()) {
      JsonObject x = new JsonObject();
      x.addProperty("index", a.index());
      x.addProperty("text", a.label());
      x.addProperty("symbol", a.symbol());
      x.addProperty("score", s.atoms()[a.index()]);
      atoms.add(x);
    }
    j.add("units", atoms);
    JsonArray bonds = new JsonArray();
    for (MolGraph.Bond b : g.bonds()) {
      JsonObject x = new JsonObject();
      x.addProperty("index", b.index());
      x.addProperty("begin", b.begin());
      x.addProperty("end", b.end());
      x.addProperty("order", b.type());
      x.addProperty("text", b.label(g));
      x.addProperty("score", s.bonds()[b.index()]);
      bonds.add(x);
    }
    j.add("bonds", bonds);
    AtomBondSplit split = s.split();
    JsonObject sp = new JsonObject();
    sp.addProperty("atoms", split.atoms());
    sp.addProperty("bonds", split.bonds());
    sp.addProperty("unbondedPairs", split.unbondedPairs());
    if (Double.isNaN(split.atomsFraction())) {
      sp.add("atomsFraction", JsonNull.INSTANCE);
      sp.add("bondsFraction", JsonNull.INSTANCE);
    } else {
      sp.addProperty("atomsFraction", split.atomsFraction());
      sp.addProperty("bondsFraction", split.bondsFraction());
    }
    j.add("split", sp);
    return j;
  }
}
