package dev.attrib.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress bar of a batch on stderr, drawn by {@code me.tongfei:progressbar}: percentage,
 * count, elapsed time, ETA and rate, redrawn in place once a second and at every step.
 *
 * <pre>{@code
 * try (Progress p = Progress.start(err, "text", inputs.size(), attrib.progressBar())) {
 *   for (int i = 0; i < inputs.size(); i++) {
 *     p.step(i);                 // i inputs done: the bar is drawn
 *     Result r = work(inputs.get(i));
 *     p.clear();                 // off the line before anything is printed
 *     print(r);
 *   }
 * }                              // cleared for good, before the summary
 * }</pre>
 *
 * <p>Contract: nothing at all is written unless {@code show} is true (the caller's judgement that
 * stderr is an interactive terminal with nothing else to say, see {@link
 * AttribCommand#progressBar()}) and there are at least two inputs, so logs, pipes and captured
 * output never see a carriage return. When shown, the bar owns one line: {@link #clear} erases it
 * and keeps it off until the next {@link #step}; {@link #close} erases it for good, and so does the
 * JVM's shutdown (Ctrl-C, SIGTERM) while a bar is up.
 *
 * <p>Why a consumer of our own: the library's console consumer builds a JLine terminal to learn the
 * width, and JLine does that by running {@code stty} or loading native code and may print warnings
 * of its own; with ours the library only uses JLine's character-width table (so {@code
 * jline-native} is left out of the build). Ours writes to the command's stderr writer, erases to
 * the end of the line rather than padding, and is the one place that knows whether the bar is on
 * the screen. The width is {@code COLUMNS} when the shell exports it, else 80.
 */
final class Progress implements AutoCloseable {
  private static final String ERASE_LINE = "\r\u001b[K";
  private static final Set<Line> LIVE = new LinkedHashSet<>();
  private static boolean hooked;

  private final Line line;
  private final ProgressBar bar;

  private Progress(Line line, ProgressBar bar) {
    this.line = line;
    this.bar = bar;
  }

  /**
   * A bar for {@code total} inputs named {@code task}, drawn on {@code err} only when {@code show}
   * and {@code total > 1}; otherwise every method does nothing.
   */
  static Progress start(
      PrintWriter err, String task, int total, boolean show, Map<String, String> env) {
    if (!show || total <= 1) {
      return new Progress(null, null);
    }
    Line line = new Line(err, width(env) - 1);
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(total)
            .setStyle(canDraw('\u2588') ? ProgressBarStyle.UNICODE_BLOCK : ProgressBarStyle.ASCII)
            .setConsumer(line)
            // Redrawn each second even without a step, so time and ETA move during a slow input.
            .continuousUpdate()
            .showSpeed(new DecimalFormat("0.0#", DecimalFormatSymbols.getInstance(Locale.ROOT)))
            .build();
    register(line);
    return new Progress(line, bar);
  }

  /** {@code done} inputs are finished: the bar shows that, now. */
  void step(int done) {
    if (bar == null) {
      return;
    }
    line.show();
    bar.stepTo(done);
    bar.refresh(); // drawn from this thread at once, not at the library's next tick
  }

  /** Takes the bar off its line, until the next {@link #step}: call before printing anything. */
  void clear() {
    if (line != null) {
      line.hide(false);
    }
  }

  /** Erases the bar for good and stops the library's redrawing. Safe to call twice. */
  @Override
  public void close() {
    if (bar == null) {
      return;
    }
    line.hide(true);
    bar.close(); // waits for the library's last refresh, which the closed line ignores
    unregister(line);
  }

  /** Whether the process's stderr is an interactive terminal (Linux: what descriptor 2 is). */
  static boolean stderrIsTerminal() {
    try {
      String file = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return file.startsWith("/dev/pts/")
          || file.startsWith("/dev/tty")
          || file.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // No /proc (macOS): an interactive session has a console; a redirected one usually not.
      return System.console() != null;
    }
  }

  private static int width(Map<String, String> env) {
    try {
      int columns = Integer.parseInt(env.getOrDefault("COLUMNS", "").strip());
      return columns >= 20 && columns <= 1000 ? columns : 80;
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  /** Whether stderr's encoding has {@code c}; the block characters need UTF-8 or the like. */
  private static boolean canDraw(char c) {
    String name = System.getProperty("stderr.encoding", System.getProperty("sun.stderr.encoding"));
    try {
      Charset cs = name == null ? Charset.defaultCharset() : Charset.forName(name);
      return cs.newEncoder().canEncode(c);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static synchronized void register(Line line) {
    if (!hooked) {
      try {
        Runtime.getRuntime()
            .addShutdownHook(new Thread(Progress::eraseAll, "attrib-erase-progress"));
      } catch (IllegalStateException e) {
        // Already exiting: the bar is erased by whoever closes it, or stays one line.
      }
      hooked = true;
    }
    LIVE.add(line);
  }

  private static synchronized void unregister(Line line) {
    LIVE.remove(line);
  }

  /** The shutdown hook: a bar that is up when the JVM exits (Ctrl-C) is erased, not left half. */
  static synchronized void eraseAll() {
    for (Line l : LIVE) {
      l.hide(true);
    }
    LIVE.clear();
  }

  /**
   * The line the bar is drawn on. The library draws from its own thread; this lock and the flags
   * make sure nothing is drawn while the command prints (hidden) or after the end (closed).
   */
  private static final class Line implements ProgressBarConsumer {
    private final PrintWriter err;
    private final int width;
    private boolean hidden;
    private boolean closed;
    private boolean onScreen;

    Line(PrintWriter err, int width) {
      this.err = err;
      this.width = width;
    }

    @Override
    public int getMaxRenderedLength() {
      return width;
    }

    @Override
    public synchronized void accept(String rendered) {
      if (hidden || closed) {
        return;
      }
      err.print("\r" + rendered + "\u001b[K");
      err.flush();
      onScreen = true;
    }

    synchronized void show() {
      hidden = closed;
    }

    synchronized void hide(boolean forGood) {
      hidden = true;
      closed |= forGood;
      if (onScreen) {
        err.print(ERASE_LINE);
        err.flush();
        onScreen = false;
      }
    }

    /** The library's own clearing, at its end: ours has already happened in {@link #hide}. */
    @Override
    public void clear() {}

    @Override
    public void close() {}
  }
}
