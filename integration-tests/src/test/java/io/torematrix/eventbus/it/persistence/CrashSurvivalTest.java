package io.torematrix.eventbus.it.persistence;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process publishing to a SQLite store is killed (SIGKILL, mid-batch): after a restart, every
 * event whose publish had completed is in the store.
 */
class CrashSurvivalTest {
  @TempDir Path directory;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void everyEventWhosePublishCompletedSurvivesAKill() throws Exception {
    Path file = directory.resolve("events.db");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CrashingPublisher.class.getName(),
                file.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    Set<UUID> acknowledged = new HashSet<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acknowledged.size() < 2000 && (line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acknowledged.add(UUID.fromString(line.substring(4)));
        }
      }
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child was killed");
    } finally {
      child.destroyForcibly();
    }
    assertTrue(acknowledged.size() >= 2000, "the child published before it was killed");

    Set<UUID> stored;
    try (EventStore store = JdbcEventStores.sqlite(file)) {
      stored = store.read(EventQuery.all()).stream().map(EventRecord::eventId).collect(Collectors.toSet());
    }
    Set<UUID> lost = new HashSet<>(acknowledged);
    lost.removeAll(stored);
    assertTrue(lost.isEmpty(), lost.size() + " acknowledged events are missing after the kill: " + lost);
  }
}
