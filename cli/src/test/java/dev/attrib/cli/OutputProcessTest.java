package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CLI as a separate process, for what only a process has: signals, and a standard output that
 * is a file.
 */
class OutputProcessTest {
  @TempDir Path work;

  private Process process;

  @AfterEach
  void stop() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  /**
   * {@code attrib ARGS} in a fresh JVM on the test class path, stdout and stderr to files. Signal
   * dispositions are reset first: a JVM that inherits an ignored SIGINT (a job started with {@code
   * &} by a shell without job control) keeps ignoring it and runs no shutdown hook.
   */
  private Process start(Path stdout, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT,TERM"));
    cmd.addAll(CliProcess.attrib(args));
    process =
        new ProcessBuilder(cmd)
            .directory(work.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(work.resolve("stderr.txt").toFile())
            .start();
    return process;
  }

  private String stderr() throws Exception {
    return Files.readString(work.resolve("stderr.txt"));
  }

  private List<String> parts(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part")).toList();
    }
  }

  @ParameterizedTest
  @CsvSource({"INT, 130", "TERM, 143"})
  void noTemporaryFileSurvivesASignal(String signal, int exitCode) throws Exception {
    Path out = work.resolve("out");
    Files.createDirectories(out);
    // Far more questions than the run can answer before the signal: it is still working then.
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 50_000; i++) {
      lines.append("how many rivers are there in county ").append(i).append(" ?\n");
    }
    Path input = Files.writeString(work.resolve("questions.txt"), lines);
    Path result = out.resolve("result.json");
    Process p =
        start(work.resolve("stdout.txt"), "text", "--input", "" + input, "--out", "" + result);
    // The signal goes once the temporary file exists, not after a guessed delay.
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (parts(out).isEmpty()) {
      if (!p.isAlive()) {
        fail("exited with " + p.exitValue() + " before writing: " + stderr());
      }
      if (System.nanoTime() > deadline) {
        fail("no temporary file after 3 minutes: " + stderr());
      }
      Thread.sleep(20);
    }
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
    assertEquals(0, kill.waitFor());
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "still running after SIG" + signal);
    assertEquals(exitCode, p.exitValue(), stderr());
    assertEquals(List.of(), parts(out), "temporary files left");
    assertFalse(Files.exists(result), "a partial result at the user's path");
  }

  @Test
  void aPathThatIsTheProcessesOwnStdoutIsWrittenThroughIt() throws Exception {
    // `attrib ... --out captured.json > captured.json`: the file is stdout, so writing to it is
    // writing to stdout; replacing it would leave the shell's redirection writing to a lost inode.
    Path captured = Files.createFile(work.resolve("captured.json"));
    Object inode = Files.getAttribute(captured, "unix:ino");
    Process p = start(captured, "text", "how many rivers are there ?", "--out", "" + captured);
    assertTrue(p.waitFor(3, TimeUnit.MINUTES), "still running");
    assertEquals(0, p.exitValue(), stderr());
    assertEquals(inode, Files.getAttribute(captured, "unix:ino"));
    String json = Files.readString(captured, StandardCharsets.UTF_8);
    assertTrue(JsonParser.parseString(json.strip()).isJsonObject(), json);
    assertEquals(List.of(), parts(work));
  }
}
