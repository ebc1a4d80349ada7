package dev.attrib.molecule;

import dev.attrib.spi.Escape;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Options;
import java.util.List;

/**
 * An HTML gallery of explained molecules: one card per molecule and explained task (the SVG
 * depiction, the headline with the score and the atoms/bonds split, the top atoms), and the
 * molecules that could not be read or explained listed at the end.
 *
 * <pre>{@code
 * List<Explanation<MoleculeEncoding>> done = ...;                // one per molecule
 * List<MoleculeReader.Problem> failed = batch.problems();        // plus any failures while explaining
 * Files.writeString(Path.of("gallery.html"), MoleculeGallery.page(done, failed, Options.NONE));
 * }</pre>
 *
 * <p>The page is self-contained (inline SVG and CSS, no scripts, nothing fetched); every text that
 * came from the input or the model folder is HTML-escaped, and SVG text is XML-escaped.
 */
public final class MoleculeGallery {
  private MoleculeGallery() {}

  private static final String CSS =
      "body{font-family:sans-serif;margin:16px;color:#222}"
          + ".attrib-gallery{display:flex;flex-wrap:wrap;gap:16px}"
          + ".attrib-card{border:1px solid #ccc;border-radius:6px;padding:8px;margin:0;"
          + "max-width:480px}"
          + ".attrib-card svg{max-width:100%;height:auto}"
          + ".attrib-name{font-weight:bold;word-break:break-all}"
          + ".attrib-headline,.attrib-top{font-size:13px;margin-top:4px}"
          + ".attrib-problems li{font-family:monospace;font-size:12px;color:#a00}";

  /** One card per row (task) of {@code e}, in row order. */
  public static String cards(Explanation<MoleculeEncoding> e, Options o) {
    StringBuilder b = new StringBuilder();
    for (Explanation.Row r : e.rows()) {
      b.append(card(e, r, o));
    }
    return b.toString();
  }

  /** One card: a {@code <figure>} element for one row (task) of an explanation. */
  public static String card(Explanation<MoleculeEncoding> e, Explanation.Row r, Options o) {
    MolGraph g = e.encoded().graph();
    String name = g.title().isEmpty() ? MoleculeParser.shortText(e.encoded().input()) : g.title();
    int k = MoleculeRenderers.top(o);
    StringBuilder b = new StringBuilder();
    b.append("<figure class=\"attrib-card\">\n");
    b.append(MoleculeDepiction.svgElement(e, r, o)).append('\n');
    b.append("<figcaption>\n");
    b.append("<div class=\"attrib-name\">").append(Escape.html(name)).append("</div>\n");
    b.append("<div class=\"attrib-headline\">")
        .append(Escape.html(MoleculeText.headline(e, r)))
        .append("</div>\n");
    if (k > 0) {
      b.append("<div class=\"attrib-top\">top atoms: ")
          .append(Escape.html(MoleculeText.topAtoms(e, r, k)))
          .append("</div>\n");
    }
    b.append("</figcaption>\n</figure>\n");
    return b.toString();
  }

  /** A whole page: the cards in the given order (one per molecule and task), then the problems. */
  public static String page(
      List<Explanation<MoleculeEncoding>> explained,
      List<MoleculeReader.Problem> problems,
      Options o) {
    String title =
        explained.isEmpty()
            ? "attrib: molecules"
            : "attrib: " + explained.get(0).model() + ", " + explained.size() + " molecule(s)";
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    b.append("<title>").append(Escape.html(title)).append("</title>\n");
    b.append("<style>").append(CSS).append("</style>\n</head>\n<body>\n");
    b.append("<h1>").append(Escape.html(title)).append("</h1>\n");
    b.append("<div class=\"attrib-gallery\">\n");
    for (Explanation<MoleculeEncoding> e : explained) {
      b.append(cards(e, o));
    }
    b.append("</div>\n");
    if (!problems.isEmpty()) {
      b.append("<h2>Not explained (").append(problems.size()).append(")</h2>\n");
      b.append("<ul class=\"attrib-problems\">\n");
      for (MoleculeReader.Problem p : problems) {
        b.append("<li>").append(Escape.html(p.message())).append("</li>\n");
      }
      b.append("</ul>\n");
    }
    b.append("</body>\n</html>\n");
    return b.toString();
  }
}
