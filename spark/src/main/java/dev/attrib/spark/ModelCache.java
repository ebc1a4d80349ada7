package dev.attrib.spark;

import dev.attrib.Attrib;
import dev.attrib.model.Devices;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The models of this JVM, loaded once each and shared by every task that runs here: an executor
 * runs many tasks (partitions, jobs) over its life, and loading a model (reading its parameters,
 * starting the engine) costs far more than explaining one record.
 *
 * <pre>{@code
 * Attrib a = ModelCache.get("/models/molecule-tasks", "cpu", List.of());  // loads
 * Attrib b = ModelCache.get("/models/molecule-tasks", "cpu", List.of());  // the same object
 * }</pre>
 *
 * <p>The key is the folder (absolute, normalised), the device and the plugin folders. Concurrent
 * tasks asking for the same key wait for the one load; a load that fails is not remembered, so the
 * next task tries again (and fails the same way, with the same one-line message). A model stays
 * loaded for the JVM's life: executors end with their application; a driver that ran local-mode
 * jobs can free them with {@link #clear}. {@link dev.attrib.Attrib} is safe to use from several
 * threads, so concurrent tasks share one instance; each explanation frees its native memory before
 * it returns.
 */
public final class ModelCache {
  private ModelCache() {}

  private record Key(String folder, String device, List<String> plugins) {}

  private static final Map<Key, Attrib> MODELS = new ConcurrentHashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();

  /** The model in {@code folder} on {@code device}, loaded on first use in this JVM. */
  public static Attrib get(String folder, String device, List<String> plugins) {
    Key key = new Key(Path.of(folder).toAbsolutePath().normalize().toString(), device, plugins);
    return MODELS.computeIfAbsent(key, ModelCache::load);
  }

  private static Attrib load(Key k) {
    Attrib.Builder b =
        Attrib.builder().model(Path.of(k.folder())).device(Devices.parse(k.device()));
    for (String p : k.plugins()) {
      b = b.plugins(Path.of(p));
    }
    Attrib a = b.load();
    LOADS.incrementAndGet();
    return a;
  }

  /** How many models this JVM has loaded so far (a check that tasks share them). */
  public static int loads() {
    return LOADS.get();
  }

  /** Closes and forgets every model of this JVM; the next task loads afresh. */
  public static void clear() {
    for (Key k : List.copyOf(MODELS.keySet())) {
      Attrib a = MODELS.remove(k);
      if (a != null) {
        a.close();
      }
    }
  }
}
