package dev.attrib.examples.timeseries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelLoader;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Modality;
import dev.attrib.spi.ModalityInfo;
import dev.attrib.spi.ModalityRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin as attrib loads it: its classes packed into a jar in a plugin folder, found by {@link
 * ModalityRegistry#discover} in a class loader of its own, and used on the demo model.
 *
 * <p>The test class path already holds the plugin's classes, so they are hidden from the registry's
 * parent loader; otherwise the registry would see the modality as a built-in and reject the jar as
 * a duplicate.
 */
class PluginJarLoadingTest {

  /** The test class path without this plugin's classes and service file. */
  static final class WithoutThePlugin extends ClassLoader {
    private final String hidden;

    WithoutThePlugin(ClassLoader parent) {
      super("without-timeseries", parent);
      // As the class loader spells it (file:/...), which Path.toUri (file:///...) does not.
      this.hidden =
          TimeSeriesModality.class.getProtectionDomain().getCodeSource().getLocation().toString();
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("dev.attrib.examples.")) {
        throw new ClassNotFoundException(name);
      }
      return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
      URL u = super.getResource(name);
      return u != null && u.toString().startsWith(hidden) ? null : u;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      List<URL> kept =
          Collections.list(super.getResources(name)).stream()
              .filter(u -> !u.toString().startsWith(hidden))
              .toList();
      return Collections.enumeration(kept);
    }
  }

  static Path classesDir() throws URISyntaxException {
    return Path.of(
        TimeSeriesModality.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** Packs the compiled main classes and resources, as {@code mvn package} does. */
  static Path pluginJar(Path dir) throws IOException, URISyntaxException {
    Path classes = classesDir();
    Manifest mf = new Manifest();
    mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    mf.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "1.0");
    Path jar = dir.resolve("attrib-plugin-timeseries-1.0.jar");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jos = new JarOutputStream(out, mf);
        Stream<Path> walk = Files.walk(classes)) {
      for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
        jos.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        jos.write(Files.readAllBytes(f));
        jos.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void theJarLoadsInItsOwnClassLoaderAndExplains(@TempDir Path plugins) throws Exception {
    Path jar = pluginJar(plugins);
    ClassLoader parent = new WithoutThePlugin(getClass().getClassLoader());
    ModalityRegistry registry = ModalityRegistry.discover(parent, List.of(plugins));
    assertEquals(List.of(), registry.problems());
    ModalityInfo info =
        registry.available().stream()
            .filter(i -> i.name().equals("timeseries"))
            .findFirst()
            .orElseThrow();
    assertEquals(jar.getFileName().toString(), info.source());
    assertEquals("1.0", info.version());
    Modality<?> ts = registry.forName("timeseries");
    assertNotSame(
        TimeSeriesModality.class, ts.getClass(), "loaded from the jar, not the class path");
    assertEquals("attrib-plugin:" + jar.getFileName(), ts.getClass().getClassLoader().getName());
    assertEquals(ts.getClass().getClassLoader(), registry.classLoader("timeseries"));
    Path demo = TimeSeriesConformanceTest.DEMO;
    try (LoadedModel model =
        ModelLoader.load(
            demo, ts.manifestKeys(), Device.cpu(), registry.classLoader("timeseries"))) {
      Explanation<?> e =
          new Explainer<>(ts, model)
              .explain(demo.resolve("record.csv").toString(), ExplainSettings.defaults());
      assertEquals("spike", e.prediction().label());
      assertTrue(e.attribution().completeness().holds(0.01));
    }
  }

  @Test
  void aSecondJarWithTheSameNameIsOneProblemAndTheFirstStillWorks(@TempDir Path root)
      throws Exception {
    Path a = Files.createDirectories(root.resolve("a"));
    Path b = Files.createDirectories(root.resolve("b"));
    pluginJar(a);
    Path copy = pluginJar(b);
    ClassLoader parent = new WithoutThePlugin(getClass().getClassLoader());
    ModalityRegistry registry = ModalityRegistry.discover(parent, List.of(a, b));
    assertEquals(1, registry.problems().size());
    assertEquals(copy, registry.problems().get(0).jar());
    assertTrue(
        registry.problems().get(0).message().contains("modality 'timeseries'"),
        registry.problems().get(0).message());
    assertEquals("timeseries", registry.forName("timeseries").name());
  }
}
