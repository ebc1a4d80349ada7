package dev.attrib.render;

import java.util.List;
import org.fusesource.jansi.Ansi;

/**
 * The {@link DivergingScale} on a terminal: a score becomes a coloured cell (a background with a
 * readable text colour) at a given {@link ColorDepth}, written with Jansi's {@link Ansi} builder.
 *
 * <pre>{@code
 * String cell = TerminalPalette.paint(Escape.terminal(token), score, max, ColorDepth.ANSI256);
 * TerminalPalette.xterm256(0.3, 1);    // 131: the second of the four positive steps
 * TerminalPalette.step(-0.05, 1);      // -1: the weakest negative step, never neutral
 * }</pre>
 *
 * <p>Contract, at every depth: a zero score (or a zero {@code max}) is neutral; a positive score is
 * always red-ish and a negative one always blue-ish, however small, so the sign survives the few
 * colours a palette has (rounding each channel to the nearest palette level, as terminals and
 * Jansi's own down-sampling do, turns weak scores of both signs into the same grey or white). The
 * magnitude is shown in {@link #STEPS} steps per sign, {@code step = ceil(t * STEPS)} for the
 * intensity {@code t = |score| / max} in (0, 1]:
 *
 * <ul>
 *   <li>{@link ColorDepth#TRUECOLOR}: the scale's own colour, the intensity raised to at least
 *       {@link #TRUECOLOR_FLOOR} for a non-zero score (below that, 8-bit channels round a tint to
 *       the neutral grey);
 *   <li>{@link ColorDepth#ANSI256}: the cube colours {@link #POSITIVE_256} and {@link
 *       #NEGATIVE_256}, step by step, chosen along the scale (same hue, non-decreasing chroma,
 *       lightness near the scale's); zero is grey {@link #NEUTRAL_256};
 *   <li>{@link ColorDepth#ANSI16}: a red or blue background with bright white text, bold for steps
 *       3–4; zero is the terminal's own colours. Only the normal red (41) and blue (44) are used:
 *       the bright variants are other hues or greys in some palettes (Solarized's bright blue is a
 *       grey). Coloured text alone would be lighter for weak scores, but blue text on a black
 *       background is close to unreadable in the common 16-colour palettes (xterm's, the Linux
 *       console's, Windows' legacy console), so every non-zero score gets a cell;
 *   <li>{@link ColorDepth#NONE}: no escape sequence.
 * </ul>
 *
 * <p>The text on a 256-colour or truecolor cell is black or white, whichever contrasts more with
 * the cell ({@link Rgb#readableText}); with the scale's even lightness it is legible on a dark and
 * on a light terminal alike. The caller escapes the text ({@code Escape.terminal}) before painting
 * it: this class only adds colour.
 */
public final class TerminalPalette {
  private TerminalPalette() {}

  /** Steps of magnitude per sign in the 256- and 16-colour mappings. */
  public static final int STEPS = 4;

  /** The xterm-256 colours of positive steps 1..4: (135,95,95), (175,95,95), (215,95,95), red. */
  public static final List<Integer> POSITIVE_256 = List.of(95, 131, 167, 160);

  /**
   * The xterm-256 colours of negative steps 1..4: (95,135,175), (95,135,215), (0,135,215), blue.
   */
  public static final List<Integer> NEGATIVE_256 = List.of(67, 68, 32, 26);

  /** The xterm-256 grey of a zero score, (118,118,118). */
  public static final int NEUTRAL_256 = 243;

  /** The least intensity a non-zero score is shown with in truecolor. */
  public static final double TRUECOLOR_FLOOR = 0.15;

  /** Ends every painted cell: SGR 0, as Jansi writes it. */
  public static final String RESET = new Ansi().reset().toString();

  private static final int XTERM_BLACK = 16;
  private static final int XTERM_WHITE = 231;

