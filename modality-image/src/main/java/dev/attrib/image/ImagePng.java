package dev.attrib.image;

import dev.attrib.ig.Attribution;
import dev.attrib.ig.Completeness;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Options;
import dev.attrib.spi.Renderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PNG pictures of image attributions: heat map, blended overlay, masked image and the side-by-side
 * row (image | IG heat map | IG overlay | gradient×image, as in Figure 2 of the IG paper) with a
 * colour bar.
 *
 * <pre>{@code
 * byte[] row = ImagePng.row(SideBySide.explain(explainer, file, settings), Options.NONE);
 * byte[] heat = ImagePng.render(explanation, Options.of(Map.of("view", "heatmap", "sign", "all")));
 * }</pre>
 *
 * <p>Options (all optional): {@code view} = {@code row} (default) | {@code heatmap} | {@code
 * overlay} | {@code masked}; {@code sign} = {@code absolute} (default) | {@code positive} | {@code
 * negative} | {@code all}; {@code clip} = percentile where magnitudes are clipped before scaling to
 * [0, 1] (default 99); {@code alpha} = overlay strength in [0, 1] (default 0.7); {@code zoom} =
 * whole-number enlargement (default: panels at least 128 pixels). Every panel is normalised on its
 * own; the colour bar shows the normalised scale (1 is the clipping point).
 *
 * <p>Views: <b>heatmap</b> colours each pixel by its display value on the shared {@link
 * dev.attrib.render.DivergingScale} (grey at 0; red for positive values and magnitudes, blue for
 * negative ones); <b>overlay</b> blends that colour over the image with weight {@code alpha ×
 * |value|}; <b>masked</b> multiplies the image by {@code |value|}, so only what the attribution
 * points at stays visible. The colour bar is filled from the same scale.
 *
 * <p>Text (panel titles, colour-bar labels, the caption under the panels) is anti-aliased in the
 * font shipped with attrib ({@link Fonts}), so captions read the same on every machine; the caption
 * wraps onto more lines rather than widen the picture.
 */
public final class ImagePng {
  private ImagePng() {}

  private static final int BACKGROUND = 0xffffff;
  private static final int INK = 0x202020;
  // Package-private for the tests, which find the panels and the colour bar from them.
  static final int MARGIN = 10;
  static final int GAP = 8;
  static final int BAR = 12;
  static final float TITLE = 13f;
  private static final float CAPTION = 12f;
  private static final float BAR_LABEL = 11f;

  /** The caption wraps at the panels' width, but never at less than this many pixels. */
  private static final int MIN_TEXT_WIDTH = 320;

  /** Between the parts of a caption line. */
  static final String SEP = " \u00b7 ";

  /** The views of the {@code png} format. */
  public enum View {
    ROW("row"),
    HEATMAP("heatmap"),
    OVERLAY("overlay"),
    MASKED("masked");

    private final String id;

    View(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public static View forName(String name) {
      for (View v : values()) {
        if (v.id.equals(name.toLowerCase(Locale.ROOT))) {
          return v;
        }
      }
      throw new AttribException(
          "unknown view '" + name + "'; available: row, heatmap, overlay, masked");
    }
  }

  /**
   * The rendering options, parsed and checked.
   *
   * @param view which picture
   * @param sign which part of the attribution
   * @param clip clipping percentile
   * @param alpha overlay strength
   * @param zoom enlargement, or 0 for automatic
   */
  public record Style(View view, HeatMaps.Sign sign, double clip, double alpha, int zoom) {
    public static Style of(Options o) {
      double alpha = o.getDouble("alpha", 0.7);
      if (!(alpha >= 0 && alpha <= 1)) {
        throw new AttribException("option alpha=" + o.get("alpha", "") + " must be in [0, 1]");
      }
      double zoom = o.getDouble("zoom", 0);
      if (zoom != Math.rint(zoom) || zoom < 0 || zoom > 64) {
        throw new AttribException(
            "option zoom=" + o.get("zoom", "") + " must be a whole number from 1 to 64");
      }
      return new Style(
          View.forName(o.get("view", "row")),
          HeatMaps.sign(o),
          HeatMaps.clip(o),
          alpha,
          (int) zoom);
    }

    int zoomFor(int h, int w) {
      return zoom > 0 ? zoom : Math.max(1, (int) Math.ceil(128.0 / Math.max(h, w)));
    }
  }

  /** The {@code png} renderer: {@link #render}. */
  static final class PngRenderer implements Renderer<ImageEncoding> {
    @Override
    public String format() {
      return "png";
    }

