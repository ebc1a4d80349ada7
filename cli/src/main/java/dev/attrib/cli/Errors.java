package dev.attrib.cli;

import dev.attrib.spi.AttribException;
import java.io.PrintWriter;
import org.apache.commons.text.similarity.LevenshteinDistance;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place where failures become output and exit codes, for every command.
 *
 * <ul>
 *   <li>{@link AttribException}: {@code attrib: <message>} on one line, exit {@link
 *       AttribException#exitCode()};
 *   <li>bad usage ({@link ParameterException}): {@code attrib: <message>} and a {@code try 'attrib
 *       <command> --help'} line, exit 2;
 *   <li>anything else: {@code attrib: internal error: <class>: <message>}, exit 1.
 * </ul>
 *
 * <p>A stack trace is printed only with {@code --verbose}. Messages are put on one line and
 * sanitised, since they often quote the user's input or a plugin's text.
 */
final class Errors implements IExecutionExceptionHandler, IParameterExceptionHandler {

  static final int OK = 0;
  static final int RUNTIME = 1;
  static final int USAGE = 2;

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    return usage(ex, ex.getCommandLine().getErr());
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
    PrintWriter err = cl.getErr();
    // A command may itself reject its arguments (e.g. "missing command"): that is bad usage.
    if (ex instanceof ParameterException pe) {
      return usage(pe, err);
    }
    return report(ex, err, verbose(cl));
  }

  /** Prints {@code t} as described above and returns the exit code. */
  static int report(Throwable t, PrintWriter err, boolean verbose) {
    int code;
    if (t instanceof AttribException ae) {
      err.println("attrib: " + Terminal.oneLine(ae.getMessage()));
      code = ae.exitCode() == OK ? RUNTIME : ae.exitCode();
    } else {
      err.println(
          "attrib: internal error: "
              + t.getClass().getName()
              + ": "
              + Terminal.oneLine(t.getMessage())
              + (verbose ? "" : " (run with --verbose for details)"));
      code = RUNTIME;
    }
    if (verbose) {
      t.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  static int usage(ParameterException ex, PrintWriter err) {
    CommandLine cl = ex.getCommandLine();
    err.println("attrib: " + Terminal.oneLine(message(ex)));
    err.println("try '" + Terminal.sanitize(cl.getCommandSpec().qualifiedName()) + " --help'");
    err.flush();
    return USAGE;
  }

  private static String message(ParameterException ex) {
    if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      CommandLine cl = u.getCommandLine();
      String first = u.getUnmatched().get(0);
      String hint =
          u.getSuggestions().stream()
              .filter(s -> isTypo(stripDashes(first), stripDashes(s)))
              .findFirst()
              .map(s -> " (did you mean " + s + "?)")
              .orElse("");
      // picocli says "Unmatched argument at index 0"; a person typed a command name.
      if (!cl.getSubcommands().isEmpty() && !first.startsWith("-")) {
        return "unknown command '"
            + first
            + "'"
            + hint
            + "; commands: "
            + String.join(", ", cl.getSubcommands().keySet());
      }
      if (first.startsWith("-")) {
        return "unknown option '" + first + "'" + hint;
      }
      return "unexpected argument '" + first + "'";
    }
    return ex.getMessage();
  }

  /**
   * picocli suggests the nearest name however far it is ("nosuch" gets "selfcheck"); only a likely
   * typo is worth a hint: at most two edits, or one edit for short names.
   */
  static boolean isTypo(String typed, String name) {
    int limit = name.length() <= 4 ? 1 : 2;
    // The threshold makes the library stop at limit + 1 and answer -1 beyond it.
    int d = new LevenshteinDistance(limit).apply(typed, name);
    return !typed.isEmpty() && d >= 0;
  }

  private static String stripDashes(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == '-') {
      i++;
    }
    int eq = s.indexOf('=');
    return s.substring(i, eq > i ? eq : s.length());
  }

  private static boolean verbose(CommandLine cl) {
    Object root = cl.getCommandSpec().root().userObject();
    return root instanceof AttribCommand a && a.verbose();
  }
}
