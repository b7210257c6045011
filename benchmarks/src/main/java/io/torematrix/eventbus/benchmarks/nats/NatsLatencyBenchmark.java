package io.torematrix.eventbus.benchmarks.nats;

import io.nats.client.Connection;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.bridge.nats.NatsBridge;
import io.torematrix.eventbus.bridge.nats.NatsImport;
import io.torematrix.eventbus.bridge.nats.NatsStream;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import java.nio.file.Files;
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
 * Node to node through NATS: the time from {@code publish} on node A to the handler on node B, one
 * event at a time. Each node has a bus on a SQLite file of its own and a bridge (A exports
 * {@code orders.>}, B imports it) with default settings; so the time covers A's write-ahead
 * append, the relay's read and publish, JetStream, B's pull consumer, B's append and dispatch.
 * Sampled: JMH reports p50, p90, p99 and more; the bar is p99 at most 50 ms.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 4)
@Fork(1)
@State(Scope.Benchmark)
public class NatsLatencyBenchmark {
  Path directory;
  String stream;
  EventBus busA;
  EventBus busB;
  NatsBridge bridgeA;
  NatsBridge bridgeB;
  final Semaphore handled = new Semaphore(0);
  long number;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    directory = Files.createTempDirectory("eventbus-bench-nats");
    stream = NatsServer.unique("bench-latency-");
    NatsStream settings = NatsStream.named(stream).duplicateWindow(Duration.ofMinutes(2));
    EventStore storeA = JdbcEventStores.sqlite(directory.resolve("a.db"));
    busA = EventBus.builder().store(storeA).build();
    bridgeA = NatsBridge.builder(busA, storeA).server(NatsServer.URL).nodeId("node-a").subjectPrefix(stream)
        .stream(settings).export("orders.>").start();
    EventStore storeB = JdbcEventStores.sqlite(directory.resolve("b.db"));
    busB = EventBus.builder().store(storeB).build();
    busB.subscribe(Order.class, order -> handled.release());
    bridgeB = NatsBridge.builder(busB, storeB).server(NatsServer.URL).nodeId("node-b").subjectPrefix(stream)
        .stream(settings).importFrom(NatsImport.of("orders", "orders.>")).start();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    bridgeB.close();
    bridgeA.close();
    busB.close();
    busA.close();
    Connection connection = NatsServer.connect();
    try {
      NatsServer.deleteStream(connection, stream);
    } finally {
      connection.close();
    }
  }

  /** Publishes one order on node A and returns once node B's handler has received it. */
  @Benchmark
  public void publishOnAToHandlerOnB() throws InterruptedException {
    busA.publish(new Order("order-" + number++, "customer", 1_000, 1));
    if (!handled.tryAcquire(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("node B did not receive order " + number + " within 30 s: " + bridgeB.status());
    }
  }
}