    @Override
    public byte[] render(Explanation<ImageEncoding> e, Options options) {
      return ImagePng.render(e, options);
    }
  }

  /**
   * One explanation as the {@code view} option says. The row view without a second attribution has
   * three panels (image | heat map | overlay); {@link #row(SideBySide, Options)} adds the
   * gradient×image panel.
   */
  public static byte[] render(Explanation<ImageEncoding> e, Options options) {
    return draw(e, options).png();
  }

  /** The picture of {@link #render}, before encoding. */
  static Canvas draw(Explanation<ImageEncoding> e, Options options) {
    Style st = Style.of(options);
    return switch (st.view()) {
      case ROW -> row(e, null, st);
      case HEATMAP -> single(e, st, View.HEATMAP);
      case OVERLAY -> single(e, st, View.OVERLAY);
      case MASKED -> single(e, st, View.MASKED);
    };
  }

  /** The four-panel row: image | heat map | overlay | gradient×image, with a colour bar. */
  public static byte[] row(SideBySide both, Options options) {
    return drawRow(both, options).png();
  }

  /** The picture of {@link #row(SideBySide, Options)}, before encoding. */
  static Canvas drawRow(SideBySide both, Options options) {
    return row(both.main(), both.gradientXInput(), Style.of(options));
  }

  /**
   * Several attributions of one image side by side (e.g. saliency | IG | SmoothGrad): the image,
   * then one heat map per explanation, titled by its method and normalised on its own, with a
   * colour bar. The caption names the prediction, each method's completeness delta where it has one
   * (IG and SmoothGrad over IG; "none" for saliency and the like, which make no such promise) and
   * what the colours show. Options as for {@link #render} ({@code sign}, {@code clip}, {@code
   * zoom}).
   *
   * <p>Contract: every explanation is of the same picture (one score per pixel of it), in the order
   * given; at least one.
   */
  public static byte[] methods(List<Explanation<ImageEncoding>> explanations, Options options) {
    return drawMethods(explanations, options).png();
  }

  /** The picture of {@link #methods}, before encoding. */
  static Canvas drawMethods(List<Explanation<ImageEncoding>> explanations, Options options) {
    if (explanations.isEmpty()) {
      throw new AttribException("no explanation to draw");
    }
    Style st = Style.of(options);
    Explanation<ImageEncoding> first = explanations.get(0);
    Picture pic = Picture.of(first);
    List<Panel> panels = new ArrayList<>();
    panels.add(new Panel("image", pic.rgb));
    for (Explanation<ImageEncoding> e : explanations) {
      if (e.units().scores().length != pic.rgb.length) {
        throw new AttribException("the explanations are of different images");
      }
      HeatMaps.Normalized n = HeatMaps.normalize(e.units().scores(), st.sign(), st.clip());
      panels.add(new Panel(shortName(e), heat(n)));
    }
    List<String> caption = methodsCaption(explanations, st);
    return layout(pic, panels, st, true, caption);
  }

  /**
   * The caption of {@link #methods}, in parts: the prediction, each method's completeness delta (or
   * "no completeness"), the scaling, what the colours show.
   */
  static List<String> methodsCaption(List<Explanation<ImageEncoding>> explanations, Style st) {
    Explanation<ImageEncoding> first = explanations.get(0);
    List<String> caption = new ArrayList<>();
    caption.add(
        first.prediction().label()
            + String.format(Locale.ROOT, " %.2f", first.prediction().score()));
    for (Explanation<ImageEncoding> e : explanations) {
      Completeness c = e.attribution().completeness();
      caption.add(
          shortName(e)
              + (c == null
                  ? ": no completeness"
                  : String.format(Locale.ROOT, ": delta %.1f%%", 100 * c.relativeDelta())));
    }
    caption.add("each map on its own scale");
    caption.add(display(st));
    return caption;
  }

  /** One picture of a row: a title and 0xRRGGBB values at the image's size. */
  record Panel(String title, int[] rgb) {}

  /**
   * Any panels of an image's size in a row, with a colour bar and a caption: {@code caption}'s
   * parts joined by {@link #SEP}, wrapped between parts.
   */
  static Canvas panels(
      Pixels img, ImageSpec spec, List<Panel> panels, Style st, List<String> caption) {
    return layout(
        new Picture(img.width(), img.height(), rgb(img, spec.max())), panels, st, true, caption);
  }

