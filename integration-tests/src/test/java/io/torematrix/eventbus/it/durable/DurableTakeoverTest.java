package io.torematrix.eventbus.it.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import io.torematrix.eventbus.store.jdbc.PostgresOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two JVMs subscribe one durable name on one PostgreSQL schema while events are published: the
 * first holds the lease and delivers; killed with SIGKILL, it is replaced by the second once its
 * lease expired, which resumes after the checkpoint. No stored event is left unhandled.
 */
class DurableTakeoverTest {
  private static final String POSTGRES =
      System.getProperty("eventbus.postgresUrl", "jdbc:postgresql://127.0.0.1:5432/test?user=root");
  private static final long LEASE_MILLIS = 1000;

  private final String schema =
      "eventbus_takeover_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private final List<Process> children = new ArrayList<>();

  @BeforeEach
  void requirePostgres() {
    try (Connection connection = DriverManager.getConnection(POSTGRES)) {
      assertTrue(connection.isValid(5));
    } catch (SQLException e) {
      if (Boolean.getBoolean("eventbus.requirePostgres")) {
        fail("PostgreSQL is required but not reachable at " + POSTGRES + ": " + e.getMessage());
      }
      assumeTrue(false, "PostgreSQL not reachable at " + POSTGRES + ": skipping; .ci/run requires it");
    }
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (Process child : children) {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    try (Connection connection = DriverManager.getConnection(POSTGRES);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void whenTheHolderIsKilledTheOtherProcessTakesOverAndNoEventIsSkipped() throws Exception {
    try (EventBus publisher =
        EventBus.builder().store(JdbcEventStores.postgres(POSTGRES, PostgresOptions.defaults().schema(schema))).build()) {
      Child first = start();
      first.await("HOLDER");
      Child second = start();
      second.await("SUBSCRIBED");

      publish(publisher, 1, 300);
      first.awaitHandled(100);
      long killedAt = System.nanoTime();
      first.process.destroyForcibly();
      assertTrue(first.process.waitFor(30, TimeUnit.SECONDS));
      publish(publisher, 301, 600);
      second.await("HOLDER");
      long tookOverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

      List<UUID> stored = new ArrayList<>();
      try (EventStore store = JdbcEventStores.postgres(POSTGRES, PostgresOptions.defaults().schema(schema))) {
        for (EventRecord record : store.read(EventQuery.all().types("durable-test.item-added"))) {
          stored.add(record.eventId());
        }
      }
      assertEquals(600, stored.size());
      second.awaitAllHandled(stored, first.handled);

      Set<UUID> handled = new HashSet<>(first.handled);
      handled.addAll(second.handled);
      assertTrue(handled.containsAll(stored), "every stored event was handled by one or the other");
      assertTrue(second.handled.size() >= 600 - first.handled.size(), "the second delivered the rest");
      System.out.println(
          "DurableTakeoverTest: the first handled "
              + first.handled.size()
              + ", the second "
              + second.handled.size()
              + "; the second held the lease "
              + tookOverMillis
              + " ms after the kill (lease timeout "
              + LEASE_MILLIS
              + " ms)");
    }
  }

  private static void publish(EventBus bus, int from, int to) {
    for (int i = from; i <= to; i++) {
      bus.publish(new Item.Added("takeover", i)).toCompletableFuture().join();
    }
  }

  private Child start() throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                DurableTakeoverChild.class.getName(),
                POSTGRES,
                schema,
                Long.toString(LEASE_MILLIS))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    children.add(process);
    return new Child(process);
  }

  /** A child and what it printed, read by a thread of its own. */
  private static final class Child {
    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final List<UUID> handled = new java.util.concurrent.CopyOnWriteArrayList<>();

    Child(Process process) {
      this.process = process;
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = out.readLine()) != null) {
                    if (line.startsWith("HANDLED ")) {
                      handled.add(UUID.fromString(line.substring(8)));
                    } else {
                      lines.add(line);
                    }
                  }
                } catch (java.io.IOException ended) {
                  // the child was killed
                }
              });
      reader.setDaemon(true);
      reader.start();
    }

    void await(String expected) throws InterruptedException {
      while (!expected.equals(lines.take())) {
        // skip other lines
      }
    }

    void awaitHandled(int count) throws InterruptedException {
      while (handled.size() < count) {
        Thread.sleep(10);
      }
    }

    void awaitAllHandled(List<UUID> stored, List<UUID> byOther) throws InterruptedException {
      while (true) {
        Set<UUID> all = new HashSet<>(handled);
        all.addAll(byOther);
        if (all.containsAll(stored)) {
          return;
        }
        Thread.sleep(20);
      }
    }
  }
}
