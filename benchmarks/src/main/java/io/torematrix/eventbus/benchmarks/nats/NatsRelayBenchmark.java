package io.torematrix.eventbus.benchmarks.nats;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.support.NatsJetStreamConstants;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.bridge.nats.NatsBridge;
import io.torematrix.eventbus.bridge.nats.NatsRelayStatus;
import io.torematrix.eventbus.bridge.nats.NatsStream;
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
 * Each invocation moves {@value #EVENTS} stored events to a JetStream file stream of its own:
 * {@code rawJnatsPublishAsync} publishes the very messages the relay sends (subject, headers and
 * body, captured once from a relay run, built before the invocation) with at most {@value
 * #MAX_OUTSTANDING_ACKS} acks outstanding and waits for every ack; {@code relay} lets the bridge
 * read the same number of stored events, make and publish their messages, and waits until its
 * checkpoint is at the head.
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
  /**
   * How often the relay benchmark looks at the bridge's status (two store queries): often enough
   * to add at most 0.5 us per event, seldom enough not to take the relay's CPU.
   */
  static final int POLL_MILLIS = 5;

  Connection connection;
  Path directory;
  List<Message> captured;
  String stream;
  List<NatsMessage> messages;
  EventStore relayStore;
  EventBus relayBus;
  NatsBridge relayBridge;
  int iteration;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    connection = NatsServer.connect();
    directory = Files.createTempDirectory("eventbus-bench-nats");
    captured = capture();
  }

  /**
   * The messages the relay sends for {@value #EVENTS} stored orders (subject, headers, body), as
   * a plain subscriber on its subjects receives them from one relay run into a stream of its own:
   * the raw side publishes exactly these, re-addressed to its own stream.
   */
  private List<Message> capture() throws Exception {
    String captureStream = NatsServer.unique("bench-capture-");
    JetStreamManagement management = connection.jetStreamManagement();
    management.addStream(
        StreamConfiguration.builder()
            .name(captureStream)
            .subjects(captureStream + ".>")
            .storageType(StorageType.File)
            .duplicateWindow(Duration.ofMinutes(2))
            .build());
    Subscription subscription = connection.subscribe(captureStream + ".>");
    connection.flush(Duration.ofSeconds(5));
    Path file = directory.resolve("capture.db");
    try (EventStore store = JdbcEventStores.sqlite(file);
        EventBus bus = EventBus.builder().store(store).build()) {
      publishOrders(bus, EVENTS);
      try (NatsBridge bridge = builder(bus, store, captureStream).start()) {
        List<Message> messages = new ArrayList<>(EVENTS);
        while (messages.size() < EVENTS) {
          Message message = subscription.nextMessage(Duration.ofSeconds(30));
          if (message == null) {
            throw new IllegalStateException(
                "captured " + messages.size() + " of the relay's messages: " + bridge.status());
          }
          messages.add(message);
        }
        return messages;
      }
    } finally {
      subscription.unsubscribe();
      NatsServer.deleteStream(connection, captureStream);
    }
  }

  @Setup(Level.Iteration)
  public void newStream() throws Exception {
    stream = NatsServer.unique("bench-relay-");
    JetStreamManagement management = connection.jetStreamManagement();
    management.addStream(
        StreamConfiguration.builder()
            .name(stream)
            .subjects(stream + ".>")
            .storageType(StorageType.File)
            .duplicateWindow(Duration.ofMinutes(2))
            .build());
    messages = new ArrayList<>(captured.size());
    for (Message message : captured) {
      messages.add(readdressed(message, stream));
    }
    iteration++;
    Path file = directory.resolve("relay-" + iteration + ".db");
    relayStore = JdbcEventStores.sqlite(file);
    relayBus = EventBus.builder().store(relayStore).build();
    relayBridge = idleBridge(relayBus, relayStore, stream);
    // stored by another store on the same file: the relay is not told, and polls only every 10 s
    try (EventStore writer = JdbcEventStores.sqlite(file);
        EventBus bus = EventBus.builder().store(writer).build()) {
      publishOrders(bus, EVENTS);
    }
  }

  @TearDown(Level.Iteration)
  public void deleteStream() throws Exception {
    relayBridge.close();
    relayBus.close();
    NatsServer.deleteStream(connection, stream);
  }

  /**
   * {@code message}, captured from a relay that published to a stream and subject prefix named
   * alike, as the relay publishes it to {@code stream}: the same headers and body, the subject
   * under {@code stream}'s name and header {@code Nats-Expected-Stream} naming it (names of one
   * length: the messages are as long as the relay's).
   */
  private static NatsMessage readdressed(Message message, String stream) {
    String subject = message.getSubject();
    Headers headers = new Headers(message.getHeaders());
    headers.put(NatsJetStreamConstants.EXPECTED_STREAM_HDR, stream);
    return NatsMessage.builder()
        .subject(stream + subject.substring(subject.indexOf('.')))
        .headers(headers)
        .data(message.getData())
        .build();
  }

  private static NatsBridge.Builder builder(EventBus bus, EventStore store, String stream) {
    return NatsBridge.builder(bus, store)
        .server(NatsServer.URL)
        .nodeId("bench-node")
        .subjectPrefix(stream)
        .stream(NatsStream.named(stream).duplicateWindow(Duration.ofMinutes(2)))
        .export("orders.>")
        .maxOutstandingAcks(MAX_OUTSTANDING_ACKS);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    connection.close();
  }

  /** Publishes {@value #EVENTS} messages with jnats and waits for every ack. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void rawJnatsPublishAsync() throws Exception {
    new RawJetStreamPublisher(connection.jetStream(), MAX_OUTSTANDING_ACKS).publishAll(messages);
  }

  /**
   * Lets a running bridge, idle and connected, relay the {@value #EVENTS} events of its store it
   * was not told about: one more published on its bus wakes the relay, which then publishes all
   * of them; waits until the relay has every one acknowledged (its lag 0), looking every {@value
   * #POLL_MILLIS} ms.
   */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void relay() throws Exception {
    NatsRelayStatus before = relayBridge.status().relay();
    if (!before.leaseHeld() || before.published() != 0) {
      throw new IllegalStateException("the relay was not idle before the measurement: " + before);
    }
    relayBus.publish(new Order("order-last", "customer-0", 1_000L, 1)).toCompletableFuture().join();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (true) {
      NatsRelayStatus relay = relayBridge.status().relay();
      if (relay.lag() == 0 && relay.outstanding() == 0 && relay.published() >= EVENTS + 1) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the relay did not finish within 2 minutes: " + relayBridge.status());
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /**
   * A bridge that relays {@code store}'s events to {@code stream} once woken, looking at the
   * store by itself only every 10 s, and renewing its lease only every few minutes (a renewal
   * wakes it too).
   */
  private static NatsBridge idleBridge(EventBus bus, EventStore store, String stream) throws InterruptedException {
    NatsBridge bridge =
        builder(bus, store, stream)
            .pollInterval(Duration.ofSeconds(10))
            .leaseTimeout(Duration.ofMinutes(10))
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!bridge.status().relay().leaseHeld()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the relay did not take its lease: " + bridge.status());
      }
      Thread.sleep(POLL_MILLIS);
    }
    return bridge;
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
