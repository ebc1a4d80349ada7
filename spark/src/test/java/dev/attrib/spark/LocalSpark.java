package dev.attrib.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The test session: {@code local[2]}, no UI, bound to loopback, few shuffle partitions; one per
 * test class (made in {@code @BeforeAll}, stopped in {@code @AfterAll}), since starting Spark costs
 * seconds.
 */
final class LocalSpark {
  private LocalSpark() {}

  static SparkSession start(String name) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(name)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate();
  }
}
