package dev.attrib.render;

import dev.attrib.spi.AttribException;
import dev.attrib.spi.Options;
import java.util.Locale;

/**
 * How many colours a terminal shows, as the renderers' {@code color} option names it: {@code none},
 * {@code 16}, {@code 256} or {@code truecolor} (also spelled {@code 24bit}).
 *
 * <pre>{@code
 * ColorDepth d = ColorDepth.option(options, ColorDepth.ANSI256);  // -o color=16 gives ANSI16
 * ColorDepth.forName("truecolor");                                 // TRUECOLOR
 * }</pre>
 *
 * <p>A renderer never guesses the depth: the CLI decides it from the terminal and the user's
 * settings and passes it in the {@code color} option; a library caller passes what its own output
 * can show.
 */
public enum ColorDepth {
  /** No colour: a renderer writes no escape sequence at all. */
  NONE("none"),
  /** The 16 colours of ANSI SGR 30–37/40–47 and their bright variants; palettes differ. */
  ANSI16("16"),
  /** The xterm 256-colour palette (SGR 38;5 and 48;5). */
  ANSI256("256"),
  /** 24-bit colour (SGR 38;2 and 48;2). */
  TRUECOLOR("truecolor");

  /** The renderer option that carries the depth. */
  public static final String OPTION = "color";

  private final String id;

  ColorDepth(String id) {
    this.id = id;
  }

  /** The option value: {@code none}, {@code 16}, {@code 256}, {@code truecolor}. */
  public String id() {
    return id;
  }

  /**
   * The depth of an option value, {@code 24bit} being {@code truecolor}; anything else fails naming
   * the value and the allowed ones.
   */
  public static ColorDepth forName(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    for (ColorDepth d : values()) {
      if (d.id.equals(n)) {
        return d;
      }
    }
    if (n.equals("24bit")) {
      return TRUECOLOR;
    }
    throw new AttribException(
        "option " + OPTION + "=" + name + " must be one of truecolor, 256, 16, none");
  }

  /** The {@code color} option of {@code options}, or {@code fallback} when it is not given. */
  public static ColorDepth option(Options options, ColorDepth fallback) {
    String v = options.get(OPTION, null);
    return v == null ? fallback : forName(v);
  }
}
