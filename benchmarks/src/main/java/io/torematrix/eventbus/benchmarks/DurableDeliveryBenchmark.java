package io.torematrix.eventbus.benchmarks;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a durable subscription costs over an ordinary one for the same stored events: a bus on a
 * SQLite file, one handler, 1,000 events published in a row without awaiting each publish, then
 * awaited until the handler has received all of them. {@code normal}: the handler is an ordinary
 * {@code NORMAL} one, delivered on the bus's pool as each event is stored. {@code durable}: it is a
 * durable subscription, which reads each event back from the store (woken by the publish), and
 * checkpoints. Both append every event to the store first (write-ahead), as any bus with a store
 * does. Scores are events per second; the bar is durable at most 30% slower (normal/durable at
 * most 1.3).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class DurableDeliveryBenchmark {
  static final int EVENTS = 1_000;

  @Param({"normal", "durable"})
  public String delivery;

  EventBus bus;
  Path directory;
  final Semaphore handled = new Semaphore(0);
  final Tick tick = new Tick(1);

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    directory = TrialDirectory.create();
    bus = EventBus.builder().store(JdbcEventStores.sqlite(directory.resolve("events.db"))).build();
    SubscribeOptions<Tick> options = SubscribeOptions.defaults();
    bus.subscribe(
        Tick.class, t -> handled.release(), delivery.equals("durable") ? options.durable("bench-delivery") : options);
    bus.drain(Duration.ofSeconds(30));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try {
      bus.close();
    } finally {
      TrialDirectory.delete(directory);
    }
  }

  /** Publishes 1,000 events, then waits until the handler received each. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void publishAndDeliver() throws InterruptedException {
    for (int i = 0; i < EVENTS; i++) {
      bus.publish(tick);
    }
    handled.acquire(EVENTS);
  }
}
