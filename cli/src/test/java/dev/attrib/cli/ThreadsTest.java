package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.ig.EngineThreads;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PyTorch's threads as the CLI sets them: one by default, {@code --threads N} or {@code
 * ATTRIB_THREADS} when asked. The default is only visible in a JVM started without DJL's {@code
 * ai.djl.pytorch.num_threads} (the tests' own JVM has it), so those runs are processes of their
 * own.
 */
class ThreadsTest {
  @TempDir Path work;

  @AfterEach
  void backToOne() {
    EngineThreads.use(1);
  }

  private record Run(int code, String out, String err) {}

  private Run inProcess(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    int code = new Main(out, new PrintWriter(err, true), env, work).run(args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
  }

  @Test
  void threadsOptionAndVariableSetTheIntraOpPool() {
    Run r = inProcess(Map.of(), "text", "--threads", "3", "how many people live in paris ?");
    assertEquals(0, r.code(), r.err());
    assertEquals(3, EngineThreads.intraOp());

    r = inProcess(Map.of("ATTRIB_THREADS", "2"), "text", "how many people live in paris ?");
    assertEquals(0, r.code(), r.err());
    assertEquals(2, EngineThreads.intraOp());

    // The option wins over the variable.
    r = inProcess(Map.of("ATTRIB_THREADS", "2"), "--threads", "1", "text", "where is paris ?");
    assertEquals(0, r.code(), r.err());
    assertEquals(1, EngineThreads.intraOp());
  }

  @Test
  void badThreadCountsAreOneLineOfBadUsage() {
    for (String bad : new String[] {"0", "-1", "1025", "two"}) {
      Run r = inProcess(Map.of(), "text", "--threads", bad, "where is paris ?");
      assertEquals(2, r.code(), bad + ": " + r.err());
      assertTrue(r.err().startsWith("attrib: "), r.err());
      assertTrue(r.out().isEmpty(), r.out());
    }
    Run r = inProcess(Map.of("ATTRIB_THREADS", "many"), "text", "where is paris ?");
    assertEquals(2, r.code(), r.err());
    assertEquals(
        "attrib: ATTRIB_THREADS must be a whole number from 1 to 1024, not 'many'",
        r.err().lines().findFirst().orElse(""));
    // Help needs no engine and no valid thread count.
    assertEquals(0, inProcess(Map.of("ATTRIB_THREADS", "many"), "text", "--help").code());
  }

  private String selfcheckLastLine(String... extra) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("-Dai.djl.offline=true");
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(extra));
    cmd.add("selfcheck");
    Process p =
        new ProcessBuilder(cmd)
            .directory(work.toFile())
            .redirectOutput(work.resolve("out.txt").toFile())
            .redirectError(work.resolve("err.txt").toFile())
            .start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "selfcheck hung");
    String out = Files.readString(work.resolve("out.txt"));
    assertEquals(0, p.exitValue(), out + Files.readString(work.resolve("err.txt")));
    List<String> lines = out.lines().toList();
    return lines.get(lines.size() - 1);
  }

  @Test
  void aFreshCliComputesWithOneThreadUnlessAsked() throws Exception {
    String one = selfcheckLastLine();
    assertTrue(one.endsWith("(PyTorch threads: 1 intra-op, 1 inter-op)"), one);
    String two = selfcheckLastLine("--threads", "2");
    assertTrue(two.endsWith("(PyTorch threads: 2 intra-op, 1 inter-op)"), two);
  }
}
