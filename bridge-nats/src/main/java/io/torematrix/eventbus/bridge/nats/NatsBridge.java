package io.torematrix.eventbus.bridge.nats;

import io.nats.client.Options;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.annotation.DurableNames;
import io.torematrix.eventbus.annotation.DurableStart;
import io.torematrix.eventbus.annotation.TopicSyntax;
import io.torematrix.eventbus.spi.EventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Connects a bus to NATS JetStream, so that buses on many machines share events: a relay exports
 * the events the bus stores on chosen topics, and imports bring other nodes' events into its
 * store and to its handlers.
 *
 * <pre>{@code
 * EventStore store = JdbcEventStores.sqlite(Path.of("node-a.db"));
 * try (EventBus bus = EventBus.builder().store(store).build();
 *     NatsBridge bridge = NatsBridge.builder(bus, store)
 *         .server("nats://127.0.0.1:4222")
 *         .nodeId("node-a")
 *         .stream(NatsStream.named("SHOP").duplicateWindow(Duration.ofMinutes(2)))
 *         .export("orders.>")
 *         .importFrom(NatsImport.of("replies", "replies.>"))
 *         .start()) {
 *   bus.publish(new OrderPlaced("o-1", 40), "orders.eu.placed");   // reaches NATS via the store
 * }
 * }</pre>
 *
 * <h2>Export</h2>
 * The store is the outbox: the relay reads the store's committed events after its checkpoint, in
 * store order, and publishes those on exported topics to {@code <prefix>.<topic>}, with the event
 * id as message id ({@code Nats-Msg-Id}, the broker's deduplication), the context as headers
 * ({@link NatsHeaders}) and the codec's bytes as body. So an event whose {@code publish} succeeded
 * reaches NATS even if the process dies right after. Publishing is asynchronous, with at most
 * {@link Builder#maxOutstandingAcks} messages unacknowledged; the checkpoint advances only over
 * events whose {@code PublishAck} arrived, all earlier ones acknowledged too. A failure (an error
 * reply, a timeout, a lost connection) sends again everything after the checkpoint: JetStream drops
 * what it already has within the stream's duplicate window. The relay's checkpoint and lease are
 * kept in the store like a durable subscription's, under {@link Builder#relayName}, so one process
 * of those sharing a store relays at a time. Events that came from another node (imported) are not
 * exported again.
 *
 * <h2>Import</h2>
 * Each {@link NatsImport} reads through a durable pull consumer with explicit acks. Each message
 * becomes a stored event: appended to the store unless its event id is there already (for good,
 * beyond the broker's window), then handed to the bus's handlers through {@link
 * EventBus#receive}, with its original context and the header {@value #ORIGIN_HEADER} naming the
 * node it came from; the message is acknowledged once the append committed. A message that
 * originated on this node is acknowledged and skipped (JetStream delivers a node's own messages
 * back) once the store is found to hold it; one it does not hold came from another bridge given
 * the same node id, and is parked. A message that cannot be read, or whose type no {@code @Event} of this application
 * carries, is parked in the store under {@link NatsImport#subscriptionName()} and then
 * acknowledged: list, retry or discard it with {@code bus.durable()}. Messages are imported one at
 * a time in stream order; when the store cannot take a message, the import retries it (keeping it
 * from being redelivered) until it can. After a lost connection the relay publishes again, in
 * order, everything not acknowledged before anything new, but what jnats had queued before the
 * loss can still reach the stream ahead of it; each message names the event its relay published
 * before it on its topic ({@link NatsHeaders#PREVIOUS_CURSOR}) and on any topic ({@link
 * NatsHeaders#ORIGIN_PREVIOUS_CURSOR}), and a message whose predecessor (on its topic, or on a topic
 * the import covers) has not been settled while an earlier one was waits for it (up to 60 s), so
 * that each origin's events are stored in their order across the topics of an import. What an
 * import settled it reads back from the store ({@value #ORIGIN_CURSOR_HEADER}) when it starts.
 *
 * <h2>Threads</h2>
 * {@link #start()} starts {@code torematrix-nats-relay} (when exporting) and {@code
 * torematrix-nats-import-<name>} per import, daemons, besides the connection's own threads. All
 * methods are thread-safe. {@link #close()} stops them, saves the relay's checkpoint, releases the
 * leases and closes the connection; it does not close the bus or the store, which the application
 * closes after the bridge.
 *
 * <h2>Guarantees</h2>
 * At least once across nodes: an event stored on exported topics reaches every importing node's
 * store once (deduplicated by id) and its handlers once per store; order is kept per origin within
 * each import, not across origins.
 */
public final class NatsBridge implements AutoCloseable {
  /**
   * The header of an imported event's context that names the node it came from; absent on events
   * published on this node. A local event that carries it (set by hand) without {@link
   * #ORIGIN_CURSOR_HEADER} is not taken for an imported one: the relay parks it, naming the header,
   * rather than export it under another origin or skip it silently.
   */
  public static final String ORIGIN_HEADER = "eventbus-origin";

  /**
   * The header of an imported event's context that holds its cursor in the store of the node it
   * came from ({@link io.torematrix.eventbus.Cursor#toString()}); absent on events published on
   * this node. Imports read it back from the local store when they start, to know the last event
   * of each origin they imported.
   */
  public static final String ORIGIN_CURSOR_HEADER = "eventbus-origin-cursor";

  private final Settings settings;
  private final BridgeRuntime runtime;

  private NatsBridge(Settings settings) {
    this.settings = settings;
    this.runtime = new BridgeRuntime(settings);
  }

  /**
   * Starts configuring a bridge for {@code bus}, whose store is {@code store} (the one given to
   * its builder: the relay reads it, imports append to it, and both keep their checkpoints, leases
   * and parked messages in it).
   *
   * @param bus the bus whose handlers receive imported events
   * @param store the bus's store
   * @return a builder
   */
  public static Builder builder(EventBus bus, EventStore store) {
    return new Builder(Objects.requireNonNull(bus, "bus"), Objects.requireNonNull(store, "store"));
  }

  /**
   * The node an event came from, for an imported one.
   *
   * @param context an event's context
   * @return the {@value #ORIGIN_HEADER} header: the origin's node id, or empty for an event
   *     published on this node
   */
  public static Optional<String> origin(EventContext context) {
    return Optional.ofNullable(context.headers().get(ORIGIN_HEADER));
  }

  /**
   * Connects to NATS, creates or checks the stream and the import consumers, and starts relaying
   * and importing. If NATS cannot be reached within the connection timeout of the NATS options,
   * the bridge starts anyway and sets up as soon as it connects (events wait in the store).
   *
   * @return this bridge
   * @throws NatsBridgeException if the stream exists with other settings, a consumer of an import's
   *     name has another filter, or NATS refuses the setup; nothing was started
   * @throws IllegalStateException if the bridge was started before
   */
  public NatsBridge start() {
    runtime.start();
    return this;
  }

  /**
   * A snapshot of the connection, the relay and each import.
   *
   * @return the status
   */
  public NatsBridgeStatus status() {
    return runtime.status();
  }

  /**
   * The settings the bridge was built with, as text.
   *
   * @return a description
   */
  @Override
  public String toString() {
    return "NatsBridge[node " + settings.nodeId + ", stream " + settings.stream.name() + ", prefix "
        + settings.prefix + ", export " + settings.exports + ", imports " + settings.imports.keySet() + "]";
  }

  /**
   * Stops relaying and importing (the message in progress finishes), saves the relay's checkpoint,
   * releases the leases and closes the connection, waiting up to the bridge's close timeout.
   * Idempotent. Leaves the bus and the store open.
   */
  @Override
  public void close() {
    runtime.close();
  }

  /** Configures a {@link NatsBridge}; not thread-safe. */
  public static final class Builder {
    private final EventBus bus;
    private final EventStore store;
    private Options natsOptions;
    private String server = "nats://127.0.0.1:4222";
    private String nodeId;
    private String prefix = "eventbus";
    private NatsStream stream;
    private final List<String> exports = new ArrayList<>();
    private DurableStart exportStart = DurableStart.BEGINNING;
    private String relayName = "nats-relay";
    private int maxOutstandingAcks = 1000;
    private Duration publishTimeout = Duration.ofSeconds(5);
    private final Map<String, NatsImport> imports = new LinkedHashMap<>();
    private Duration leaseTimeout = Duration.ofSeconds(10);
    private Duration pollInterval = Duration.ofMillis(250);
    private Duration closeTimeout = Duration.ofSeconds(10);

    private Builder(EventBus bus, EventStore store) {
      this.bus = bus;
      this.store = store;
    }

    /**
     * Connects to {@code url} with jnats's defaults (reconnecting forever). Replaced by {@link
     * #natsOptions}.
     *
     * @param url such as {@code nats://127.0.0.1:4222} (the default)
     * @return this builder
     */
    public Builder server(String url) {
      this.server = Objects.requireNonNull(url, "url");
      this.natsOptions = null;
      return this;
    }

    /**
     * Connects with {@code options}: servers, credentials, TLS, reconnection. The bridge opens its
     * own connection with them and closes it on {@link #close()}.
     *
     * @param options jnats connection options
     * @return this builder
     */
    public Builder natsOptions(Options options) {
      this.natsOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Names this node: stamped as origin on what it exports, so that its imports skip its own
     * events, and part of its consumers' names. Processes sharing one store are one node; bridges
     * on different stores need different ids (an import parks a message naming its node id that
     * its store does not hold). Required.
     *
     * @param nodeId 1 to 32 characters from {@code A-Z a-z 0-9 -}, stable across restarts
     * @return this builder
     * @throws IllegalArgumentException if invalid
     */
    public Builder nodeId(String nodeId) {
      this.nodeId = NatsNames.requireNamePart(nodeId, "node id", 32);
      return this;
    }

    /**
     * Sets the first tokens of every subject: an event on topic {@code t} goes to {@code
     * <prefix>.t}.
     *
     * @param prefix a valid topic without wildcards; {@code eventbus} by default
     * @return this builder
     * @throws IllegalArgumentException if invalid
     */
    public Builder subjectPrefix(String prefix) {
      this.prefix = TopicSyntax.requireValid(prefix, false);
      return this;
    }

    /**
     * Sets the stream. Required.
     *
     * @param stream its settings, with a duplicate window
     * @return this builder
     */
    public Builder stream(NatsStream stream) {
      this.stream = Objects.requireNonNull(stream, "stream");
      return this;
    }

    /**
     * Exports the events stored on topics matching {@code topics} (patterns such as {@code
     * orders.>}); may be called again to add more.
     *
     * @param topics topic patterns
     * @return this builder
     * @throws IllegalArgumentException if a pattern is invalid
     */
    public Builder export(String... topics) {
      for (String topic : topics) {
        exports.add(TopicSyntax.requireValid(topic, true));
      }
      return this;
    }

    /**
     * Where a relay that has no checkpoint yet starts: at the first stored event (the default) or
     * after the last one stored when it first starts.
     *
     * @param start {@code BEGINNING} or {@code HEAD}
     * @return this builder
     */
    public Builder exportStart(DurableStart start) {
      this.exportStart = Objects.requireNonNull(start, "start");
      return this;
    }

    /**
     * Names the durable subscription that keeps the relay's checkpoint and lease in the store; two
     * bridges on one store that export to different streams need different names.
     *
     * @param name a durable subscription name; {@code nats-relay} by default
     * @return this builder
     * @throws IllegalArgumentException if invalid
     */
    public Builder relayName(String name) {
      this.relayName = DurableNames.requireValid(name);
      return this;
    }

    /**
     * Bounds the messages published and not yet acknowledged.
     *
     * @param max 1 to 100,000; 1000 by default
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxOutstandingAcks(int max) {
      if (max < 1 || max > 100_000) {
        throw new IllegalArgumentException("maxOutstandingAcks is 1 to 100000, not " + max);
      }
      this.maxOutstandingAcks = max;
      return this;
    }

    /**
     * Sets how long the relay waits for a message's acknowledgement before it publishes it (and
     * every later one) again.
     *
     * @param timeout 100 ms to 10 minutes; 5 s by default
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder publishTimeout(Duration timeout) {
      this.publishTimeout = range(timeout, Duration.ofMillis(100), Duration.ofMinutes(10), "publishTimeout");
      return this;
    }

    /**
     * Adds an import; its name must be unique among the bridge's imports.
     *
     * @param imports one or more imports
     * @return this builder
     * @throws IllegalArgumentException if a name is used twice
     */
    public Builder importFrom(NatsImport... imports) {
      for (NatsImport one : imports) {
        Objects.requireNonNull(one, "import");
        if (this.imports.putIfAbsent(one.name(), one) != null) {
          throw new IllegalArgumentException("the bridge has an import called \"" + one.name() + "\" already");
        }
      }
      return this;
    }

    /**
     * Sets how long the relay's and the imports' leases last unless renewed (every third of it):
     * after a process dies, another on the same store takes over within about this time.
     *
     * @param timeout 1 s to 10 minutes; 10 s by default
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder leaseTimeout(Duration timeout) {
      this.leaseTimeout = range(timeout, Duration.ofSeconds(1), Duration.ofMinutes(10), "leaseTimeout");
      return this;
    }

    /**
     * Sets how often the relay reads the store when nothing woke it. An event published on this
     * bus wakes it at once ({@code bus.durable().onEventStored}), as do acknowledgements; this
     * poll finds the events other processes append to a store they share with this one.
     *
     * @param interval 1 ms to 10 s; 250 ms by default (the durable subscriptions' default poll)
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = range(interval, Duration.ofMillis(1), Duration.ofSeconds(10), "pollInterval");
      return this;
    }

    /**
     * Sets how long {@link NatsBridge#close()} waits for the relay and imports to stop.
     *
     * @param timeout 0 to 10 minutes; 10 s by default
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = range(timeout, Duration.ZERO, Duration.ofMinutes(10), "closeTimeout");
      return this;
    }

    /**
     * Builds the bridge and {@linkplain NatsBridge#start() starts} it.
     *
     * @return the started bridge
     * @throws IllegalStateException if the node id or the stream (or its duplicate window) is
     *     missing, or the bridge neither exports nor imports
     * @throws IllegalArgumentException if a subject of the exports or imports falls under none of
     *     the stream's subjects
     * @throws NatsBridgeException as {@link NatsBridge#start()}
     */
    public NatsBridge start() {
      NatsBridge bridge = build();
      try {
        return bridge.start();
      } catch (RuntimeException | Error e) {
        bridge.close();
        throw e;
      }
    }

    /**
     * Builds the bridge without starting it.
     *
     * @return the bridge, to {@linkplain NatsBridge#start() start}
     * @throws IllegalStateException if the node id or the stream (or its duplicate window) is
     *     missing, or the bridge neither exports nor imports
     * @throws IllegalArgumentException if a subject of the exports or imports falls under none of
     *     the stream's subjects, or the relay (when exporting) is named as an import's subscription
     *     ({@link NatsImport#subscriptionName()})
     */
    public NatsBridge build() {
      if (nodeId == null) {
        throw new IllegalStateException("a bridge needs a node id: set one with nodeId(...)");
      }
      if (stream == null) {
        throw new IllegalStateException("a bridge needs a stream: set one with stream(NatsStream.named(...))");
      }
      if (stream.duplicateWindow() == null) {
        throw new IllegalStateException(
            "stream \"" + stream.name() + "\" needs an explicit duplicate window: it bounds the"
                + " broker's deduplication of resent events; set one with duplicateWindow(...)");
      }
      if (exports.isEmpty() && imports.isEmpty()) {
        throw new IllegalStateException("the bridge neither exports nor imports: call export(...) or importFrom(...)");
      }
      for (NatsImport one : imports.values()) {
        if (!exports.isEmpty() && one.subscriptionName().equals(relayName)) {
          throw new IllegalArgumentException(
              "the relay's name \"" + relayName + "\" is import \"" + one.name() + "\"'s subscription in"
                  + " the store: the two would share one lease and parked list; choose another relayName");
        }
      }
      Options options = natsOptions != null ? natsOptions : Options.builder().server(server).maxReconnects(-1).build();
      return new NatsBridge(
          new Settings(bus, store, options, nodeId, prefix, stream, exports, exportStart, relayName,
              maxOutstandingAcks, publishTimeout, imports, leaseTimeout, pollInterval, closeTimeout));
    }

    private static Duration range(Duration value, Duration min, Duration max, String what) {
      Objects.requireNonNull(value, what);
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(what + " is from " + min + " to " + max + ", not " + value);
      }
      return value;
    }
  }
}
