package dev.attrib.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The modalities attrib knows: the built-in ones plus those from plugin jars, looked up by name.
 *
 * <pre>{@code
 * ModalityRegistry registry = ModalityRegistry.discover(
 *     PluginDirs.resolve(List.of(), System.getenv(), Path.of(System.getProperty("user.home")), null));
 * registry.problems().forEach(p -> System.err.println("warning: " + p.message()));
 * Modality<?> text = registry.forName("text");
 * }</pre>
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Built-ins are the {@link Modality} providers {@link ServiceLoader} finds on the built-in
 *       class loader. They are part of the installation, so anything wrong with them (two providers
 *       with the same name, an invalid name, a provider that cannot be created) fails discovery
 *       with an {@link AttribException}.
 *   <li>Each plugin jar ({@code *.jar} directly inside a plugin folder, folders in the given order,
 *       jars sorted by file name, missing folders skipped) gets its own {@link URLClassLoader}
 *       whose parent is the built-in loader, so plugins share {@code dev.attrib.*} classes with
 *       attrib but not each other's classes. A jar is used whole or not at all: if anything is
 *       wrong with it (unreadable, no provider, a provider that fails to load or construct, an
 *       invalid name, a name already taken by a built-in or an earlier jar) it becomes exactly one
 *       {@link PluginProblem}, its class loader is closed, and the remaining jars still load.
 *   <li>Names are non-blank and match {@code [a-z0-9-]+}.
 *   <li>Class loaders of accepted plugin jars stay open for the life of the JVM, because their
 *       modalities may load classes (model blocks, resources) at any later time.
 * </ul>
 *
 * <p>A registry is immutable once created and safe to use from several threads.
 */
public final class ModalityRegistry {
  private static final String BUILT_IN = "built-in";
  private static final String NO_VERSION = "-";
  private static final Pattern VALID_NAME = Pattern.compile("[a-z0-9-]+");
  private static final String SERVICE_FILE = "META-INF/services/" + Modality.class.getName();

  private record Entry(ModalityInfo info, ClassLoader loader) {
    Class<?> type() {
      return info.modality().getClass();
    }
  }