  private static Canvas row(
      Explanation<ImageEncoding> e, Explanation<ImageEncoding> gxi, Style st) {
    Picture pic = Picture.of(e);
    HeatMaps.Normalized n = HeatMaps.normalize(e.units().scores(), st.sign(), st.clip());
    List<Panel> panels = new ArrayList<>();
    panels.add(new Panel("image", pic.rgb));
    panels.add(new Panel(shortName(e), heat(n)));
    panels.add(new Panel(shortName(e) + " overlay", overlay(pic.rgb, n, st.alpha())));
    if (gxi != null) {
      if (gxi.units().scores().length != n.values().length) {
        throw new AttribException("the two explanations are of different images");
      }
      HeatMaps.Normalized g = HeatMaps.normalize(gxi.units().scores(), st.sign(), st.clip());
      panels.add(new Panel("gradient \u00d7 image", heat(g)));
    }
    return layout(pic, panels, st, true, footer(e, st));
  }

  private static Canvas single(Explanation<ImageEncoding> e, Style st, View view) {
    Picture pic = Picture.of(e);
    HeatMaps.Normalized n = HeatMaps.normalize(e.units().scores(), st.sign(), st.clip());
    Panel p =
        switch (view) {
          case HEATMAP -> new Panel(shortName(e), heat(n));
          case OVERLAY -> new Panel(shortName(e) + " overlay", overlay(pic.rgb, n, st.alpha()));
          case MASKED -> new Panel(shortName(e) + " mask", masked(pic.rgb, n));
          default -> throw new IllegalStateException(view.toString());
        };
    return layout(pic, List.of(p), st, view != View.MASKED, footer(e, st));
  }

  private static Canvas layout(
      Picture pic, List<Panel> panels, Style st, boolean bar, List<String> caption) {
    int z = st.zoomFor(pic.height, pic.width);
    int pw = pic.width * z;
    int ph = pic.height * z;
    int titleH = Canvas.textHeight(TITLE) + 4;
    int labelW = 0;
    for (String l : barLabels(st.sign())) {
      labelW = Math.max(labelW, (int) Math.ceil(Canvas.textWidth(l, BAR_LABEL)));
    }
    int barBlock = bar ? GAP + BAR + 4 + labelW : 0;
    int contentW = panels.size() * pw + (panels.size() - 1) * GAP + barBlock;
    int textW = Math.max(contentW, MIN_TEXT_WIDTH);
    List<String> lines = Canvas.wrap(caption, SEP, textW, CAPTION);
    int lineH = Canvas.textHeight(CAPTION) + 2;
    int width = 2 * MARGIN + textW;
    int height = 2 * MARGIN + titleH + ph + 6 + lines.size() * lineH;
    Canvas c = new Canvas(width, height, BACKGROUND);
    int top = MARGIN + titleH;
    for (int i = 0; i < panels.size(); i++) {
      int x = MARGIN + i * (pw + GAP);
      String title = Canvas.fit(panels.get(i).title(), pw, TITLE);
      c.textCentred(title, x + pw / 2, MARGIN, TITLE, INK);
      c.picture(panels.get(i).rgb(), pic.width, pic.height, x, top, z);
    }
    if (bar) {
      int bx = MARGIN + panels.size() * (pw + GAP);
      colourBar(c, bx, top, ph, st.sign());
    }
    for (int i = 0; i < lines.size(); i++) {
      c.text(lines.get(i), MARGIN, top + ph + 6 + i * lineH, CAPTION, INK);
    }
    return c;
  }

  /** The colour bar's labels, top to bottom. */
  private static List<String> barLabels(HeatMaps.Sign sign) {
    return sign == HeatMaps.Sign.ALL ? List.of("+1", "0", "\u22121") : List.of("1", "0");
  }

  /** A vertical colour bar of the normalised scale: 1 at the top, 0 (or -1) at the bottom. */
  private static void colourBar(Canvas c, int x, int y, int h, HeatMaps.Sign sign) {
    boolean both = sign == HeatMaps.Sign.ALL;
    for (int i = 0; i < h; i++) {
      double t = 1 - (double) i / Math.max(1, h - 1);
      double v = both ? 2 * t - 1 : t;
      c.fill(x, y + i, BAR, 1, HeatMaps.colour(v, sign));
    }
    c.frame(x, y, BAR, h, INK);
    int lx = x + BAR + 4;
    List<String> labels = barLabels(sign);
    int lh = Canvas.textHeight(BAR_LABEL);
    c.text(labels.get(0), lx, y, BAR_LABEL, INK);
    // A short bar (a small image at -o zoom=1) keeps only the labels that fit apart.
    if (both && h >= 3 * lh + 4) {
      c.text(labels.get(1), lx, y + (h - lh) / 2, BAR_LABEL, INK);
    }
    if (h >= 2 * lh + 2) {
      c.text(labels.get(labels.size() - 1), lx, y + h - lh, BAR_LABEL, INK);
    }
  }

