package io.torematrix.eventbus.benchmarks.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.NatsMessage;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.bridge.nats.NatsBridge;
import io.torematrix.eventbus.bridge.nats.NatsRelayStatus;
import io.torematrix.eventbus.bridge.nats.NatsStream;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The relay out of the store against plain jnats asynchronous publishing of the same messages.
 * Each invocation moves {@value #EVENTS} stored events to a JetStream stream of its own:
 * {@code rawJnatsPublishAsync} publishes the messages (built before the invocation) with at most
 * {@value #MAX_OUTSTANDING_ACKS} acks outstanding and waits for every ack; {@code relay} lets the
 * bridge relay the same number of stored events and waits until its checkpoint is at the head.
 * Scores are microseconds per event; the bar is the relay at least 50% of raw throughput.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
@State(Scope.Benchmark)
public class NatsRelayBenchmark {
  static final int EVENTS = 10_000;
  static final int MAX_OUTSTANDING_ACKS = 256;

  Connection connection;
  Path directory;
  List<EventRecord> records;
  String stream;
  String prefix;
  List<NatsMessage> messages;
  EventStore relayStore;
  EventBus relayBus;
  int iteration;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    connection = NatsServer.connect();
    directory = Files.createTempDirectory("eventbus-bench-nats");
    try (EventBus bus = EventBus.builder().store(JdbcEventStores.sqlite(directory.resolve("raw.db"))).build()) {
      publishOrders(bus, EVENTS);
    }
    try (EventStore store = JdbcEventStores.sqlite(directory.resolve("raw.db"))) {
      records = store.read(EventQuery.all().limit(EVENTS));
    }
  }

  @Setup(Level.Iteration)
  public void newStream() throws Exception {
    stream = NatsServer.unique("bench-relay-");
    prefix = stream;
    JetStreamManagement management = connection.jetStreamManagement();
    management.addStream(
        StreamConfiguration.builder()
            .name(stream)
            .subjects(prefix + ".>")
            .storageType(StorageType.File)
            .duplicateWindow(Duration.ofMinutes(2))
            .build());
    RawJetStreamPublisher raw = new RawJetStreamPublisher(connection.jetStream(), stream, prefix, MAX_OUTSTANDING_ACKS);
    messages = new ArrayList<>(records.size());
    EventRecord previous = null; // every order is on one topic
    for (EventRecord record : records) {
      messages.add(raw.message(record, previous, "bench-node"));
      previous = record;
    }
    iteration++;
    relayStore = JdbcEventStores.sqlite(directory.resolve("relay-" + iteration + ".db"));
    relayBus = EventBus.builder().store(relayStore).build();
    publishOrders(relayBus, EVENTS);
  }

  @TearDown(Level.Iteration)
  public void deleteStream() throws Exception {
    relayBus.close();
    NatsServer.deleteStream(connection, stream);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    connection.close();
  }

  /** Publishes {@value #EVENTS} messages with jnats and waits for every ack. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void rawJnatsPublishAsync() throws Exception {
    new RawJetStreamPublisher(connection.jetStream(), stream, prefix, MAX_OUTSTANDING_ACKS).publishAll(messages);
  }

  /**
   * Starts a bridge on a store holding {@value #EVENTS} events not yet relayed and waits until the
   * relay has every one acknowledged (its lag 0), then closes the bridge. Includes the bridge's
   * connection and its check of the stream, a few milliseconds.
   */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void relay() throws Exception {
    try (NatsBridge bridge =
        NatsBridge.builder(relayBus, relayStore)
            .server(NatsServer.URL)
            .nodeId("bench-node")
            .subjectPrefix(prefix)
            .stream(NatsStream.named(stream).duplicateWindow(Duration.ofMinutes(2)))
            .export("orders.>")
            .maxOutstandingAcks(MAX_OUTSTANDING_ACKS)
            .pollInterval(Duration.ofMillis(1))
            .start()) {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (true) {
        NatsRelayStatus relay = bridge.status().relay();
        if (relay.leaseHeld() && relay.lag() == 0 && relay.outstanding() == 0 && relay.published() >= EVENTS) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the relay did not finish within 2 minutes: " + bridge.status());
        }
        Thread.sleep(1);
      }
    }
  }

  static void publishOrders(EventBus bus, int count) {
    List<CompletableFuture<?>> published = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      published.add(
          bus.publish(new Order("order-" + i, "customer-" + (i % 97), 1_000L + i, 1 + i % 5)).toCompletableFuture());
    }
    CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).join();
  }
}
