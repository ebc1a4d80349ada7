package dev.attrib.text.translate;

import java.util.Locale;

/**
 * The colour scale of attribution scores: grey at zero, towards red for positive and blue for
 * negative scores, the intensity {@code t = |score| / max} (clamped to [0, 1]).
 *
 * <p>Truecolor interpolates linearly from grey {@code (96,96,96)} to red {@code (205,30,30)} or
 * blue {@code (30,80,205)}; 256 colours take the nearest entry of the xterm 6×6×6 cube or grey
 * ramp; 16 colours have three steps per sign: bright black for {@code t < 0.2}, then red/blue, then
 * bright red/blue from {@code t >= 0.6}. Text on a coloured cell is white.
 */
final class Colors {
  private Colors() {}

  private static final int[] GREY = {96, 96, 96};
  private static final int[] RED = {205, 30, 30};
  private static final int[] BLUE = {30, 80, 205};

  static double intensity(double score, double max) {
    if (!(max > 0) || Double.isNaN(score)) {
      return 0;
    }
    return Math.min(1, Math.abs(score) / max);
  }

  static int[] rgb(double score, double max) {
    double t = intensity(score, max);
    int[] to = score >= 0 ? RED : BLUE;
    int[] c = new int[3];
    for (int i = 0; i < 3; i++) {
      c[i] = (int) Math.round(GREY[i] + t * (to[i] - GREY[i]));
    }
    return c;
  }

  /** The CSS colour of a score. */
  static String css(double score, double max) {
    int[] c = rgb(score, max);
    return String.format(Locale.ROOT, "rgb(%d,%d,%d)", c[0], c[1], c[2]);
  }

  /** The ANSI escape that sets white text on the score's background, for {@code depth}. */
  static String ansi(double score, double max, String depth) {
    int[] c = rgb(score, max);
    return switch (depth) {
      case "16" -> "\u001b[97;" + ansi16(score, max) + "m";
      case "256" -> "\u001b[97;48;5;" + xterm256(c) + "m";
      default -> String.format(Locale.ROOT, "\u001b[97;48;2;%d;%d;%dm", c[0], c[1], c[2]);
    };
  }

  static int ansi16(double score, double max) {
    double t = intensity(score, max);
    if (t < 0.2) {
      return 100;
    }
    if (score > 0) {
      return t < 0.6 ? 41 : 101;
    }
    return t < 0.6 ? 44 : 104;
  }

  private static final int[] LEVELS = {0, 95, 135, 175, 215, 255};

  /** The nearest xterm-256 colour: the 6×6×6 cube (16..231) or the grey ramp (232..255). */
  static int xterm256(int[] c) {
    int[] idx = new int[3];
    int[] cube = new int[3];
    for (int i = 0; i < 3; i++) {
      int best = 0;
      for (int k = 1; k < LEVELS.length; k++) {
        if (Math.abs(LEVELS[k] - c[i]) < Math.abs(LEVELS[best] - c[i])) {
          best = k;
        }
      }
      idx[i] = best;
      cube[i] = LEVELS[best];
    }
    int cubeIndex = 16 + 36 * idx[0] + 6 * idx[1] + idx[2];
    int avg = (c[0] + c[1] + c[2]) / 3;
    int g = Math.max(0, Math.min(23, Math.round((avg - 8) / 10f)));
    int grey = 8 + 10 * g;
    int dCube = dist(c, cube);
    int dGrey = dist(c, new int[] {grey, grey, grey});
    return dGrey < dCube ? 232 + g : cubeIndex;
  }

  private static int dist(int[] a, int[] b) {
    int s = 0;
    for (int i = 0; i < 3; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return s;
  }
}
