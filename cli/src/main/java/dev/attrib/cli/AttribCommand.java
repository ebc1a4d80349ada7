package dev.attrib.cli;

import dev.attrib.ig.EngineThreads;
import dev.attrib.render.ColorDepth;
import dev.attrib.spi.ModalityRegistry;
import dev.attrib.spi.PluginDirs;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The top command, {@code attrib}: holds the options every subcommand accepts ({@code --verbose},
 * {@code --plugins DIR}, {@code --color WHEN}, {@code --no-color}, {@code --help}, {@code
 * --version}) and the facts of the process the subcommands need (environment, home and install
 * folders, what standard output is), so tests can replace them.
 *
 * <pre>{@code
 * attrib modalities --plugins ./my-plugins
 * attrib --verbose selfcheck --device gpu:0
 * }</pre>
 *
 * <p>The shared options are declared with {@link ScopeType#INHERIT}: picocli copies them into every
 * subcommand and stores their values here, so {@code attrib --verbose modalities} and {@code attrib
 * modalities --verbose} mean the same.
 */
@Command(
    name = "attrib",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = "Explains neural-network predictions with Integrated Gradients.",
    subcommands = {
      BatchCommand.class,
      CheckCommand.class,
      CompareCommand.class,
      EvalCommand.class,
      ExplainCommand.class,
      ImageCommand.class,
      ModalitiesCommand.class,
      MoleculeCommand.class,
      ReportCommand.class,
      SelfCheckCommand.class,
      TextCommand.class,
      TranslateCommand.class,
      XdnnCommand.class
    },
    footerHeading = "%nExit codes:%n",
    footer = {"  0  ok", "  1  run-time failure", "  2  bad usage or bad input"})
public final class AttribCommand implements Callable<Integer> {

  /** The system property the launcher script sets to the installation folder. */
  public static final String HOME_PROPERTY = "attrib.home";

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces with errors and warnings.")
  boolean verbose;

  @Option(
      names = "--plugins",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description =
          "A folder of plugin jars to load modalities from (repeatable), searched before the"
              + " default plugin folders.")
  List<Path> plugins = new ArrayList<>();

  @Option(
      names = "--color",
      paramLabel = "WHEN",
      scope = ScopeType.INHERIT,
      description =
          "Colour the output: auto (the default: on a colour terminal, unless NO_COLOR is set,"
              + " TERM=dumb, or FORCE_COLOR/CLICOLOR_FORCE force it), always (also into a pipe or"
              + " file), never.",
      converter = ColorChoice.ModeConverter.class)
  ColorChoice.Mode color = ColorChoice.Mode.AUTO;

  @Option(
      names = "--no-color",
      scope = ScopeType.INHERIT,
      description = "The same as --color=never.")
  boolean noColor;

  @Option(
      names = "--threads",
      paramLabel = "N",
      scope = ScopeType.INHERIT,
      description =
          "Threads PyTorch computes with (default: 1, or ATTRIB_THREADS). One holds up best beside"
              + " other busy programs; see the README, \"Threads\".")
  Integer threads;

  /** The environment variable that sets the default of {@code --threads}. */
  static final String THREADS_ENV = "ATTRIB_THREADS";

  @Spec CommandSpec spec;

  private final Map<String, String> env;
  private final Path userHome;
  private final InputStream stdin;
  private final Stdout stdout;
  private final Tty tty;
  private boolean stderrTerminal;

  AttribCommand(Map<String, String> env, Path userHome, InputStream stdin, Stdout stdout, Tty tty) {
    this.env = Map.copyOf(env);
    this.userHome = userHome;
    this.stdin = stdin;
    this.stdout = stdout;
    this.tty = tty;
  }

  /** Where {@code --input -} reads from (tests replace it). */
  InputStream stdin() {
    return stdin;
  }

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(),
        "missing command; commands: " + String.join(", ", spec.subcommands().keySet()));
  }

  boolean verbose() {
    return verbose;
  }

  /**
   * The threads the user asked for: {@code --threads}, else {@code ATTRIB_THREADS}; empty when
   * neither is given. A value that is not a whole number from 1 to {@link EngineThreads#MAX} is bad
   * usage of {@code command}.
   */
  OptionalInt threadsAsked(CommandLine command) {
    String given;
    String what;
    if (threads != null) {
      given = threads.toString();
      what = "--threads";
    } else if (env.get(THREADS_ENV) != null && !env.get(THREADS_ENV).isBlank()) {
      given = env.get(THREADS_ENV).strip();
      what = THREADS_ENV;
    } else {
      return OptionalInt.empty();
    }
    int n;
    try {
      n = Integer.parseInt(given);
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1 || n > EngineThreads.MAX) {
      throw new ParameterException(
          command,
          what
              + " must be a whole number from 1 to "
              + EngineThreads.MAX
              + ", not '"
              + Terminal.oneLine(given)
              + "'");
    }
    return OptionalInt.of(n);
  }

  /**
   * Sets PyTorch's threads for this run, before any model loads: as asked ({@link #threadsAsked}),
   * else what a {@code -Dai.djl.pytorch.num_threads} given to the JVM says (e.g. through {@code
   * ATTRIB_JAVA_OPTS}), else one. Measured on 2 cores beside two busy processes, a 100-question
   * batch took 2–21 s with PyTorch's default threads and 1.2–3.2 s with one (README, "Threads").
   */
  void applyThreads(CommandLine command) {
    OptionalInt asked = threadsAsked(command);
    if (asked.isPresent()) {
      EngineThreads.use(asked.getAsInt());
    } else if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      EngineThreads.use(1);
    }
  }

  /** Sets whether standard error is an interactive terminal (tests fake one). */
  AttribCommand stderrTerminal(boolean terminal) {
    this.stderrTerminal = terminal;
    return this;
  }

  /**
   * Whether a batch may draw a progress bar on stderr: only when stderr is an interactive terminal
   * (not a file, a pipe or a writer a caller captures), not with {@code --verbose} (stack traces
   * and libtorch's own warnings would be written across it from places that cannot clear it first),
   * and not on a dumb terminal, which cannot erase a line.
   */
  boolean progressBar() {
    return stderrTerminal && !verbose && !"dumb".equals(env.get("TERM"));
  }

  /** The progress bar of a batch of {@code total} inputs (see {@link Progress}). */
  Progress progress(PrintWriter err, String task, int total) {
    return Progress.start(err, task, total, progressBar(), env);
  }

  /**
   * The {@code --color} mode, {@code --no-color} being {@code never}; both at once with {@code
   * always} is bad usage of {@code command}.
   */
  ColorChoice.Mode colorMode(CommandLine command) {
    if (noColor && color == ColorChoice.Mode.ALWAYS) {
      throw new ParameterException(command, "--no-color contradicts --color=always");
    }
    return noColor ? ColorChoice.Mode.NEVER : color;
  }

  /**
   * How many colours standard output gets ({@link ColorChoice#decide}): {@code NONE} for no colour.
   */
  ColorDepth stdoutColors(CommandLine command) {
    return ColorChoice.decide(colorMode(command), env, tty);
  }

  /**
   * The depth for output the user asked to be ANSI ({@code --format ansi}) whatever stdout is: the
   * decided depth, else the forced one; {@code --color=never} contradicts it.
   */
  ColorDepth ansiColors(CommandLine command) {
    if (colorMode(command) == ColorChoice.Mode.NEVER) {
      throw new ParameterException(
          command,
          "--format ansi writes colour codes; it cannot be combined with --color=never or"
              + " --no-color (use --format plain)");
    }
    ColorDepth d = stdoutColors(command);
    return d != ColorDepth.NONE ? d : ColorChoice.forced(env, tty);
  }

  /** Standard output, for {@link Output} (tests replace it). */
  Stdout stdout() {
    return stdout;
  }

  /**
   * Standard error as an {@link Output} target: where a command's human-readable result goes when
   * one of its file options took standard output.
   */
  Stdout stderr() {
    return new Stdout(spec.commandLine().getErr(), null, false);
  }

  /** The environment the command runs in (tests replace it). */
  Map<String, String> env() {
    return env;
  }

  /** The registry of built-in modalities plus those in the plugin folders. */
  ModalityRegistry registry() {
    return ModalityRegistry.discover(pluginDirs());
  }

  List<Path> pluginDirs() {
    return PluginDirs.resolve(List.copyOf(plugins), env, userHome, installDir());
  }

  /**
   * The installation folder: {@code -Dattrib.home} when the launcher set it, otherwise derived from
   * where this class was loaded: {@code HOME/lib/attrib-cli.jar} (a distribution) or {@code
   * HOME/cli/target/attrib-cli-*.jar} and {@code HOME/cli/target/classes} (a source checkout).
   */
  static Path installDir() {
    String home = System.getProperty(HOME_PROPERTY);
    if (home != null && !home.isBlank()) {
      return Path.of(home).toAbsolutePath().normalize();
    }
    Path location = codeLocation();
    if (location == null) {
      return Path.of("").toAbsolutePath();
    }
    Path dir = Files.isDirectory(location) ? location : location.getParent();
    // target/classes (tests, IDE) behaves like target/attrib-cli.jar.
    if (dir.getFileName() != null && dir.getFileName().toString().equals("classes")) {
      dir = dir.getParent();
    }
    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
    if ((name.equals("lib") || name.equals("target")) && dir.getParent() != null) {
      Path up = dir.getParent();
      if (name.equals("target")
          && up.getFileName() != null
          && up.getFileName().toString().equals("cli")
          && up.getParent() != null) {
        return up.getParent();
      }
      return up;
    }
    return dir;
  }

  private static Path codeLocation() {
    CodeSource cs = AttribCommand.class.getProtectionDomain().getCodeSource();
    if (cs == null || cs.getLocation() == null) {
      return null;
    }
    try {
      return Path.of(cs.getLocation().toURI()).toAbsolutePath().normalize();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }
}
