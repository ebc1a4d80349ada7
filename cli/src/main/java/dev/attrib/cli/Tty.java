package dev.attrib.cli;

import dev.attrib.render.ColorDepth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fusesource.jansi.AnsiConsole;
import org.fusesource.jansi.AnsiPrintStream;
import org.fusesource.jansi.AnsiType;

/**
 * What attrib knows of the terminal behind standard output: whether stdout itself is one, how many
 * colours it shows, and whether colour codes must pass through Jansi's console stream (a Windows
 * console) rather than straight to the file descriptor.
 *
 * <pre>{@code
 * Tty t = Tty.probeStdout();   // the process's stdout, as Jansi sees it
 * new Tty(true, ColorDepth.ANSI256, false);   // what a test says: a 256-colour terminal
 * }</pre>
 *
 * @param terminal whether standard output is an interactive terminal (not a file, pipe or device)
 * @param colors the colours it shows, from Jansi ({@code COLORTERM}, {@code TERM}, the {@code
 *     jansi.colors} property); meaningful even when redirected, for {@code --color=always}
 * @param throughJansi whether text must be written through {@link AnsiConsole#out()}: on a Windows
 *     console, where Jansi enables virtual-terminal processing or translates the codes into console
 *     calls, and where its stream down-samples anything deeper than {@code colors} (so attrib never
 *     writes deeper)
 */
record Tty(boolean terminal, ColorDepth colors, boolean throughJansi) {

  /** A stream that is not a terminal and has no Jansi console behind it. */
  static final Tty REDIRECTED = new Tty(false, ColorDepth.ANSI16, false);

  /** A test's terminal: {@code terminal} or not, 256 colours, no Windows console. */
  static Tty of(boolean terminal) {
    return new Tty(terminal, ColorDepth.ANSI256, false);
  }

  /**
   * Standard output as Jansi sees it, decided on stdout's own descriptor ({@code isatty(1)}), not
   * on {@link System#console()}, which also needs stdin to be a terminal ({@code attrib text
   * --input - < file} would look redirected). Where Jansi's native library cannot be used it
   * reports "unsupported"; then, on Linux, the file behind descriptor 1 says it.
   */
  static Tty probeStdout() {
    AnsiPrintStream out;
    try {
      out = AnsiConsole.out();
    } catch (RuntimeException | LinkageError e) {
      return new Tty(linuxStdoutIsTerminal(), ColorDepth.ANSI16, false);
    }
    AnsiType type = out.getType();
    ColorDepth colors =
        switch (out.getColors()) {
          case TrueColor -> ColorDepth.TRUECOLOR;
          case Colors256 -> ColorDepth.ANSI256;
          case Colors16 -> ColorDepth.ANSI16;
        };
    return switch (type) {
      case Native -> new Tty(true, colors, false);
      case VirtualTerminal -> new Tty(true, colors, true);
      // Jansi turns codes into console calls there, and knows the 16 console colours only.
      case Emulation -> new Tty(true, ColorDepth.ANSI16, true);
      case Redirected -> new Tty(false, colors, false);
      case Unsupported -> new Tty(linuxStdoutIsTerminal(), colors, false);
    };
  }

  private static boolean linuxStdoutIsTerminal() {
    try {
      String file = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
      return file.startsWith("/dev/pts/")
          || file.startsWith("/dev/tty")
          || file.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }
}
