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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Live durable delivery on SQLite: the time from {@code publish} to the durable handler, for one
 * event at a time (the subscription is at the head, so each event is read back and delivered
 * alone). It covers the write-ahead append, the wake-up of the subscription's worker, its read of
 * the store, decoding and the call. Sampled: JMH reports p50, p90, p99 and more; the bar is p99 at
 * most 20 ms.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class DurableLatencyBenchmark {
  EventBus bus;
  Path directory;
  final Semaphore handled = new Semaphore(0);
  final Tick tick = new Tick(1);

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    directory = TrialDirectory.create();
    bus = EventBus.builder().store(JdbcEventStores.sqlite(directory.resolve("events.db"))).build();
    bus.subscribe(Tick.class, t -> handled.release(), SubscribeOptions.<Tick>defaults().durable("bench-live"));
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

  /** Publishes one event and returns once the durable handler has received it. */
  @Benchmark
  public void publishToDurableHandler() throws InterruptedException {
    bus.publish(tick);
    handled.acquire();
  }
}
