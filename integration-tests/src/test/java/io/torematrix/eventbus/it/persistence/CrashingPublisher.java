package io.torematrix.eventbus.it.persistence;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Run in a child JVM by {@link CrashSurvivalTest}: publishes events to a bus on a SQLite file from
 * four threads, forever, printing {@code ACK <event id>} once each publish has completed. The test
 * kills it mid-flight.
 */
public final class CrashingPublisher {
  private CrashingPublisher() {}

  public static void main(String[] args) {
    EventBus bus = EventBus.builder().store(JdbcEventStores.sqlite(Path.of(args[0]))).build();
    bus.subscribe(Counter.Added.class, added -> {});
    ExecutorService publishers = Executors.newFixedThreadPool(4);
    for (int t = 0; t < 4; t++) {
      int thread = t;
      publishers.execute(
          () -> {
            for (int i = 0; ; i++) {
              var result = bus.publish(new Counter.Added("t" + thread, i)).toCompletableFuture().join();
              synchronized (System.out) {
                System.out.println("ACK " + result.context().eventId());
                System.out.flush();
              }
            }
          });
    }
  }
}
