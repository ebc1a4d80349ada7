package dev.attrib.cli;

import dev.attrib.ig.Completeness;
import dev.attrib.render.Legend;
import dev.attrib.spi.Escape;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTML of {@code attrib report}: one static page, no script, no network. Styles are inline in
 * the head; pictures are files beside the page, linked by relative names the report chose itself
 * (never a user's file name). Every piece of text that comes from a user or a model (inputs,
 * labels, model folders, token texts) goes through {@link Escape#html}; fragments made by the
 * modalities' renderers ({@code TextRenderers.htmlTokens}, {@code TranslationRenderers.htmlMatrix})
 * escape their own.
 *
 * <pre>{@code
 * ReportPage p = new ReportPage();
 * p.heading(2, "figure-2", "Figure 2: images, their IG and gradient × image");
 * p.picture("figure-2/row-1.png", ReportPage.pngSize(png), "alt text", "caption");
 * String html = ReportPage.document("attrib report", p.body());
 * }</pre>
 */
final class ReportPage {

  static final String CSS =
      String.join(
          "\n",
          "body{font-family:'DejaVu Sans',system-ui,sans-serif;margin:1.5em auto;max-width:80em;"
              + "padding:0 1.5em;color:#202020;background:#fff;line-height:1.45}",
          "h1{font-size:1.7em;margin-bottom:.2em}",
          "h2{font-size:1.3em;margin-top:2em;border-bottom:1px solid #ccc;padding-bottom:.2em}",
          "h3{font-size:1.05em;margin:1.2em 0 .4em}",
          "p.lead,.meta{color:#555}",
          "nav a{margin-right:1em}",
          "figure{margin:.8em 0 1.2em}",
          "figure img{max-width:100%;height:auto;display:block;border:1px solid #ddd}",
          "figcaption{font-size:.92em;color:#333;margin-top:.3em}",
          ".pics{display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start}",
          // A caption as wide as its picture: the figure takes the picture's own width.
          ".pics figure{margin:0;width:min-content}",
          ".pics img{max-width:none}",
          "table{border-collapse:collapse;margin:.5em 0 1em;font-size:.95em}",
          "td,th{padding:.25em .6em;text-align:left;border-bottom:1px solid #eee;"
              + "vertical-align:top}",
          "th{background:#f4f4f4}",
          ".num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}",
          ".bad{color:#a40000;font-weight:bold}",
          ".tokens{font-size:1.1em;line-height:2}",
          ".u{padding:.1em .2em;border-radius:.25em;margin:0 .05em}",
          ".special{font-family:monospace;font-size:.8em}",
          "table.matrix{font-family:monospace;font-size:1em}",
          "table.matrix th,table.matrix td{padding:.25em .45em;text-align:right;border:0}",
          "table.matrix thead th{border-bottom:1px solid #888;background:#fff}",
          "table.matrix tbody th{text-align:left;background:#fff}",
          ".legend span{display:inline-block;min-width:2.6em;text-align:center;"
              + "font-size:.85em;border-radius:.2em;margin-right:.1em}",
          "pre{background:#f7f7f7;padding:.6em .8em;white-space:pre-wrap;font-size:.88em}",
          "td:first-child:not(.tokens){white-space:nowrap}",
          "summary{cursor:pointer;color:#333;margin:.5em 0}",
          "");

  private final StringBuilder b = new StringBuilder();

  /** The whole page: head with the styles, then {@code body} (markup made by this class). */
  static String document(String title, String body) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>"
        + Escape.html(title)
        + "</title>\n<style>\n"
        + CSS
        + "</style>\n</head>\n<body>\n"
        + body
        + "</body>\n</html>\n";
  }

  /** The markup appended so far. */
  String body() {
    return b.toString();
  }

  /** Appends markup as it is: only for markup made here or by a renderer that escapes. */
  ReportPage raw(String html) {
    b.append(html);
    return this;
  }

  /** A paragraph of plain text (escaped), with an optional class. */
  ReportPage text(String cssClass, String text) {
    b.append(cssClass == null ? "<p>" : "<p class=\"" + cssClass + "\">")
        .append(Escape.html(text))
        .append("</p>\n");
    return this;
  }

  /**
   * A heading {@code h1}–{@code h3} of plain text, with an optional anchor id (ours, not input).
   */
  ReportPage heading(int level, String id, String text) {
    b.append("<h").append(level);
    if (id != null) {
      b.append(" id=\"").append(Escape.html(id)).append('"');
    }
    b.append('>').append(Escape.html(text)).append("</h").append(level).append(">\n");
    return this;
  }

  /**
   * A picture file of the report, with its caption (plain text). {@code size} is {width, height},
   * or null when unknown (SVG).
   */
  ReportPage picture(String file, int[] size, String alt, String caption) {
    b.append("<figure><img src=\"").append(Escape.html(file)).append("\" alt=\"");
    b.append(Escape.html(alt)).append('"');
    if (size != null) {
      b.append(" width=\"").append(size[0]).append("\" height=\"").append(size[1]).append('"');
    }
    b.append('>');
    if (caption != null) {
      b.append("<figcaption>").append(Escape.html(caption)).append("</figcaption>");
    }
    b.append("</figure>\n");
    return this;
  }

  /** A table: header cells, then rows of cells; each cell plain text unless it is {@link Html}. */
  ReportPage table(List<String> header, List<List<Object>> rows) {
    b.append("<table>\n<tr>");
    for (String h : header) {
      b.append("<th>").append(Escape.html(h)).append("</th>");
    }
    b.append("</tr>\n");
    for (List<Object> row : rows) {
      b.append("<tr>");
      for (Object cell : row) {
        if (cell instanceof Html h) {
          b.append(h.cell());
        } else if (cell instanceof Num n) {
          b.append("<td class=\"num\">").append(Escape.html(n.text())).append("</td>");
        } else {
          b.append("<td>").append(Escape.html(String.valueOf(cell))).append("</td>");
        }
      }
      b.append("</tr>\n");
    }
    b.append("</table>\n");
    return this;
  }

  /** Preformatted plain text (escaped). */
  ReportPage pre(String text) {
    b.append("<pre>").append(Escape.html(text)).append("</pre>\n");
    return this;
  }

  /** The legend of the shared colour scale, with what red and blue mean here. */
  ReportPage legend(String meaning) {
    b.append("<p class=\"legend\">")
        .append(Legend.html())
        .append(" &nbsp;")
        .append(Escape.html(meaning))
        .append("</p>\n");
    return this;
  }

  /** A table cell of ready markup (made here or by an escaping renderer). */
  record Html(String cell) {
    static Html td(String cssClass, String inner) {
      return new Html(
          (cssClass == null ? "<td>" : "<td class=\"" + cssClass + "\">") + inner + "</td>");
    }
  }

  /** A numeric table cell, right-aligned. */
  record Num(String text) {}

  /** A number with {@code digits} decimals, as a right-aligned cell. */
  static Num num(double v, int digits) {
    return new Num(Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", v));
  }

  /** A share as a percentage cell, e.g. {@code 0.5%}. */
  static Num pct(double share, int digits) {
    return new Num(
        Double.isNaN(share)
            ? "n/a"
            : String.format(Locale.ROOT, "%." + digits + "f%%", 100 * share));
  }

  /**
   * The completeness delta as a reader needs it: the relative delta in percent, and, where the
   * baseline scores like the input (the relative delta divides by almost nothing), the absolute
   * delta with a note; "none" for a method without a completeness report.
   */
  static String delta(Completeness c) {
    if (c == null) {
      return "none (no completeness property)";
    }
    String s = String.format(Locale.ROOT, "%.2f%%", 100 * c.relativeDelta());
    if (c.smallBudget()) {
      s +=
          String.format(
              Locale.ROOT,
              " (absolute %.2g: the baseline scores like the input, F(x)=%.3g, F(x')=%.3g)",
              c.delta(),
              c.output(),
              c.baselineOutput());
    }
    return s;
  }

  /**
   * Width and height of an SVG (its root element's {@code width} and {@code height}, in pixels),
   * scaled by {@code scale}; null when it does not say.
   */
  static int[] svgSize(byte[] svg, double scale) {
    String head = new String(svg, 0, Math.min(svg.length, 2000), StandardCharsets.UTF_8);
    Matcher root = Pattern.compile("<svg\\b[^>]*>").matcher(head);
    if (!root.find()) {
      return null;
    }
    Matcher w = Pattern.compile("(?<![-\\w])width=\"([0-9.]+)\"").matcher(root.group());
    Matcher h = Pattern.compile("(?<![-\\w])height=\"([0-9.]+)\"").matcher(root.group());
    if (!w.find() || !h.find()) {
      return null;
    }
    return new int[] {
      (int) Math.round(scale * Double.parseDouble(w.group(1))),
      (int) Math.round(scale * Double.parseDouble(h.group(1)))
    };
  }

  /** Width and height of a PNG, from its header. */
  static int[] pngSize(byte[] png) {
    if (png.length < 24 || png[12] != 'I' || png[13] != 'H' || png[14] != 'D' || png[15] != 'R') {
      throw new IllegalArgumentException("not a PNG");
    }
    return new int[] {int32(png, 16), int32(png, 20)};
  }

  private static int int32(byte[] b, int at) {
    return ((b[at] & 0xff) << 24)
        | ((b[at + 1] & 0xff) << 16)
        | ((b[at + 2] & 0xff) << 8)
        | (b[at + 3] & 0xff);
  }
}
