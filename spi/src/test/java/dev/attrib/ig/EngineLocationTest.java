package dev.attrib.ig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.pytorch.jni.LibUtils;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * attrib-spi does not bring a PyTorch native library (the application chooses one); what a library
 * user sees without one, and that the documented {@code PYTORCH_LIBRARY_PATH} route works. Each
 * case runs in a JVM of its own whose class path lacks the {@code pytorch-native-cpu} jar, with a
 * fresh DJL cache so nothing unpacked before is found.
 */
class EngineLocationTest {
  @TempDir Path cache;

  private record Run(int code, String out, String err) {}

  private Run probe(Map<String, String> env) throws Exception {
    String classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(p -> !p.contains("pytorch-native-cpu"))
            .collect(Collectors.joining(File.pathSeparator));
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dai.djl.offline=true",
            "-cp",
            classPath,
            EngineProbe.class.getName());
    pb.environment().remove("PYTORCH_LIBRARY_PATH");
    pb.environment().put("DJL_CACHE_DIR", cache.toString());
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    return new Run(p.exitValue(), out, err);
  }

  @Test
  void withoutANativeLibraryTheErrorSaysWhereAttribLooks() throws Exception {
    Run r = probe(Map.of());
    assertEquals(2, r.code(), r.out() + r.err());
    List<String> lines = r.err().lines().toList();
    assertEquals(1, lines.size(), r.err());
    assertTrue(lines.get(0).startsWith("attrib: the PyTorch engine cannot start"), r.err());
    assertTrue(lines.get(0).contains("PYTORCH_LIBRARY_PATH"), r.err());
    assertTrue(lines.get(0).contains("pytorch-native-cpu"), r.err());
  }

  @Test
  void aLocalLibtorchNamedByPytorchLibraryPathIsUsed() throws Exception {
    // The libtorch this JVM unpacked from the jar stands in for a user's own installation.
    EngineCheck.requireEngine();
    String libtorch = LibUtils.getLibtorchPath();
    Run r = probe(Map.of("PYTORCH_LIBRARY_PATH", libtorch, "PYTORCH_FLAVOR", "cpu"));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("relative delta "), r.out());
  }
}
