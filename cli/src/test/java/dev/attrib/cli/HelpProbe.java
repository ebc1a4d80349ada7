package dev.attrib.cli;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs {@code --help} of every command in a fresh JVM and prints what went to the process's stderr
 * ({@link HelpTest} starts it). picocli's own warnings go to the {@code System.err} of the moment
 * its tracer was created, so only a JVM whose stderr is captured before picocli loads sees them.
 */
final class HelpProbe {
  private HelpProbe() {}

  public static void main(String[] args) {
    PrintStream real = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    // Before any picocli class loads: its tracer keeps the System.err it finds then.
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    List<List<String>> commands = new ArrayList<>();
    collect(
        new CommandLine(
            new AttribCommand(
                Map.of(),
                Path.of("."),
                InputStream.nullInputStream(),
                new Stdout(new PrintWriter(Writer.nullWriter()), null, false),
                Tty.REDIRECTED)),
        new ArrayList<>(),
        commands);
    int failed = 0;
    for (List<String> command : commands) {
      List<String> line = new ArrayList<>(command);
      line.add("--help");
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          new Main(new PrintWriter(out), new PrintWriter(err), Map.of(), Path.of("."))
              .run(line.toArray(String[]::new));
      if (code != 0 || out.toString().isBlank()) {
        failed++;
        real.println("FAILED " + line + " exit " + code + ": " + err);
      }
      real.println("command " + String.join(" ", line) + " " + out.toString().length());
      real.print(err);
    }
    real.println("stderr: " + captured.toString(StandardCharsets.UTF_8));
    real.println("checked " + commands.size() + " commands, " + failed + " failed");
    real.flush();
  }

  private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
    out.add(List.copyOf(path));
    for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
      List<String> sub = new ArrayList<>(path);
      sub.add(e.getKey());
      collect(e.getValue(), sub, out);
    }
  }
}