  /** Why a plugin jar is rejected; carries the one-line reason, without the jar's name. */
  private static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    Rejected(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  private final Map<String, Entry> entries;
  private final List<ModalityInfo> available;
  private final List<PluginProblem> problems;

  private ModalityRegistry(TreeMap<String, Entry> entries, List<PluginProblem> problems) {
    this.entries = entries;
    this.available = entries.values().stream().map(Entry::info).toList();
    this.problems = List.copyOf(problems);
  }

  /**
   * The built-in modalities only: the providers {@code ServiceLoader.load(Modality.class,
   * ModalityRegistry.class.getClassLoader())} finds.
   *
   * @throws AttribException if a built-in provider is broken or two share a name
   */
  public static ModalityRegistry builtIn() {
    return discover(ModalityRegistry.class.getClassLoader(), List.of());
  }

  /**
   * The built-in modalities plus those of every {@code *.jar} directly inside each of {@code
   * pluginDirs} (folders in order, jars sorted by file name; folders that do not exist are
   * skipped). Broken plugin jars are reported by {@link #problems()}, never thrown.
   *
   * @throws AttribException if a built-in provider is broken or two share a name
   */
  public static ModalityRegistry discover(List<Path> pluginDirs) {
    return discover(ModalityRegistry.class.getClassLoader(), pluginDirs);
  }

  /**
   * As {@link #discover(List)}, with {@code builtInLoader} as the loader the built-ins are found on
   * and the parent of every plugin jar's loader.
   *
   * @throws AttribException if a built-in provider is broken or two share a name
   */
  public static ModalityRegistry discover(ClassLoader builtInLoader, List<Path> pluginDirs) {
    Objects.requireNonNull(builtInLoader, "builtInLoader");
    Objects.requireNonNull(pluginDirs, "pluginDirs");
    TreeMap<String, Entry> entries = new TreeMap<>();
    loadBuiltIns(builtInLoader, entries);
    List<PluginProblem> problems = new ArrayList<>();
    for (Path jar : pluginJars(pluginDirs, problems)) {
      PluginProblem problem = loadPlugin(jar, builtInLoader, entries);
      if (problem != null) {
        problems.add(problem);
      }
    }
    return new ModalityRegistry(entries, problems);
  }

  /**
   * The modality called {@code name}: the same instance on every call.
   *
   * @throws AttribException if there is none; the message lists every available name and the jar
   *     that provides it, e.g. {@code unknown modality 'foo'; available: image (built-in), text
   *     (built-in), timeseries (my-ts.jar)}
   */
  public Modality<?> forName(String name) {
    return entry(name).info().modality();
  }

  /** Every registered modality, sorted by name; unmodifiable. */
  public List<ModalityInfo> available() {
    return available;
  }

  /** The plugin jars that could not be used, in the order they were tried; unmodifiable. */
  public List<PluginProblem> problems() {
    return problems;
  }

  /**
   * The class loader to resolve the modality's own classes and resources with (e.g. a model's
   * {@code Block} class named in a manifest): the plugin jar's loader for a plugin, the built-in
   * loader for a built-in.
   *
   * @throws AttribException if there is no modality called {@code name}
   */
  public ClassLoader classLoader(String name) {
    return entry(name).loader();
  }

  private Entry entry(String name) {
    Objects.requireNonNull(name, "name");
    Entry e = entries.get(name);
    if (e == null) {
      throw new AttribException(unknownMessage(name));
    }
    return e;
  }

  private String unknownMessage(String name) {
    String list =
        available.isEmpty()
            ? "(none)"
            : available.stream()
                .map(i -> i.name() + " (" + i.source() + ")")
                .collect(Collectors.joining(", "));
    StringBuilder msg =
        new StringBuilder("unknown modality '").append(name).append("'; available: ").append(list);
    // The name the user wants may live in a jar that failed to load: say so rather than let them
    // think the jar was never seen.
    if (!problems.isEmpty()) {
      msg.append("; plugin jars that could not be loaded: ")
          .append(
              problems.stream()
                  .map(p -> fileName(p.jar()))
                  .distinct()
                  .collect(Collectors.joining(", ")));
    }
    return msg.toString();
  }

  private static void loadBuiltIns(ClassLoader loader, Map<String, Entry> entries) {
    List<ServiceLoader.Provider<Modality<?>>> providers;
    try {
      providers = providers(loader).toList();
    } catch (ServiceConfigurationError | LinkageError e) {
      throw new AttribException(
          "cannot load the built-in modalities: " + describe(e), AttribException.RUNTIME, e);
    }
    for (ServiceLoader.Provider<Modality<?>> provider : providers) {
      Class<?> type = provider.type();
      String where = type.getName() + " (" + location(type) + ")";
      Modality<?> modality;
      String name;
      try {
        modality = provider.get();
        name = modality.name();
      } catch (Exception | LinkageError | ServiceConfigurationError e) {
        throw new AttribException(
            "cannot load built-in modality " + where + ": " + describe(e),
            AttribException.RUNTIME,
            e);
      }
      if (!isValidName(name)) {
        throw new AttribException(
            "built-in modality " + where + " has an invalid name " + quote(name) + nameRule(),
            AttribException.RUNTIME,
            null);
      }
      Entry existing = entries.get(name);
      if (existing != null) {
        // First-wins would make the result depend on class-path order; an installation that ships
        // two providers of one name is broken and should be fixed, not guessed at.
        throw new AttribException(
            "two built-in modalities are named '"
                + name
                + "': "
                + existing.type().getName()
                + " ("
                + location(existing.type())
                + ") and "
                + where
                + "; remove one of them from the class path",
            AttribException.RUNTIME,
            null);
      }
      entries.put(name, new Entry(new ModalityInfo(modality, BUILT_IN, version(type)), loader));
    }
  }

  private static List<Path> pluginJars(List<Path> dirs, List<PluginProblem> problems) {
    List<Path> jars = new ArrayList<>();
    Set<Path> seen = new HashSet<>();
    for (Path dir : dirs) {
      Objects.requireNonNull(dir, "plugin folder");
      if (!seen.add(dir.toAbsolutePath().normalize()) || !Files.exists(dir)) {
        continue;
      }
      if (!Files.isDirectory(dir)) {
        problems.add(new PluginProblem(dir, "plugin folder " + dir + " is not a directory", null));
        continue;
      }
      try (Stream<Path> list = Files.list(dir)) {
        list.filter(p -> fileName(p).toLowerCase(Locale.ROOT).endsWith(".jar"))
            .filter(Files::isRegularFile)
            .sorted(Comparator.comparing(ModalityRegistry::fileName))
            .forEach(jars::add);
      } catch (IOException | UncheckedIOException | SecurityException e) {
        problems.add(
            new PluginProblem(dir, "cannot list plugin folder " + dir + ": " + describe(e), e));
      }
    }
    return jars;
  }

  /** Registers the jar's modalities, or returns why it could not. */
  private static PluginProblem loadPlugin(
      Path jar, ClassLoader parent, Map<String, Entry> entries) {
    String version;
    URLClassLoader loader;
    try {
      // Opened up front so a corrupt file is reported as such, rather than as a puzzling "no
      // provider" (URLClassLoader silently ignores jars it cannot read).
      try (JarFile jarFile = new JarFile(jar.toFile())) {
        version = implementationVersion(jarFile.getManifest());
      }
      loader = newLoader(jar, parent);
    } catch (IOException | RuntimeException e) {
      return new PluginProblem(
          jar, "plugin " + jar + ": not a readable jar (" + describe(e) + ")", e);
    }
    try {
      entries.putAll(providers(jar, loader, version, entries));
      return null;
    } catch (Rejected e) {
      try {
        loader.close();
      } catch (IOException closeFailure) {
        // Kept out of the message: the rejection is what the user needs to act on.
        if (e.getCause() != null) {
          e.getCause().addSuppressed(closeFailure);
        }
      }
      return new PluginProblem(jar, "plugin " + jar + ": " + e.getMessage(), e.getCause());
    }
  }

  private static URLClassLoader newLoader(Path jar, ClassLoader parent)
      throws MalformedURLException {
    return new URLClassLoader(
        "attrib-plugin:" + fileName(jar), new URL[] {jar.toUri().toURL()}, parent);
  }

  private static Map<String, Entry> providers(
      Path jar, URLClassLoader loader, String version, Map<String, Entry> taken) throws Rejected {
    Map<String, Entry> found = new LinkedHashMap<>();
    String source = fileName(jar);
    try {
      Iterator<ServiceLoader.Provider<Modality<?>>> it = providers(loader).iterator();
      while (it.hasNext()) {
        ServiceLoader.Provider<Modality<?>> provider = it.next();
        Class<?> type = provider.type();
        // The loader delegates to the built-in loader, so ServiceLoader also reports the
        // built-ins; only classes defined by this jar belong to the plugin.
        if (type.getClassLoader() != loader) {
          continue;
        }
        Modality<?> modality = provider.get();
        String name;
        try {
          name = modality.name();
        } catch (Exception | LinkageError e) {
          throw new Rejected(type.getName() + ".name() failed: " + describe(e), e);
        }
        if (!isValidName(name)) {
          throw new Rejected(
              type.getName() + " has an invalid modality name " + quote(name) + nameRule(), null);
        }
        Entry earlier = found.containsKey(name) ? found.get(name) : taken.get(name);
        if (earlier != null) {
          String by =
              earlier.info().source().equals(BUILT_IN)
                  ? "built-in " + earlier.type().getName()
                  : earlier.type().getName() + " from " + earlier.info().source();
          throw new Rejected(
              "modality '" + name + "' of " + type.getName() + " is already provided by " + by,
              null);
        }
        found.put(name, new Entry(new ModalityInfo(modality, source, version), loader));
      }
    } catch (Rejected e) {
      throw e;
    } catch (Exception | LinkageError | ServiceConfigurationError e) {
      throw new Rejected(describe(e), e);
    }
    if (found.isEmpty()) {
      throw new Rejected(
          "no " + Modality.class.getName() + " provider (is " + SERVICE_FILE + " missing?)", null);
    }
    return found;
  }

  /**
   * The {@link Modality} providers {@code loader} sees. {@link ServiceLoader} knows only the raw
   * class, so its providers are typed here once, as modalities of some encoding.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Stream<ServiceLoader.Provider<Modality<?>>> providers(ClassLoader loader) {
    Stream<ServiceLoader.Provider<Modality>> raw =
        ServiceLoader.load(Modality.class, loader).stream();
    return (Stream) raw;
  }

  private static boolean isValidName(String name) {
    return name != null && VALID_NAME.matcher(name).matches();
  }

  private static String nameRule() {
    return " (names are lower case letters, digits and '-')";
  }

  private static String quote(String s) {
    return s == null ? "null" : "'" + s + "'";
  }

  private static String implementationVersion(Manifest manifest) {
    String v =
        manifest == null
            ? null
            : manifest.getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION);
    return v == null || v.isBlank() ? NO_VERSION : v.strip();
  }

  private static String version(Class<?> type) {
    // The package carries the manifest of the jar that defined it; classes from a folder
    // (an IDE, target/classes) have none.
    Package pkg = type.getPackage();
    String v = pkg == null ? null : pkg.getImplementationVersion();
    return v == null || v.isBlank() ? NO_VERSION : v.strip();
  }

  private static String location(Class<?> type) {
    try {
      CodeSource cs = type.getProtectionDomain().getCodeSource();
      if (cs != null && cs.getLocation() != null) {
        URL url = cs.getLocation();
        return "file".equals(url.getProtocol()) ? Path.of(url.toURI()).toString() : url.toString();
      }
    } catch (Exception e) {
      // Fall through to the class file's resource URL, which is still a useful hint.
    }
    ClassLoader cl = type.getClassLoader();
    URL res = cl == null ? null : cl.getResource(type.getName().replace('.', '/') + ".class");
    return res != null ? res.toString() : "unknown location";
  }

  private static String fileName(Path p) {
    Path name = p.getFileName();
    return name == null ? p.toString() : name.toString();
  }

  /** One line: the error, plus its root cause when that says something the error does not. */
  private static String describe(Throwable e) {
    String text = e instanceof ServiceConfigurationError ? e.getMessage() : simple(e);
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != e) {
      text += " (caused by " + simple(root) + ")";
    }
    return text.replaceAll("\\s+", " ").strip();
  }

  private static String simple(Throwable e) {
    return e.getMessage() == null
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
