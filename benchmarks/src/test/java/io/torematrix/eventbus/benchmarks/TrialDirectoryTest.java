package io.torematrix.eventbus.benchmarks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every benchmark that keeps its SQLite file in a temporary directory deletes that directory, file
 * and journals included, when its trial ends: runs must not leave {@code /tmp/eventbus-bench*}
 * folders of tens of megabytes behind.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TrialDirectoryTest {
  private static void assertDeleted(Path directory) {
    assertNotNull(directory, "the trial made a directory");
    assertFalse(Files.exists(directory), directory + " is left behind");
  }

  @Test
  void storeAppendBenchmarkDeletesItsDirectoryAtTearDown() throws Exception {
    StoreAppendBenchmark benchmark = new StoreAppendBenchmark();
    benchmark.database = "sqlite";
    benchmark.setUp();
    benchmark.store();
    assertTrue(Files.exists(benchmark.directory.resolve("events.db")));
    benchmark.tearDown();
    assertDeleted(benchmark.directory);
  }

  @Test
  void storeReadBenchmarkDeletesItsDirectoryAtTearDown() throws Exception {
    StoreReadBenchmark benchmark = new StoreReadBenchmark();
    benchmark.database = "sqlite";
    benchmark.setUp();
    benchmark.tearDown();
    assertDeleted(benchmark.directory);
  }

  @Test
  void durableCatchUpBenchmarkDeletesItsDirectoryAtTearDown() throws Exception {
    DurableCatchUpBenchmark benchmark = new DurableCatchUpBenchmark();
    benchmark.database = "sqlite";
    benchmark.setUp();
    benchmark.tearDown();
    assertDeleted(benchmark.directory);
  }

  @Test
  void durableDeliveryBenchmarkDeletesItsDirectoryAtTearDown() throws Exception {
    DurableDeliveryBenchmark benchmark = new DurableDeliveryBenchmark();
    benchmark.delivery = "durable";
    benchmark.setUp();
    benchmark.publishAndDeliver();
    benchmark.tearDown();
    assertDeleted(benchmark.directory);
  }

  @Test
  void durableLatencyBenchmarkDeletesItsDirectoryAtTearDown() throws Exception {
    DurableLatencyBenchmark benchmark = new DurableLatencyBenchmark();
    benchmark.setUp();
    benchmark.publishToDurableHandler();
    benchmark.tearDown();
    assertDeleted(benchmark.directory);
  }
}
