package dev.attrib.cli;

import dev.attrib.render.ColorDepth;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * Whether, and in how many colours, attrib colours standard output: a pure function of the {@code
 * --color} option, the environment and what {@link Tty} says of stdout, so every rule is a unit
 * test.
 *
 * <pre>{@code
 * ColorChoice.decide(ColorChoice.Mode.AUTO, Map.of("NO_COLOR", "1"), tty);   // NONE
 * ColorChoice.decide(ColorChoice.Mode.AUTO, Map.of(), new Tty(true, ANSI256, false));   // ANSI256
 * ColorChoice.decide(ColorChoice.Mode.ALWAYS, Map.of(), Tty.REDIRECTED);   // ANSI16: a pipe, forced
 * }</pre>
 *
 * <p>The rules, first match wins:
 *
 * <ol>
 *   <li>{@code --color=never} (or {@code --no-color}): no colour.
 *   <li>{@code --color=always}: colour, at the forced depth below.
 *   <li>{@code NO_COLOR} set and not empty (no-color.org): no colour.
 *   <li>{@code FORCE_COLOR} set: {@code 0} or {@code false} means no colour, anything else colour
 *       at the forced depth; {@code CLICOLOR_FORCE} set, not empty and not {@code 0}: colour at the
 *       forced depth (bixense.com/clicolors). Forcing beats the two rules below.
 *   <li>{@code TERM=dumb}, or {@code CLICOLOR=0}: no colour.
 *   <li>stdout is not a terminal (a file, a pipe): no colour.
 *   <li>otherwise the terminal's colours, as {@link Tty#colors()} says.
 * </ol>
 *
 * <p>The forced depth is {@code FORCE_COLOR}'s level when it is {@code 1}, {@code 2} or {@code 3}
 * (16, 256, truecolor, as chalk and Node read it), else the terminal's colours. Behind a Windows
 * console, whose Jansi stream would down-sample deeper codes and lose their sign, it never exceeds
 * the console's colours.
 */
final class ColorChoice {
  private ColorChoice() {}

  /** The values of {@code --color}. */
  enum Mode {
    AUTO,
    ALWAYS,
    NEVER;

    /** {@code auto}, {@code always} or {@code never}, in any case; null for anything else. */
    static Mode forName(String name) {
      for (Mode m : values()) {
        if (m.name().equalsIgnoreCase(name.strip())) {
          return m;
        }
      }
      return null;
    }

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Reads {@code --color}'s value; picocli reports a bad one as bad usage, naming the values. */
  static final class ModeConverter implements CommandLine.ITypeConverter<Mode> {
    @Override
    public Mode convert(String value) {
      Mode m = Mode.forName(value);
      if (m == null) {
        throw new CommandLine.TypeConversionException(
            "'" + Terminal.sanitize(value) + "' is not one of auto, always, never");
      }
      return m;
    }
  }

  /** The colour depth of standard output under {@code mode}, {@code env} and {@code stdout}. */
  static ColorDepth decide(Mode mode, Map<String, String> env, Tty stdout) {
    switch (mode) {
      case NEVER -> {
        return ColorDepth.NONE;
      }
      case ALWAYS -> {
        return forced(env, stdout);
      }
      case AUTO -> {}
    }
    if (!env.getOrDefault("NO_COLOR", "").isEmpty()) {
      return ColorDepth.NONE;
    }
    String force = env.get("FORCE_COLOR");
    if (force != null) {
      String f = force.strip().toLowerCase(Locale.ROOT);
      return f.equals("0") || f.equals("false") ? ColorDepth.NONE : forced(env, stdout);
    }
    String cliForce = env.getOrDefault("CLICOLOR_FORCE", "");
    if (!cliForce.isEmpty() && !cliForce.equals("0")) {
      return forced(env, stdout);
    }
    if ("dumb".equals(env.get("TERM")) || "0".equals(env.get("CLICOLOR"))) {
      return ColorDepth.NONE;
    }
    return stdout.terminal() ? stdout.colors() : ColorDepth.NONE;
  }

  /**
   * The depth when colour is asked for whatever stdout is: {@code FORCE_COLOR}'s level, else the
   * terminal's colours; never deeper than a Windows console takes.
   */
  static ColorDepth forced(Map<String, String> env, Tty stdout) {
    ColorDepth d =
        switch (env.getOrDefault("FORCE_COLOR", "").strip()) {
          case "1" -> ColorDepth.ANSI16;
          case "2" -> ColorDepth.ANSI256;
          case "3" -> ColorDepth.TRUECOLOR;
          default -> stdout.colors();
        };
    if (d == ColorDepth.NONE) {
      d = ColorDepth.ANSI16;
    }
    return stdout.throughJansi() && d.compareTo(stdout.colors()) > 0 ? stdout.colors() : d;
  }
}
