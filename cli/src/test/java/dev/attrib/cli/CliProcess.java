package dev.attrib.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code attrib ARGS} (or of another main class) in a fresh JVM on the test
 * class path, offline and single-threaded as the tests are: for what only a separate process shows
 * (signals, native stderr, picocli's own warnings, a real standard output).
 */
final class CliProcess {
  private CliProcess() {}

  static List<String> command(String mainClass, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("-Dai.djl.offline=true");
    cmd.add("-Dai.djl.pytorch.num_threads=1");
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    return cmd;
  }

  static List<String> attrib(String... args) {
    return command(Main.class.getName(), args);
  }
}
