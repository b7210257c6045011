package io.torematrix.eventbus.bridge.nats;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StreamState;
import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.LeaseLostException;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.Lease;
import io.torematrix.eventbus.spi.ParkedEvent;
import io.torematrix.eventbus.spi.SubscriptionState;
import io.torematrix.eventbus.spi.SubscriptionStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One import: fetches from its durable pull consumer, one message at a time in stream order, and
 * for each, once it is stored (or parked, or known to be this node's own or a duplicate),
 * acknowledges it.
 *
 * <p>While the store cannot take a message, the import keeps it (telling NATS it is in progress,
 * so that it is not redelivered meanwhile) and tries again with a backoff, so that the events of
 * each origin are stored in their order. It holds a lease of the store under {@link
 * NatsImport#subscriptionName()}, in which it parks what it cannot import and whose retry requests
 * it serves. It runs on its own thread; the figures it shows are volatile.
 *
 * <p>Each origin's order: a message names the event its origin published before it on its topic
 * and on any topic ({@link NatsHeaders#PREVIOUS_CURSOR}, {@link
 * NatsHeaders#ORIGIN_PREVIOUS_CURSOR}). If this import settled an earlier event of that origin
 * (on that topic, or on any topic it covers) but not the one named, the message waits for it. What
 * it settled it learns again from the local store each time it takes the lease (the imported
 * events carry {@link NatsBridge#ORIGIN_CURSOR_HEADER}, and so do the ones it parked), so the wait
 * holds across restarts and lease takeovers.
 */
final class Importer implements Runnable {
  private static final System.Logger LOG = System.getLogger("io.torematrix.eventbus.bridge.nats");
  private static final long RETRIES_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** How long a message waits for an earlier event of its origin at most. */
  static final Duration ORDER_WAIT = Duration.ofSeconds(60);
  /** How long a fetch waits for messages (they are taken one by one as they arrive) at most. */
  private static final Duration FETCH_WAIT = Duration.ofMillis(500);
  /** When a message that waits is delivered again. */
  private static final Duration ORDER_RETRY = Duration.ofMillis(100);
  /**
   * How often an idle import asks NATS for its consumer: a pull from a consumer that is gone (its
   * stream in memory storage lost with a restart of NATS, say) returns nothing rather than failing.
   */
  private static final long CONSUMER_CHECK_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final Settings settings;
  private final NatsImport config;
  private final BridgeRuntime runtime;
  private final SubscriptionStore subscriptions;
  private final String consumer;
  private final String subject;
  private final Duration fetchWait;

  private volatile boolean leaseHeld;
  private volatile long pending;
  private volatile long imported;
  private volatile long duplicates;
  private volatile long ownEvents;
  private volatile String lastError;
  /** Per origin, what this import settled of it (the most recent origins). */
  private final Topics.Recent<Settled> settled = Topics.recent();
  /** Per origin waiting for an earlier event, since when (System.nanoTime()). */
  private final Map<String, Long> waitingSince = new HashMap<>();
  /**
   * False once the stream was seen to have lost a message (its first sequence above 1, or a
   * message deleted: aged out, purged, removed, or over a limit); it never gets it back.
   */
  private boolean streamMayBeWhole = true;
  /**
   * Whether this holding of the lease reads the consumer from the stream's first message with
   * nothing acknowledged before it: then every message of the stream passes through what this
   * import settles now, or settled in the local store before (read back at the holding's start).
   */
  private boolean fromStart;

  Importer(Settings settings, NatsImport config, BridgeRuntime runtime) {
    this.settings = settings;
    this.config = config;
    this.runtime = runtime;
    this.subscriptions = settings.store.subscriptions();
    this.consumer = settings.consumerName(config);
    this.subject = settings.subject(config.topics());
    this.fetchWait = FETCH_WAIT;
  }

  String name() {
    return config.name();
  }

  @Override
  public void run() {
    Duration retry = Duration.ofMillis(100);
    while (!runtime.stopping()) {
      try {
        if (!runtime.ready()) {
          runtime.pause(retry);
          continue;
        }
        Optional<Lease> lease =
            subscriptions.acquire(config.subscriptionName(), settings.owner, settings.leaseTimeout, Cursor.START);
        if (lease.isEmpty()) {
          runtime.pause(settings.leaseTimeout.dividedBy(5));
          continue;
        }
        importWhileHeld(lease.get());
        retry = Duration.ofMillis(100);
      } catch (NatsBridgeException setupRefused) {
        lastError = BridgeRuntime.describe(setupRefused);
        return;
      } catch (Throwable e) { // an Error too: reported; unacknowledged messages come again
        lastError = BridgeRuntime.describe(e);
        if (e instanceof JetStreamApiException refused && Setup.gone(refused)) {
          runtime.setUpAgain();
        }
        LOG.log(System.Logger.Level.WARNING, "NATS import \"" + config.name() + "\" failed; it goes on", e);
        runtime.pause(retry);
        retry = retry.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
            ? Duration.ofSeconds(5) : retry.multipliedBy(2);
      }
    }
  }

  private void importWhileHeld(Lease first) throws Exception {
    Holding holding = new Holding(first);
    leaseHeld = true;
    JetStreamSubscription subscription = null;
    try {
      recallSettled(holding);
      rewindIfUnacknowledged();
      subscription =
          runtime.jetStream().subscribe(subject, PullSubscribeOptions.bind(settings.stream.name(), consumer));
      long retriesAt = 0;
      long consumerCheckedAt = System.nanoTime();
      while (!runtime.stopping() && holding.renewIfDue()) {
        if (System.nanoTime() - retriesAt > RETRIES_EVERY_NANOS) {
          retryRequested(holding);
          retriesAt = System.nanoTime();
        }
        // each message as it arrives, rather than the batch when it is full or the wait is over
        Iterator<Message> messages = subscription.iterate(config.batchSize(), fetchWait);
        long before = imported;
        boolean none = true;
        while (messages.hasNext()) {
          none = false;
          if (runtime.stopping() || !handle(messages.next(), holding)) {
            return; // the rest is not acknowledged: NATS delivers it again
          }
        }
        if (none && System.nanoTime() - consumerCheckedAt > CONSUMER_CHECK_EVERY_NANOS) {
          // throws JetStreamApiException if the consumer is gone: run() has it set up again
          pending = runtime.connection().jetStreamManagement().getConsumerInfo(settings.stream.name(), consumer)
              .getNumPending();
          consumerCheckedAt = System.nanoTime();
        }
        if (imported != before) {
          // the import's place in the local store, so that bus.durable().status() shows it at the
          // head rather than behind every event stored before it
          subscriptions.checkpoint(holding.lease, settings.store.head());
        }
      }
    } finally {
      leaseHeld = false;
      if (subscription != null) {
        try {
          subscription.unsubscribe();
        } catch (RuntimeException alreadyGone) {
          LOG.log(System.Logger.Level.DEBUG, "unsubscribing import " + config.name() + ": " + alreadyGone);
        }
      }
      if (runtime.stopping()) {
        try {
          subscriptions.release(holding.lease);
        } catch (RuntimeException | Error e) {
          LOG.log(System.Logger.Level.WARNING, "NATS import \"" + config.name() + "\" could not release its lease", e);
        }
      }
    }
  }

  /**
   * Learns from the local store what this import (or another import of this node) settled of each
   * origin: the imported events in its topics and the events it parked, by their {@link
   * NatsBridge#ORIGIN_CURSOR_HEADER}, or, parked as the message they came in, by the NATS headers
   * {@link NatsHeaders#ORIGIN}, {@link NatsHeaders#CURSOR} and {@link NatsHeaders#TOPIC}. It reads
   * them all, a page at a time, each time the lease is taken.
   */
  private void recallSettled(Holding holding) {
    settled.clear();
    waitingSince.clear();
    Cursor after = Cursor.START;
    while (!runtime.stopping()) {
      List<EventRecord> page = settings.store.read(EventQuery.all().topic(config.topics()).after(after).limit(500));
      if (page.isEmpty()) {
        break;
      }
      for (EventRecord record : page) {
        recall(record);
        after = record.cursor();
      }
      if (!holding.renewIfDue()) {
        return; // the loop that follows sees the lease lost
      }
    }
    for (ParkedEvent parked : subscriptions.parked(config.subscriptionName(), Integer.MAX_VALUE)) {
      recall(parked.record());
    }
  }

  private void recall(EventRecord record) {
    String origin = record.headers().get(NatsBridge.ORIGIN_HEADER);
    String cursor = record.headers().get(NatsBridge.ORIGIN_CURSOR_HEADER);
    String topic = record.topic();
    if (origin == null) { // a message parked as it came in (NatsHeaders#unreadable): the NATS header names
      origin = record.headers().get(NatsHeaders.ORIGIN);
      cursor = record.headers().get(NatsHeaders.CURSOR);
      topic = record.headers().get(NatsHeaders.TOPIC);
    }
    if (origin == null || cursor == null || topic == null) {
      return;
    }
    try {
      settled.computeIfAbsent(origin, o -> new Settled()).add(topic, Cursor.parse(cursor));
    } catch (IllegalArgumentException notACursor) {
      LOG.log(System.Logger.Level.DEBUG, "event " + record.eventId() + " has no origin cursor: " + cursor);
    }
  }

  /**
   * Makes the consumer deliver again, in stream order, from its first unacknowledged message, when
   * a holder before this one stopped (or died) with messages delivered and not acknowledged:
   * otherwise NATS would redeliver those only after their ack wait, after later messages, and the
   * events of an origin would be stored out of order. It recreates the consumer to start at the
   * sequence after its ack floor; messages after it that were acknowledged come again and are
   * skipped as duplicates by the store.
   */
  private void rewindIfUnacknowledged() throws IOException, JetStreamApiException {
    JetStreamManagement jsm = runtime.connection().jetStreamManagement();
    ConsumerInfo info = jsm.getConsumerInfo(settings.stream.name(), consumer);
    long ackFloor = info.getAckFloor().getStreamSequence();
    long delivered = info.getDelivered().getStreamSequence();
    ConsumerConfiguration reads = info.getConsumerConfiguration();
    fromStart = ackFloor == 0
        && (reads.getDeliverPolicy() == DeliverPolicy.All
            || (reads.getDeliverPolicy() == DeliverPolicy.ByStartSequence && reads.getStartSequence() <= 1));
    if (ackFloor >= delivered) {
      return;
    }
    ConsumerConfiguration rewound =
        ConsumerConfiguration.builder(info.getConsumerConfiguration())
            .deliverPolicy(DeliverPolicy.ByStartSequence)
            .startSequence(ackFloor + 1)
            .build();
    jsm.deleteConsumer(settings.stream.name(), consumer);
    jsm.addOrUpdateConsumer(settings.stream.name(), rewound);
    LOG.log(System.Logger.Level.INFO, "NATS import \"" + config.name() + "\" delivers again from stream"
        + " sequence " + (ackFloor + 1) + " (messages up to " + delivered + " were delivered and not all"
        + " acknowledged)");
  }

  /**
   * Imports, parks or skips one message, then acknowledges it. Whatever fails on the way (the
   * store, parking) is tried again in place, so that no later message overtakes it.
   *
   * @return false if it was not acknowledged because the bridge stops or the lease was lost
   */
  private boolean handle(Message message, Holding holding) {
    if (message.isJetStream()) {
      pending = message.metaData().pendingCount();
    }
    if (!holding.renewIfDue()) { // per message, not per batch: a slow batch keeps the lease fresh
      return false;
    }
    Duration pause = Duration.ofMillis(100);
    while (true) {
      try {
        if (settle(message, holding)) {
          message.ack();
        }
        return true;
      } catch (LeaseLostException lost) {
        lastError = BridgeRuntime.describe(lost);
        return false;
      } catch (RuntimeException | Error failed) { // an Error too: the message is kept and tried again
        lastError = BridgeRuntime.describe(failed);
        if (settings.bus.isClosed()) {
          return false;
        }
        LOG.log(System.Logger.Level.WARNING, "NATS import \"" + config.name() + "\" could not import "
            + message.getSubject() + "; it tries again in " + pause, failed);
        message.inProgress();
        if (!runtime.pause(pause) || !holding.renewIfDue()) {
          return false;
        }
        pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
            ? Duration.ofSeconds(5) : pause.multipliedBy(2);
      }
    }
  }

  /**
   * Stores, parks or skips {@code message}, or sends it back to wait for an earlier event of its
   * origin; throws what should make it be tried again.
   *
   * @return true if it is settled (to acknowledge), false if NATS delivers it again later
   */
  private boolean settle(Message message, Holding holding) {
    EventRecord record;
    try {
      record = NatsHeaders.record(message);
      if (settings.nodeId.equals(NatsHeaders.origin(message))) {
        if (storedHere(record)) {
          ownEvents++;
          return true;
        }
        park(holding, message, record, "event " + record.eventId() + " on " + record.topic() + " names this node, \""
            + settings.nodeId + "\", as its origin, but this node's store does not hold it: another"
            + " bridge uses node id \"" + settings.nodeId + "\" with another store (node ids must be unique;"
            + " two such bridges also share each import's consumer and split its messages)");
        return true;
      }
    } catch (IllegalArgumentException unreadable) { // this node's relay writes none: parked too
      long sequence = message.isJetStream() ? message.metaData().streamSequence() : 0;
      park(holding, NatsHeaders.unreadable(message, settings.stream.name(), sequence),
          "message " + sequence + " on " + message.getSubject() + " is not an event a bridge exported: "
              + unreadable.getMessage(), 1, null);
      settledInOrder(message);
      return true;
    }
    String origin = record.headers().get(NatsBridge.ORIGIN_HEADER);
    Cursor cursor = NatsHeaders.cursor(message, NatsHeaders.CURSOR);
    if (waitsForEarlier(message, origin, record.topic(), cursor)) {
      message.nakWithDelay(ORDER_RETRY);
      return false;
    }
    Optional<CompletionStage<PublishResult>> delivered;
    try {
      delivered = settings.bus.receive(record);
    } catch (IllegalArgumentException notAnEvent) {
      park(holding, message, record, Relay.stackTrace(notAnEvent));
      settledInOrder(message);
      return true;
    }
    if (delivered.isPresent()) {
      imported++;
    } else {
      duplicates++;
    }
    settledInOrder(message);
    return true;
  }

  /**
   * Whether this node's store holds {@code record}, a message that names this node as its origin:
   * found by its correlation id (indexed), timestamp and topic.
   */
  private boolean storedHere(EventRecord record) {
    List<EventRecord> candidates = settings.store.read(EventQuery.all()
        .correlation(record.correlationId())
        .from(record.timestamp().minusMillis(1)) // whatever precision the store keeps
        .until(record.timestamp().plusMillis(1))
        .topic(record.topic()));
    for (EventRecord candidate : candidates) {
      if (candidate.eventId().equals(record.eventId())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Records that {@code message} (imported, a duplicate or parked) has its place in its origin's
   * order, so that the next message, which names its cursor as the one before it, does not wait
   * for it: a parked one never comes again.
   */
  private void settledInOrder(Message message) {
    String origin = NatsHeaders.origin(message);
    String topic = message.getHeaders() == null ? null : message.getHeaders().getFirst(NatsHeaders.TOPIC);
    Cursor cursor = NatsHeaders.cursor(message, NatsHeaders.CURSOR);
    if (origin != null && topic != null && cursor != null) {
      settled.computeIfAbsent(origin, o -> new Settled()).add(topic, cursor);
    }
  }

  /**
   * Whether {@code message} must wait: its origin's relay published an event before it, on its
   * topic or on a topic this import covers, that this import has not settled yet, though it settled
   * an earlier one, or settled nothing of that origin (or topic) while that one must still come
   * ({@link #streamWhole}); a message lost with a connection was published again after later ones. It
   * waits up to {@link #ORDER_WAIT}, and never on its last delivery, then is imported out of
   * order, with a warning.
   */
  private boolean waitsForEarlier(Message message, String origin, String topic, Cursor cursor) {
    Settled known = settled.get(origin);
    // an origin never seen is told from one forgotten only while none was forgotten
    Cursor previous = cursor == null || (known == null && settled.forgotSome()) ? null
        : (known == null ? Settled.NOTHING : known).missing(message, topic, config.topics(), this::streamWhole);
    if (previous == null) {
      waitingSince.remove(origin);
      return false;
    }
    String chain = origin + " " + topic;
    long now = System.nanoTime();
    long since = waitingSince.computeIfAbsent(origin, c -> now);
    boolean lastDelivery = config.maxDeliver() != -1 && message.isJetStream()
        && message.metaData().deliveredCount() >= config.maxDeliver();
    if (now - since < ORDER_WAIT.toNanos() && !lastDelivery) {
      return true;
    }
    waitingSince.remove(origin);
    LOG.log(System.Logger.Level.WARNING, "NATS import \"" + config.name() + "\" imports the event at "
        + cursor + " of " + chain + " out of order: the one at " + previous + " before it has not come"
        + (lastDelivery ? " and this is its last delivery" : " within " + ORDER_WAIT));
    return false;
  }

  /**
   * Whether an event a message names as the one before it, that this import has never seen, is
   * still to come: this holding reads the consumer from the stream's start with nothing
   * acknowledged before ({@link #fromStart}), and the stream still holds every message it ever
   * had (its first sequence is 1 and none was deleted), so the event cannot have aged out, been
   * purged or deleted, or been acknowledged by an earlier holding into another store. Asked only
   * for such a message; a stream that lost a message is asked once. If NATS cannot tell, false:
   * the message is imported without waiting.
   */
  private boolean streamWhole() {
    if (!fromStart || !streamMayBeWhole) {
      return false;
    }
    try {
      StreamState state = runtime.connection().jetStreamManagement().getStreamInfo(settings.stream.name())
          .getStreamState();
      streamMayBeWhole = state.getFirstSequence() <= 1 && state.getDeletedCount() == 0;
      return streamMayBeWhole;
    } catch (IOException | JetStreamApiException | RuntimeException cannotTell) {
      return false;
    }
  }

  /**
   * Parks {@code record}, read from {@code message}; if the store refuses to keep it (a topic,
   * header or timestamp it cannot store, which is often why it was not imported), parks the message
   * as it came instead ({@link NatsHeaders#unreadable}), so that it never holds up the messages
   * after it.
   */
  private void park(Holding holding, Message message, EventRecord record, String error) {
    try {
      park(holding, record, error, 1, null);
    } catch (IllegalArgumentException refused) {
      long sequence = message.isJetStream() ? message.metaData().streamSequence() : 0;
      park(holding, NatsHeaders.unreadable(message, settings.stream.name(), sequence),
          error + "\n(parked as the NATS message it came in, since the store refused the event: "
              + refused.getMessage() + ")", 1, null);
    }
  }

  private void park(Holding holding, EventRecord record, String error, int attempts, Instant firstFailedAt) {
    Instant now = Instant.now();
    subscriptions.park(
        holding.lease,
        new ParkedEvent(config.subscriptionName(), record, error, attempts,
            firstFailedAt == null ? now : firstFailedAt, now, ParkedEvent.Status.PARKED));
    LOG.log(System.Logger.Level.WARNING, "NATS import \"" + config.name() + "\" parked event "
        + record.eventId() + ": " + firstLine(error));
  }

  /** Imports again the parked messages someone asked to retry; parks again those that still fail. */
  private void retryRequested(Holding holding) {
    for (ParkedEvent parked : subscriptions.retryRequested(holding.lease, 100)) {
      try {
        settings.bus.receive(parked.record());
        subscriptions.resolved(holding.lease, parked.record().eventId());
      } catch (IllegalArgumentException stillNotAnEvent) {
        park(holding, parked.record(), Relay.stackTrace(stillNotAnEvent), parked.attempts() + 1, parked.firstFailedAt());
      }
    }
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }

  /** What an import settled of one origin: the latest cursor, overall and per topic. */
  private static final class Settled {
    /** Of an origin this import has settled nothing of; never added to. */
    static final Settled NOTHING = new Settled();

    private Cursor last;
    private final Topics.Recent<Cursor> byTopic = Topics.recent();

    void add(String topic, Cursor cursor) {
      if (last == null || cursor.isAfter(last)) {
        last = cursor;
      }
      byTopic.merge(topic, cursor, (a, b) -> a.isAfter(b) ? a : b);
    }

    /**
     * The event {@code message} names as its predecessor (on its topic, on any topic {@code
     * pattern} covers, or, when {@code pattern} is {@code <prefix>.>}, under that prefix) that was
     * not settled though an earlier one was, or, if nothing was settled there, when {@code
     * streamWhole} says the stream still holds every message since its start; or {@code null}.
     */
    Cursor missing(Message message, String topic, String pattern, BooleanSupplier streamWhole) {
      Cursor previous = NatsHeaders.cursor(message, NatsHeaders.PREVIOUS_CURSOR);
      Cursor onTopic = byTopic.get(topic);
      if (previous != null && (onTopic != null ? previous.isAfter(onTopic)
          : !byTopic.forgotSome() && streamWhole.getAsBoolean())) {
        return previous;
      }
      Cursor previousOfOrigin = NatsHeaders.cursor(message, NatsHeaders.ORIGIN_PREVIOUS_CURSOR);
      String previousTopic = message.getHeaders().getFirst(NatsHeaders.ORIGIN_PREVIOUS_TOPIC);
      if (previousOfOrigin != null && previousTopic != null && NatsNames.covers(pattern, previousTopic)
          && (last != null ? previousOfOrigin.isAfter(last) : streamWhole.getAsBoolean())) {
        return previousOfOrigin;
      }
      // an import of <prefix>.> settles only events under its prefix: the one before under it
      Cursor previousUnderPrefix = NatsHeaders.prefixPrevious(message, Topics.prefixDepth(pattern));
      if (previousUnderPrefix != null
          && (last != null ? previousUnderPrefix.isAfter(last) : streamWhole.getAsBoolean())) {
        return previousUnderPrefix;
      }
      return null;
    }
  }

  /** The lease of the import while held, renewed every third of its timeout. */
  private final class Holding {
    Lease lease;
    long renewedAt = System.nanoTime();

    Holding(Lease lease) {
      this.lease = lease;
    }

    boolean renewIfDue() {
      long now = System.nanoTime();
      if (now - renewedAt < settings.leaseTimeout.toNanos() / 3) {
        return true;
      }
      Optional<Lease> renewed = subscriptions.renew(lease, settings.leaseTimeout);
      if (renewed.isEmpty()) {
        lastError = BridgeRuntime.describe(new LeaseLostException("import " + config.name() + "'s lease was taken over"));
        return false;
      }
      lease = renewed.get();
      renewedAt = now;
      return true;
    }
  }

  NatsImportStatus status() {
    long parked;
    try {
      parked = 0;
      for (SubscriptionState state : subscriptions.states()) {
        if (state.subscription().equals(config.subscriptionName())) {
          parked = state.parked();
        }
      }
    } catch (RuntimeException storeDown) {
      parked = -1;
    }
    return new NatsImportStatus(
        config.name(), consumer, subject, leaseHeld, pending, imported, duplicates, ownEvents, parked,
        Optional.ofNullable(lastError));
  }
}