  static int[] heat(HeatMaps.Normalized n) {
    int[] out = new int[n.values().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = HeatMaps.colour(n.value(i), n.sign());
    }
    return out;
  }

  static int[] overlay(int[] image, HeatMaps.Normalized n, double alpha) {
    int[] out = new int[image.length];
    for (int i = 0; i < out.length; i++) {
      double a = alpha * Math.abs(n.value(i));
      out[i] = blend(image[i], HeatMaps.colour(n.value(i), n.sign()), a);
    }
    return out;
  }

  static int[] masked(int[] image, HeatMaps.Normalized n) {
    int[] out = new int[image.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = blend(0, image[i], Math.abs(n.value(i)));
    }
    return out;
  }

  /** (1 - a)·x + a·y per channel. */
  static int blend(int x, int y, double a) {
    int r = (int) Math.round((1 - a) * ((x >> 16) & 0xff) + a * ((y >> 16) & 0xff));
    int g = (int) Math.round((1 - a) * ((x >> 8) & 0xff) + a * ((y >> 8) & 0xff));
    int b = (int) Math.round((1 - a) * (x & 0xff) + a * (y & 0xff));
    return Canvas.rgb(r, g, b);
  }

  private static String shortName(Explanation<ImageEncoding> e) {
    String m = e.attribution().settings().method();
    return switch (m) {
      case "integrated-gradients" -> "IG";
      case "fast-ig" -> "fast IG";
      case "gradient-x-input" -> "gradient \u00d7 image";
      case "smoothgrad(saliency)" -> "SmoothGrad";
      case "smoothgrad(integrated-gradients)" -> "SmoothGrad of IG";
      default -> m;
    };
  }

  /**
   * The caption under the picture, in parts: prediction, method (baseline, steps), completeness
   * delta, display settings; e.g. "triangle 0.99 · IG from blur, 64 steps · completeness delta 0.5%
   * · absolute values, clipped at p99".
   */
  static List<String> footer(Explanation<ImageEncoding> e, Style st) {
    List<String> parts = new ArrayList<>();
    parts.add(e.prediction().label() + String.format(Locale.ROOT, " %.2f", e.prediction().score()));
    Attribution a = e.attribution();
    StringBuilder m = new StringBuilder(shortName(e));
    if (e.baseline() != null) {
      m.append(" from ").append(e.baseline());
    }
    if (a.settings().steps() != null && a.settings().quadrature() != null) {
      m.append(", ").append(a.settings().steps()).append(" steps");
    }
    parts.add(m.toString());
    Completeness c = a.completeness();
    if (c != null) {
      parts.add(String.format(Locale.ROOT, "completeness delta %.1f%%", 100 * c.relativeDelta()));
    }
    parts.add(display(st));
    return parts;
  }

  /** What the colours show: the sign mode and the clipping percentile, in words. */
  static String display(Style st) {
    String what =
        switch (st.sign()) {
          case ABSOLUTE -> "absolute values";
          case POSITIVE -> "positive part";
          case NEGATIVE -> "negative part";
          case ALL -> "both signs";
        };
    return what + ", clipped at p" + trim(st.clip());
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /** The input image as displayable RGB values, from the encoding. */
  record Picture(int width, int height, int[] rgb) {
    static Picture of(Explanation<ImageEncoding> e) {
      Pixels px = e.encoded().scaled();
      ImageSpec spec = e.encoded().spec();
      if (e.units().scores().length != px.pixelCount()) {
        throw new AttribException(
            "need one score per pixel ("
                + px.pixelCount()
                + ") but have "
                + e.units().scores().length);
      }
      return new Picture(px.width(), px.height(), ImagePng.rgb(px, spec.max()));
    }
  }

  /** Displayable 0xRRGGBB values of a scaled picture, row-major. */
  static int[] rgb(Pixels px, double max) {
    java.awt.image.BufferedImage img = px.toImage(max);
    int[] rgb = img.getRGB(0, 0, px.width(), px.height(), null, 0, px.width());
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] &= 0xffffff;
    }
    return rgb;
  }
}
