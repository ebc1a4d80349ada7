package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code bin/attrib} lets native code load without the four "restricted method"
 * warnings newer JDKs print for JNA (loaded by DJL), and the option it passes for that is one every
 * supported JDK accepts.
 */
class LauncherTest {
  static final String FLAG = "--enable-native-access=ALL-UNNAMED";

  @TempDir Path tmp;

  private static String run(List<String> command, Path javaHome) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (javaHome != null) {
      pb.environment().put("JAVA_HOME", javaHome.toString());
    }
    pb.environment().remove("ATTRIB_JAVA_OPTS");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  private static Path java(Path home) {
    return home.resolve("bin").resolve("java");
  }

  @Test
  void theLauncherPassesTheNativeAccessOptionBeforeTheJar() throws Exception {
    // A copy of the launcher in a fake install whose "java" prints its arguments.
    Path home = Files.createDirectories(tmp.resolve("home"));
    Files.createDirectories(home.resolve("bin"));
    Files.copy(Path.of("../bin/attrib"), home.resolve("bin/attrib"));
    Files.createDirectories(home.resolve("cli/target"));
    Files.createFile(home.resolve("cli/target/attrib-cli-0.1.0-SNAPSHOT.jar"));
    Path jdk = Files.createDirectories(tmp.resolve("jdk/bin"));
    Files.writeString(jdk.resolve("java"), "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
    Files.setPosixFilePermissions(
        jdk.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> args =
        run(List.of("bash", home.resolve("bin/attrib").toString(), "--version"), jdk.getParent())
            .lines()
            .toList();
    assertTrue(args.contains(FLAG), args.toString());
    assertTrue(args.indexOf(FLAG) < args.indexOf("-jar"), args.toString());
    assertEquals("--version", args.get(args.size() - 1));
  }

  @Test
  void everyJdkAtHandAcceptsTheOptionAndNewOnesStopWarning() throws Exception {
    // The JDK running the tests (17 in CI), and any other installed: none rejects the option.
    List<Path> jdks = new ArrayList<>();
    jdks.add(Path.of(System.getProperty("java.home")));
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> s = Files.list(jvms)) {
        s.filter(d -> Files.isExecutable(java(d)) && !Files.isSymbolicLink(d)).forEach(jdks::add);
      }
    }
    String classPath = System.getProperty("java.class.path");
    for (Path jdk : jdks) {
      String version = run(List.of(java(jdk).toString(), FLAG, "-version"), null);
      assertFalse(version.contains("Unrecognized"), jdk + ": " + version);
      // Loading JNA's native library with the option: no restricted-method warning on any JDK
      // (on JDK 24 and later, without it, four WARNING lines).
      String probe =
          run(
              List.of(
                  java(jdk).toString(), FLAG, "-cp", classPath, NativeAccessProbe.class.getName()),
              null);
      assertEquals("loaded\n", probe, jdk.toString());
    }
  }
}
