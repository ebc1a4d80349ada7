package dev.attrib.cli;

import dev.attrib.ig.EngineCheck;
import dev.attrib.model.ModelWarnings;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Entry point of the {@code attrib} command.
 *
 * <pre>{@code
 * int code = new Main().run("modalities");                  // as `attrib modalities`
 * int code = new Main(out, err, Map.of(), home).run("--version");   // captured, for tests
 * int code = new Main(stdin, stdout, err, Map.of(), home).run("text", "--input", "-");
 * }</pre>
 *
 * <p>Standard output is the one given; a binary format written to it (PNG) goes to its byte stream,
 * which only the {@link OutputStream} constructors have. Binary output is refused when standard
 * output is an interactive terminal (see {@link Output}). Standard input ({@code --input -}) is the
 * process's, unless a constructor is given another.
 *
 * <p>{@link #run} returns the exit code (0 ok, 1 run-time failure, 2 bad usage or input) and never
 * throws; only {@link #main} exits the JVM. DJL is put in offline mode before any DJL class is
 * loaded: attrib never downloads engines or models, and a download attempt on a machine without
 * network would hang or fail with an unhelpful message.
 */
public final class Main {

  static {
    // Must run before DJL's Engine class initialises; nothing in this class refers to DJL.
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
  }

  private final InputStream in;
  private final PrintWriter out;
  private final OutputStream outBytes;
  private Tty stdoutTty = Tty.REDIRECTED;
  private boolean stderrTerminal;
  private final PrintWriter err;
  private final Map<String, String> env;
  private final Path userHome;

  /**
   * Prints to the process's stdout and stderr, with its environment and home folder; what stdout is
   * (a terminal, how many colours) comes from Jansi ({@link Tty#probeStdout}).
   */
  public Main() {
    this(Tty.probeStdout());
  }

  private Main(Tty tty) {
    this(
        System.in,
        // A Windows console needs Jansi's stream: it switches on virtual-terminal processing or
        // turns the colour codes into console calls. Elsewhere text goes straight to stdout.
        new PrintWriter(tty.throughJansi() ? jansiOut() : System.out, true),
        System.out,
        new PrintWriter(System.err, true),
        System.getenv(),
        Path.of(System.getProperty("user.home")));
    this.stdoutTty = tty;
    this.stderrTerminal = Progress.stderrIsTerminal();
  }

  private static java.io.PrintStream jansiOut() {
    org.fusesource.jansi.AnsiPrintStream out = org.fusesource.jansi.AnsiConsole.out();
    try {
      out.install();
    } catch (java.io.IOException e) {
      // Without virtual-terminal processing the codes show as text; colour is a nicety.
    }
    return out;
  }

  /**
   * Prints text to {@code out} and {@code err}, with no byte stream for binary output; {@code env}
   * and {@code userHome} locate plugins.
   */
  public Main(PrintWriter out, PrintWriter err, Map<String, String> env, Path userHome) {
    this(System.in, out, null, err, env, userHome);
  }

  /** Writes standard output to {@code out}, text as UTF-8; not a terminal. */
  public Main(OutputStream out, PrintWriter err, Map<String, String> env, Path userHome) {
    this(System.in, out, err, env, userHome);
  }

  /** As above, reading {@code --input -} from {@code in}. */
  public Main(
      InputStream in, OutputStream out, PrintWriter err, Map<String, String> env, Path userHome) {
    this(
        in,
        new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)),
        out,
        err,
        env,
        userHome);
  }

  private Main(
      InputStream in,
      PrintWriter out,
      OutputStream outBytes,
      PrintWriter err,
      Map<String, String> env,
      Path userHome) {
    this.in = in;
    this.out = out;
    this.outBytes = outBytes;
    this.err = err;
    this.env = env;
    this.userHome = userHome;
  }

  /**
   * Makes the commands treat standard output as an interactive terminal (of 256 colours), or not
   * (for tests).
   */
  Main stdoutTerminal(boolean terminal) {
    return stdoutTty(Tty.of(terminal));
  }

  /** Makes the commands treat standard output as {@code tty} says (for tests). */
  Main stdoutTty(Tty tty) {
    this.stdoutTty = tty;
    return this;
  }

  /**
   * Makes the commands treat standard error as an interactive terminal, or not: whether batches
   * draw a progress bar there (for tests).
   */
  Main stderrTerminal(boolean terminal) {
    this.stderrTerminal = terminal;
    return this;
  }

  public static void main(String[] args) {
    // Pictures are drawn with Java2D into images, never on a screen. Without this, a DISPLAY
    // naming no reachable X server (a stale ssh -X session) fails every picture with "Can't
    // connect to X11 window server"; a user's -Djava.awt.headless=false still wins.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    System.exit(new Main().run(args));
  }

  private static void setVersionProvider(CommandLine command, VersionProvider version) {
    command.getCommandSpec().versionProvider(version);
    for (CommandLine sub : command.getSubcommands().values()) {
      setVersionProvider(sub, version);
    }
  }

  private static boolean helpRequested(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
        return true;
      }
    }
    return false;
  }

  /** Runs one command line and returns its exit code. */
  public int run(String... args) {
    AttribCommand attrib =
        new AttribCommand(
                env, userHome, in, new Stdout(out, outBytes, stdoutTty.terminal()), stdoutTty)
            .stderrTerminal(stderrTerminal);
    // Notices left by earlier library use in this JVM are not this run's to report.
    EngineCheck.takeNotices();
    ModelWarnings.take();
    try {
      Errors errors = new Errors();
      CommandLine cl =
          new CommandLine(attrib)
              .setOut(out)
              .setErr(err)
              .setExecutionExceptionHandler(errors)
              .setParameterExceptionHandler(errors)
              .setExecutionStrategy(
                  parsed -> {
                    // libtorch's own C++ warnings ("Could not initialize NNPACK!", hundreds per
                    // run on some CPUs) are engine detail: shown with --verbose only.
                    EngineCheck.showNativeWarnings(attrib.verbose());
                    if (!helpRequested(parsed)) {
                      List<CommandLine> chain = parsed.asCommandLineList();
                      attrib.applyThreads(chain.get(chain.size() - 1));
                    }
                    return new CommandLine.RunLast().execute(parsed);
                  });
      // Set here, not in @Command: picocli asks an inherited version provider for its text
      // while it builds each subcommand, and ours starts the engine (to report whether it
      // works), which then read its thread settings before --threads was parsed.
      setVersionProvider(cl, new VersionProvider());
      return cl.execute(args);
    } catch (Throwable t) {
      // picocli lets Errors (e.g. UnsatisfiedLinkError from the engine) and its own set-up
      // failures through; they still get one line and exit code 1.
      return Errors.report(t, err, attrib.verbose());
    } finally {
      // What the engine check changed (oneDNN switched off, one point at a time) is part of how
      // the numbers were made: said once, after them, whatever the exit code.
      // What a model folder does that 'attrib check' would fail, found while loading it.
      for (String warning : ModelWarnings.take()) {
        err.println("attrib: warning: " + Terminal.oneLine(warning));
      }
      for (String notice : EngineCheck.takeNotices()) {
        err.println("attrib: note: " + Terminal.oneLine(notice));
      }
      out.flush();
      err.flush();
    }
  }
}