  /**
   * The signed step of {@code score}: 0 for a zero score, else {@code ±ceil(t * STEPS)} (at least
   * ±1), with the score's sign.
   */
  public static int step(double score, double max) {
    if (!shown(score, max)) {
      return 0;
    }
    double t = DivergingScale.intensity(score, max);
    int k = (int) Math.min(STEPS, Math.max(1, Math.ceil(t * STEPS)));
    return score < 0 ? -k : k;
  }

  /** The xterm-256 colour index of {@code score}'s cell. */
  public static int xterm256(double score, double max) {
    int k = step(score, max);
    if (k == 0) {
      return NEUTRAL_256;
    }
    return (k > 0 ? POSITIVE_256 : NEGATIVE_256).get(Math.abs(k) - 1);
  }

  /** The 24-bit colour of {@code score}'s cell: the scale's, a non-zero score at least tinted. */
  public static Rgb truecolor(double score, double max) {
    if (!shown(score, max)) {
      return DivergingScale.NEUTRAL;
    }
    double t = Math.max(TRUECOLOR_FLOOR, DivergingScale.intensity(score, max));
    return DivergingScale.at(score < 0 ? -t : t);
  }

  /**
   * Whether {@code score} gets its sign's colour: it is non-zero and finite on a real scale.
   * Decided on the score itself, not on {@code |score| / max}, which underflows to 0 for the
   * tiniest scores.
   */
  private static boolean shown(double score, double max) {
    return score != 0 && Double.isFinite(score) && max > 0 && Double.isFinite(max);
  }

  /**
   * The colour xterm shows for palette index {@code index} (0..255): the 16 system colours as xterm
   * sets them by default, the 6×6×6 cube (levels 0, 95, 135, 175, 215, 255) and the grey ramp (8,
   * 18, ..., 238). Other terminals differ only in the first 16.
   */
  public static Rgb xtermRgb(int index) {
    if (index < 0 || index > 255) {
      throw new IllegalArgumentException("not an xterm-256 colour: " + index);
    }
    if (index < 16) {
      int[] system = {
        0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
        0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff
      };
      return Rgb.of(system[index]);
    }
    if (index >= 232) {
      int v = 8 + 10 * (index - 232);
      return new Rgb(v, v, v);
    }
    int c = index - 16;
    return new Rgb(level(c / 36), level((c / 6) % 6), level(c % 6));
  }

  private static int level(int i) {
    return i == 0 ? 0 : 55 + 40 * i;
  }

  /**
   * The SGR sequence that starts {@code score}'s cell at {@code depth} (ended by {@link #RESET});
   * empty for {@link ColorDepth#NONE} and, in 16 colours, for a zero score.
   */
  public static String sgr(double score, double max, ColorDepth depth) {
    Ansi a = new Ansi();
    switch (depth) {
      case NONE -> {
        return "";
      }
      case TRUECOLOR -> {
        Rgb bg = truecolor(score, max);
        Rgb fg = bg.readableText();
        a.bgRgb(bg.r(), bg.g(), bg.b()).fgRgb(fg.r(), fg.g(), fg.b());
      }
      case ANSI256 -> {
        int bg = xterm256(score, max);
        a.bg(bg).fg(xtermRgb(bg).readableText().equals(Rgb.WHITE) ? XTERM_WHITE : XTERM_BLACK);
      }
      case ANSI16 -> {
        int k = step(score, max);
        if (k == 0) {
          return "";
        }
        a.bg(k > 0 ? Ansi.Color.RED : Ansi.Color.BLUE).fgBright(Ansi.Color.WHITE);
        if (Math.abs(k) > STEPS / 2) {
          a.bold();
        }
      }
    }
    return a.toString();
  }

  /**
   * {@code text} (already escaped for the terminal) in {@code score}'s cell: the SGR sequence, the
   * text, {@link #RESET}; the text alone when it is empty (no stray codes around nothing) or there
   * is nothing to colour.
   */
  public static String paint(String text, double score, double max, ColorDepth depth) {
    if (text.isEmpty()) {
      return text;
    }
    String start = sgr(score, max, depth);
    return start.isEmpty() ? text : start + text + RESET;
  }
}
