package dev.attrib.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceConfigurationError;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModalityRegistryTest {
  @TempDir Path tmp;
  private Path plugins;
  private final List<URLClassLoader> toClose = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    plugins = Files.createDirectories(tmp.resolve("plugins"));
  }

  @AfterEach
  void closeLoaders() throws IOException {
    for (URLClassLoader l : toClose) {
      l.close();
    }
  }

  /** A built-in loader holding "image" and "text", as the real installation would. */
  private URLClassLoader builtIns() throws IOException {
    Path jar =
        new PluginJar("builtins.jar")
            .modality("bi.Image", "image")
            .modality("bi.Text", "text")
            .version("0.1.0")
            .build(tmp.resolve("lib"));
    return loaderOver(jar);
  }

  private URLClassLoader loaderOver(Path... jars) throws IOException {
    URL[] urls = new URL[jars.length];
    for (int i = 0; i < jars.length; i++) {
      urls[i] = jars[i].toUri().toURL();
    }
    URLClassLoader l = new URLClassLoader(urls, getClass().getClassLoader());
    toClose.add(l);
    return l;
  }

  private static Map<String, ModalityInfo> byName(ModalityRegistry r) {
    return r.available().stream()
        .collect(Collectors.toMap(ModalityInfo::name, Function.identity()));
  }

  private static List<String> names(ModalityRegistry r) {
    return r.available().stream().map(ModalityInfo::name).toList();
  }

  private static PluginProblem onlyProblem(ModalityRegistry r) {
    assertEquals(1, r.problems().size(), () -> "problems: " + r.problems());
    return r.problems().get(0);
  }

  @Test
  void goodPluginIsListedWithJarNameAndVersion() throws IOException {
    ClassLoader builtIns = builtIns();
    new PluginJar("my-ts.jar")
        .modality("ts.TimeSeries", "timeseries")
        .version("1.2.3")
        .build(plugins);

    ModalityRegistry r = ModalityRegistry.discover(builtIns, List.of(plugins));

    assertEquals(List.of(), r.problems());
    assertEquals(List.of("image", "text", "timeseries"), names(r));
    ModalityInfo ts = byName(r).get("timeseries");
    assertEquals("my-ts.jar", ts.source());
    assertEquals("1.2.3", ts.version());
    ModalityInfo text = byName(r).get("text");
    assertEquals("built-in", text.source());
    assertEquals("0.1.0", text.version());
    Modality<?> found = r.forName("timeseries");
    assertEquals("ts.TimeSeries", found.getClass().getName());
    assertSame(ts.modality(), found);
  }

  @Test
  void pluginWithoutManifestVersionHasDash() throws IOException {
    new PluginJar("plain.jar").modality("pl.Plain", "plain").build(plugins);

    ModalityRegistry r = ModalityRegistry.discover(getClass().getClassLoader(), List.of(plugins));

    assertEquals("-", byName(r).get("plain").version());
  }

  @Test
  void unknownNameListsAvailableNamesWithSources() throws IOException {
    ClassLoader builtIns = builtIns();
    new PluginJar("my-ts.jar").modality("ts.TimeSeries", "timeseries").build(plugins);
    ModalityRegistry r = ModalityRegistry.discover(builtIns, List.of(plugins));

    AttribException e = assertThrows(AttribException.class, () -> r.forName("foo"));

    assertEquals(
        "unknown modality 'foo'; available: image (built-in), text (built-in),"
            + " timeseries (my-ts.jar)",
        e.getMessage());
    assertEquals(AttribException.BAD_INPUT, e.exitCode());
  }

  @Test
  void unknownNameAlsoMentionsJarsThatFailed() throws IOException {
    Files.write(plugins.resolve("broken.jar"), new byte[] {1, 2, 3});
    ModalityRegistry r = ModalityRegistry.discover(getClass().getClassLoader(), List.of(plugins));

    AttribException e = assertThrows(AttribException.class, () -> r.forName("foo"));

    assertEquals(
        "unknown modality 'foo'; available: (none); plugin jars that could not be loaded:"
            + " broken.jar",
        e.getMessage());
  }

  @Test
  void duplicateBuiltInNamesFailAtDiscovery() throws IOException {
    Path a = new PluginJar("a.jar").modality("dupa.DupA", "dup").build(tmp.resolve("a"));
    Path b = new PluginJar("b.jar").modality("dupb.DupB", "dup").build(tmp.resolve("b"));
    ClassLoader both = loaderOver(a, b);

    AttribException e =
        assertThrows(AttribException.class, () -> ModalityRegistry.discover(both, List.of()));

    String msg = e.getMessage();
    assertTrue(msg.contains("'dup'"), msg);
    assertTrue(msg.contains("dupa.DupA"), msg);
    assertTrue(msg.contains("dupb.DupB"), msg);
    assertTrue(msg.contains(a.toString()), msg);
    assertTrue(msg.contains(b.toString()), msg);
  }

  @Test
  void builtInWithInvalidNameFailsAtDiscovery() throws IOException {
    Path jar =
        new PluginJar("bad.jar").modality("bad.Upper", "Time_Series").build(tmp.resolve("l"));
    ClassLoader loader = loaderOver(jar);

    AttribException e =
        assertThrows(AttribException.class, () -> ModalityRegistry.discover(loader, List.of()));

    assertTrue(e.getMessage().contains("'Time_Series'"), e.getMessage());
    assertTrue(e.getMessage().contains("bad.Upper"), e.getMessage());
  }

  @Test
  void takenNameIsAProblemAndOthersStillWork() throws IOException {
    ClassLoader builtIns = builtIns();
    new PluginJar("a-ts.jar").modality("tsa.TimeSeries", "timeseries").build(plugins);
    new PluginJar("b-text.jar").modality("mytext.Text", "text").build(plugins);
    new PluginJar("c-ts.jar").modality("tsc.TimeSeries", "timeseries").build(plugins);
    new PluginJar("d-audio.jar").modality("audio.Audio", "audio").build(plugins);

    ModalityRegistry r = ModalityRegistry.discover(builtIns, List.of(plugins));

    assertEquals(List.of("audio", "image", "text", "timeseries"), names(r));
    assertEquals("bi.Text", r.forName("text").getClass().getName());
    assertEquals("tsa.TimeSeries", r.forName("timeseries").getClass().getName());
    assertEquals(2, r.problems().size(), () -> "problems: " + r.problems());
    PluginProblem textClash = r.problems().get(0);
    assertEquals(plugins.resolve("b-text.jar"), textClash.jar());
    assertTrue(textClash.message().contains("b-text.jar"), textClash.message());
    assertTrue(textClash.message().contains("'text'"), textClash.message());
    assertTrue(textClash.message().contains("built-in bi.Text"), textClash.message());
    PluginProblem tsClash = r.problems().get(1);
    assertEquals(plugins.resolve("c-ts.jar"), tsClash.jar());
    assertTrue(tsClash.message().contains("a-ts.jar"), tsClash.message());
  }

  @Test
  void jarsAreTriedInFileNameOrder() throws IOException {
    // Written in reverse so the result does not depend on the directory's listing order.
    new PluginJar("b.jar").modality("second.Same", "same").build(plugins);
    new PluginJar("a.jar").modality("first.Same", "same").build(plugins);

    ModalityRegistry r = ModalityRegistry.discover(getClass().getClassLoader(), List.of(plugins));

    assertEquals("first.Same", r.forName("same").getClass().getName());
    assertEquals(plugins.resolve("b.jar"), onlyProblem(r).jar());
  }

  @Test
  void serviceFileNamingMissingClassIsAProblem() throws IOException {
    new PluginJar("missing.jar").service("ghost.Missing").build(plugins);
    new PluginJar("ok.jar").modality("ok.Ok", "ok").build(plugins);

    ModalityRegistry r = ModalityRegistry.discover(getClass().getClassLoader(), List.of(plugins));

    PluginProblem p = onlyProblem(r);
    assertEquals(plugins.resolve("missing.jar"), p.jar());
    assertTrue(p.message().contains("missing.jar"), p.message());
    assertTrue(p.message().contains("ghost.Missing"), p.message());
    assertInstanceOf(ServiceConfigurationError.class, p.cause());
    assertEquals(List.of("ok"), names(r));
  }

  @Test
  void corruptJarIsAProblem() throws IOException {
    byte[] junk = new byte[512];
    new Random(42).nextBytes(junk);
    Files.write(plugins.resolve("x.jar"), junk);
    new PluginJar("ok.jar").modality("ok.Ok", "ok").build(plugins);

    ModalityRegistry r = ModalityRegistry.discover(getClass().getClassLoader(), List.of(plugins));

    PluginProblem p = onlyProblem(r);
    assertEquals(plugins.resolve("x.jar"), p.jar());
    assertTrue(p.message().contains("x.jar"), p.message());
    assertTrue(p.message().contains("not a readable jar"), p.message());
    assertNotNull(p.cause());
    assertEquals(List.of("ok"), names(r));
  }

  @Test
  void jarWithoutProvidersIsAProblem() throws IOException {
    new PluginJar("empty.jar")
        .source("nothing.Helper", "package nothing; public class Helper {}")
        .build(plugins);

    ModalityRegistry r = ModalityRegistry.discover(getClass().getClassLoader(), List.of(plugins));

    PluginProblem p = onlyProblem(r);
    assertTrue(p.message().contains("empty.jar"), p.message());
    assertTrue(p.message().contains("no dev.attrib.spi.Modality provider"), p.message());
    assertEquals(List.of(), r.available());
  }

  @Test
  void jarListingOnlyABuiltInClassHasNoProvidersOfItsOwn() throws IOException {
    ClassLoader builtIns = builtIns();
    // The class resolves through the parent loader, so it is not the plugin's.
    new PluginJar("borrow.jar").service("bi.Text").build(plugins);

    ModalityRegistry r = ModalityRegistry.discover(builtIns, List.of(plugins));

    assertTrue(onlyProblem(r).message().contains("no dev.attrib.spi.Modality provider"));
    assertEquals("built-in", byName(r).get("text").source());
  }

  @Test
  void failingProvidersAreOneProblemPerJar() throws IOException {
    new PluginJar("ctor.jar")
        .source(
            "ctor.Boom",
            PluginJar.modalitySource(
                "ctor.Boom", "return \"boom\";", "throw new IllegalStateException(\"ctor boom\");"))
        .service("ctor.Boom")
        .build(plugins);
    new PluginJar("name.jar")
        .source(
            "nm.Boom",
            PluginJar.modalitySource(
                "nm.Boom", "throw new IllegalStateException(\"name boom\");", ""))
        .service("nm.Boom")
        .build(plugins);
    new PluginJar("upper.jar").modality("up.Upper", "Upper").build(plugins);
    // The provider's superclass is compiled but left out of the jar: NoClassDefFoundError.
    new PluginJar("linkage.jar")
        .source("lk.Base", PluginJar.modalitySource("lk.Base", "return \"linked\";", ""))
        .source("lk.Child", "package lk; public class Child extends Base {}")
        .service("lk.Child")
        .omit("lk.Base")
        .build(plugins);
    new PluginJar("twice.jar").modality("tw.One", "twin").modality("tw.Two", "twin").build(plugins);
    new PluginJar("zz-good.jar").modality("good.Good", "good").build(plugins);

    ModalityRegistry r = ModalityRegistry.discover(getClass().getClassLoader(), List.of(plugins));

    assertEquals(List.of("good"), names(r));
    Map<String, String> messages =
        r.problems().stream()
            .collect(
                Collectors.toMap(p -> p.jar().getFileName().toString(), PluginProblem::message));
    assertEquals(5, r.problems().size(), () -> "problems: " + r.problems());
    assertTrue(messages.get("ctor.jar").contains("ctor boom"), messages.get("ctor.jar"));
    assertTrue(messages.get("name.jar").contains("name boom"), messages.get("name.jar"));
    assertTrue(messages.get("name.jar").contains("nm.Boom.name()"), messages.get("name.jar"));
    assertTrue(messages.get("upper.jar").contains("'Upper'"), messages.get("upper.jar"));
    assertTrue(messages.get("linkage.jar").contains("lk/Base"), messages.get("linkage.jar"));
    assertTrue(messages.get("twice.jar").contains("'twin'"), messages.get("twice.jar"));
    for (PluginProblem p : r.problems()) {
      assertTrue(p.message().contains(p.jar().toString()), p.message());
      assertTrue(!p.message().contains("\n"), p.message());
    }
  }

  @Test
  void jarIsRejectedWholeWhenOneOfItsProvidersFails() throws IOException {
    new PluginJar("mixed.jar")
        .modality("mx.Alpha", "alpha")
        .source(
            "mx.Boom",
            PluginJar.modalitySource(
                "mx.Boom", "return \"beta\";", "throw new RuntimeException(\"no\");"))
        .service("mx.Boom")
        .build(plugins);

    ModalityRegistry r = ModalityRegistry.discover(getClass().getClassLoader(), List.of(plugins));

    assertEquals(List.of(), r.available());
    assertEquals(plugins.resolve("mixed.jar"), onlyProblem(r).jar());
  }

  @Test
  void classLoaderIsThePluginJarsOwnLoader() throws Exception {
    URLClassLoader builtIns = builtIns();
    Path jar =
        new PluginJar("my-ts.jar")
            .modality("ts.TimeSeries", "timeseries")
            .source("ts.Block", "package ts; public class Block {}")
            .build(plugins);

    ModalityRegistry r = ModalityRegistry.discover(builtIns, List.of(plugins));

    ClassLoader loader = r.classLoader("timeseries");
    URLClassLoader jarLoader = assertInstanceOf(URLClassLoader.class, loader);
    assertEquals(List.of(jar.toUri().toURL()), List.of(jarLoader.getURLs()));
    assertSame(builtIns, loader.getParent());
    assertSame(loader, r.forName("timeseries").getClass().getClassLoader());
    // What a manifest naming a model block class in the plugin relies on.
    assertSame(loader, Class.forName("ts.Block", false, loader).getClassLoader());
    assertSame(Modality.class, Class.forName(Modality.class.getName(), false, loader));
    assertSame(builtIns, r.classLoader("image"));
    assertThrows(AttribException.class, () -> r.classLoader("nope"));
  }

  @Test
  void missingFoldersAreSkippedAndOtherFilesIgnored() throws IOException {
    Files.writeString(plugins.resolve("README.txt"), "not a jar");
    Files.createDirectories(plugins.resolve("folder.jar"));
    new PluginJar("ok.jar").modality("ok.Ok", "ok").build(plugins);

    ModalityRegistry r =
        ModalityRegistry.discover(
            getClass().getClassLoader(), List.of(tmp.resolve("does-not-exist"), plugins, plugins));

    assertEquals(List.of(), r.problems());
    assertEquals(List.of("ok"), names(r));
  }

  @Test
  void resultsAreUnmodifiable() throws IOException {
    new PluginJar("ok.jar").modality("ok.Ok", "ok").build(plugins);
    ModalityRegistry r = ModalityRegistry.discover(getClass().getClassLoader(), List.of(plugins));

    assertThrows(UnsupportedOperationException.class, () -> r.available().clear());
    assertThrows(UnsupportedOperationException.class, () -> r.problems().clear());
  }

  @Test
  void facadeUsesTheBuiltInRegistry() {
    assertEquals(
        names(ModalityRegistry.builtIn()),
        Modalities.available().stream().map(ModalityInfo::name).toList());
    AttribException e =
        assertThrows(AttribException.class, () -> Modalities.forName("no-such-modality"));
    assertTrue(e.getMessage().startsWith("unknown modality 'no-such-modality'; available: "));
  }
}
