package dev.attrib.spi;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a real plugin jar at test time: compiles Java sources against the test class path and jars
 * the classes with a {@code META-INF/services/dev.attrib.spi.Modality} file.
 *
 * <pre>{@code
 * Path jar = new PluginJar("my-ts.jar")
 *     .modality("ts.TimeSeries", "timeseries")
 *     .version("1.2.3")
 *     .build(tempDir);
 * }</pre>
 *
 * <p>Meant for tests of plugin loading here and in other modules (it ships in the test-jar). Needs
 * a JDK, not just a JRE.
 */
public final class PluginJar {
  private final String fileName;
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final List<String> serviceLines = new ArrayList<>();
  private final Set<String> omitted = new TreeSet<>();
  private String version;

  public PluginJar(String fileName) {
    this.fileName = fileName;
  }

  /** A well-behaved modality class called {@code className} named {@code name}, registered. */
  public PluginJar modality(String className, String name) {
    return source(className, modalitySource(className, "return \"" + name + "\";", ""))
        .service(className);
  }

  /** A Java source for {@code className}; not registered as a service by itself. */
  public PluginJar source(String className, String javaSource) {
    sources.put(className, javaSource);
    return this;
  }

  /** A raw line of the service file (may name a class that does not exist). */
  public PluginJar service(String line) {
    serviceLines.add(line);
    return this;
  }

  /** Compile {@code className} but leave its class file out of the jar. */
  public PluginJar omit(String className) {
    omitted.add(className);
    return this;
  }

  /** The manifest's {@code Implementation-Version}; without it the jar has no manifest. */
  public PluginJar version(String version) {
    this.version = version;
    return this;
  }

  /** Compiles and writes {@code dir/fileName}; scratch files go to a sibling of the jar. */
  public Path build(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path work =
        Files.createTempDirectory(dir.getParent() == null ? dir : dir.getParent(), "build-");
    Path src = work.resolve("src");
    Path classes = work.resolve("classes");
    Files.createDirectories(classes);
    List<Path> files = new ArrayList<>();
    for (Map.Entry<String, String> s : sources.entrySet()) {
      Path f = src.resolve(s.getKey().replace('.', '/') + ".java");
      Files.createDirectories(f.getParent());
      Files.writeString(f, s.getValue());
      files.add(f);
    }
    if (!files.isEmpty()) {
      compile(files, classes);
    }
    Path jar = dir.resolve(fileName);
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jos = version == null ? new JarOutputStream(out) : withManifest(out)) {
      List<Path> classFiles;
      try (Stream<Path> walk = Files.walk(classes)) {
        classFiles = walk.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path c : classFiles) {
        String entry = classes.relativize(c).toString().replace('\\', '/');
        String className = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
        String outer =
            className.contains("$") ? className.substring(0, className.indexOf('$')) : className;
        if (omitted.contains(outer)) {
          continue;
        }
        jos.putNextEntry(new JarEntry(entry));
        jos.write(Files.readAllBytes(c));
        jos.closeEntry();
      }
      if (!serviceLines.isEmpty()) {
        jos.putNextEntry(new JarEntry("META-INF/services/" + Modality.class.getName()));
        jos.write((String.join("\n", serviceLines) + "\n").getBytes(StandardCharsets.UTF_8));
        jos.closeEntry();
      }
    }
    return jar;
  }

  private JarOutputStream withManifest(OutputStream out) throws IOException {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
    return new JarOutputStream(out, m);
  }

  private static void compile(List<Path> files, Path classes) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("no system Java compiler: run the tests on a JDK");
    }
    StringWriter diagnostics = new StringWriter();
    List<String> options =
        List.of(
            "-proc:none",
            "-classpath",
            System.getProperty("java.class.path"),
            "-d",
            classes.toString());
    boolean ok =
        javac
            .getTask(
                diagnostics,
                null,
                null,
                options,
                null,
                javac
                    .getStandardFileManager(null, null, StandardCharsets.UTF_8)
                    .getJavaFileObjectsFromPaths(files))
            .call();
    if (!ok) {
      throw new UncheckedIOException(
          new IOException("test plugin sources do not compile:\n" + diagnostics));
    }
  }

  /**
   * Source of a modality class: {@code nameBody} is the body of {@code name()}, {@code ctorBody}
   * the body of the public no-argument constructor. Everything else returns empty lists or throws
   * {@link UnsupportedOperationException}, which is all registry tests need.
   */
  public static String modalitySource(String className, String nameBody, String ctorBody) {
    int dot = className.lastIndexOf('.');
    String pkg = className.substring(0, dot);
    String simple = className.substring(dot + 1);
    return """
        package %s;

        import dev.attrib.spi.*;
        import java.util.List;

        public class %s implements Modality<Encoding> {
          public %s() { %s }
          @Override public String name() { %s }
          @Override public Encoding encode(String input, dev.attrib.model.LoadedModel model, Options options) {
            throw new UnsupportedOperationException();
          }
          @Override public List<Baseline<Encoding>> baselines() { return List.of(); }
          @Override public UnitScores summarize(Encoding encoded, dev.attrib.ig.Attribution attribution) {
            throw new UnsupportedOperationException();
          }
          @Override public List<Renderer<Encoding>> renderers() { return List.of(); }
        }
        """
        .formatted(pkg, simple, simple, ctorBody, nameBody);
  }
}
