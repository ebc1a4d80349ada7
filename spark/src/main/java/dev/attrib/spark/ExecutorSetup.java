package dev.attrib.spark;

/**
 * What an executor JVM sets before DJL's engine starts there, once: offline mode, PyTorch's thread
 * count, DJL's cache folder. System properties a user set on the executor ({@code
 * spark.executor.extraJavaOptions}) win over these.
 *
 * <ul>
 *   <li>{@code ai.djl.offline=true}: an executor never downloads an engine or a model; the PyTorch
 *       native library comes from the {@code pytorch-native-cpu} jar on its class path (or a
 *       libtorch named by {@code PYTORCH_LIBRARY_PATH}).
 *   <li>{@code ai.djl.pytorch.num_threads} = {@code spark.task.cpus} (the task's CPUs): an executor
 *       with C cores runs C / task.cpus tasks at once, each a Java thread calling PyTorch, and
 *       PyTorch's intra-op pool applies per calling thread; with its default (every core) two
 *       concurrent tasks on two cores would each start two threads and fight over the cores.
 *   <li>{@code DJL_CACHE_DIR} when {@link AttribSpark.Builder#djlCacheDir} gave one: where the
 *       native library is unpacked (by default {@code ~/.djl.ai}, which an executor's user may not
 *       have).
 * </ul>
 *
 * <p>An engine already started in this JVM (a driver that ran attrib itself before a local-mode
 * job) keeps its settings: PyTorch reads them once.
 */
final class ExecutorSetup {
  private ExecutorSetup() {}

  private static boolean done;

  static synchronized void prepare(int taskCpus, String djlCacheDir) {
    if (done) {
      return;
    }
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(Math.max(1, taskCpus)));
    if (djlCacheDir != null && System.getenv("DJL_CACHE_DIR") == null) {
      setIfAbsent("DJL_CACHE_DIR", djlCacheDir);
    }
    done = true;
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
