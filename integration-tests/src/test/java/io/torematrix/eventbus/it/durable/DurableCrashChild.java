package io.torematrix.eventbus.it.durable;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.annotation.DurableStart;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a child JVM by {@link DurableCrashTest}: a bus on a SQLite file with a durable
 * subscription from the beginning whose handler records the id of each event it handles as a line
 * appended to a log file (one {@code write} each: once it returned, the line survives a kill of the
 * process), while the main thread publishes new events. Arguments: the database, the log, the run's
 * number, how many events to publish, and {@code kill} (run until killed) or {@code finish} (drain
 * to the head, close, print {@code DONE}).
 */
public final class DurableCrashChild {
  private DurableCrashChild() {}

  /** The durable handler: records each event, taking about 0.2 ms as a real one might. */
  static final class CrashLog {
    private final OutputStream log;

    CrashLog(OutputStream log) {
      this.log = log;
    }

    @Subscribe(durable = "crash-log", startAt = DurableStart.BEGINNING)
    void record(Item.Added added, EventContext context) {
      long until = System.nanoTime() + 200_000;
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      write(log, context.eventId() + "\n");
    }
  }

  public static void main(String[] args) throws Exception {
    Path database = Path.of(args[0]);
    int run = Integer.parseInt(args[2]);
    int publish = Integer.parseInt(args[3]);
    boolean finish = args[4].equals("finish");
    try (OutputStream log = new FileOutputStream(args[1], true)) {
      write(log, "\nRUN " + run + "\n");
      EventBus bus =
          EventBus.builder()
              .store(JdbcEventStores.sqlite(database))
              .durableLeaseTimeout(Duration.ofMillis(500))
              .build();
      bus.register(new CrashLog(log));
      System.out.println("READY");
      System.out.flush();
      for (int i = 1; i <= publish; i++) {
        bus.publish(new Item.Added("run-" + run, i)).toCompletableFuture().join();
      }
      if (!finish) {
        Thread.sleep(Long.MAX_VALUE);
      }
      if (!bus.drain(Duration.ofMinutes(2))) {
        throw new IllegalStateException("the durable subscription did not reach the head in time");
      }
      bus.close();
      System.out.println("DONE");
      System.out.flush();
    }
  }

  static void write(OutputStream log, String text) {
    try {
      log.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
