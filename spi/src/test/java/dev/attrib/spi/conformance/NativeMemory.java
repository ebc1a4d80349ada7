package dev.attrib.spi.conformance;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import java.lang.reflect.Field;
import java.util.Map;

/**
 * Counts the native resources (arrays and managers) alive under DJL's system manager, the root of
 * every {@code NDManager}. A call that leaves the count higher than before leaked native memory: an
 * array outside a closed scope, or a manager never closed.
 *
 * <pre>{@code
 * long before = NativeMemory.liveResources();
 * method.attribute(model, example, target);
 * assertEquals(before, NativeMemory.liveResources());
 * }</pre>
 *
 * <p>Reads DJL's {@code BaseNDManager.resources} map by reflection (DJL 0.35.1 has no public
 * counter); the whole tree is walked, so arrays leaked into a model's own manager count too.
 */
public final class NativeMemory {
  private NativeMemory() {}

  private static final Field RESOURCES;

  static {
    try {
      RESOURCES = BaseNDManager.class.getDeclaredField("resources");
      RESOURCES.setAccessible(true);
    } catch (NoSuchFieldException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Number of live resources in the whole manager tree. */
  public static long liveResources() {
    NDManager system;
    try (NDManager probe = NDManager.newBaseManager()) {
      system = probe.getParentManager();
    }
    return count(system);
  }

  private static long count(NDManager m) {
    if (!(m instanceof BaseNDManager b)) {
      return 0;
    }
    Map<?, ?> map;
    try {
      map = (Map<?, ?>) RESOURCES.get(b);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
    long n = 0;
    for (Object r : map.values()) {
      n++;
      if (r instanceof NDManager child) {
        n += count(child);
      }
    }
    return n;
  }
}
