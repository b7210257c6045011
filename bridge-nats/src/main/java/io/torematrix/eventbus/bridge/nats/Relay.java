package io.torematrix.eventbus.bridge.nats;

import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.LeaseLostException;
import io.torematrix.eventbus.annotation.DurableStart;
import io.torematrix.eventbus.annotation.TopicSyntax;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.Lease;
import io.torematrix.eventbus.spi.ParkedEvent;
import io.torematrix.eventbus.spi.SubscriptionState;
import io.torematrix.eventbus.spi.SubscriptionStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The relay: reads the store after its checkpoint and publishes the exported events to JetStream,
 * asynchronously, with at most {@code maxOutstandingAcks} unacknowledged.
 *
 * <p>It keeps, in store order, every record read since the checkpoint that is not settled yet:
 * published ones with their pending acknowledgement, and the ones it passes over (not exported)
 * or parked. The acknowledged cursor moves over the head of that window while the head is settled:
 * so it never passes an event whose {@code PublishAck} has not arrived. Any failure (an error
 * reply, no acknowledgement within the publish timeout, a publish refused by a lost connection)
 * drops the window and reads again from the acknowledged cursor: what JetStream had already it
 * drops as a duplicate (same message id within the stream's duplicate window).
 *
 * <p>A lost connection is not a failure: while it is down nothing is published, and once it is
 * back (a new {@link BridgeRuntime#epoch()}, or the relay saw it down) the relay drops the window
 * and publishes again, in store order, everything after the acknowledged cursor before anything
 * new, since any of it may have been lost with the connection. jnats's reconnect buffer is off, so
 * nothing published while disconnected is sent later behind the relay's back. What jnats had
 * queued before the loss and not written yet it still sends after reconnecting, ahead of what the
 * relay sends again: the headers each message carries (its topic's previous event and its origin's
 * previous event) let an import wait for an earlier event that such a message overtook.
 *
 * <p>It is a durable subscription of the store, with a lease and a checkpoint saved at most every
 * second and when it stops. It runs on its own thread; the figures it shows are volatile.
 */
final class Relay implements Runnable {
  private static final System.Logger LOG = System.getLogger("io.torematrix.eventbus.bridge.nats");
  private static final int PAGE = 500;
  /**
   * How many acknowledgements wake a relay whose window is full, at most: it then publishes as
   * many at once, and jnats writes them together.
   */
  private static final int ACK_BATCH = 32;
  /** How many topics' subjects, prefixes and constant headers the relay keeps at most. */
  private static final int TOPICS_KEPT = 1024;
  private static final long SAVE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** How often the relay looks whether the connection is back. */
  private static final Duration DOWN_POLL = Duration.ofMillis(20);

  private final Settings settings;
  private final BridgeRuntime runtime;
  private final SubscriptionStore subscriptions;
  /** The one pattern pushed down to the store, or {@code null} when there are several. */
  private final String pushedDown;

  /** Set by this bus's appends, by acknowledgements and by the bridge's close. */
  private final Wakeup wakeup = new Wakeup();

  private volatile boolean leaseHeld;
  private volatile Cursor acknowledged = Cursor.START;
  private volatile int outstanding;
  private volatile long published;
  private volatile long resent;
  private volatile String lastError;

  Relay(Settings settings, BridgeRuntime runtime) {
    this.settings = settings;
    this.runtime = runtime;
    this.subscriptions = settings.store.subscriptions();
    this.pushedDown = settings.exports.size() == 1 ? settings.exports.get(0) : null;
  }

  /** Wakes the relay: an event was stored on this bus, or the bridge stops. Any thread. */
  void wake() {
    wakeup.set();
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
            subscriptions.acquire(settings.relayName, settings.owner, settings.leaseTimeout, initial());
        if (lease.isEmpty()) {
          runtime.pause(settings.leaseTimeout.dividedBy(5));
          continue;
        }
        relay(lease.get());
        retry = Duration.ofMillis(100);
      } catch (NatsBridgeException setupRefused) {
        lastError = BridgeRuntime.describe(setupRefused);
        return;
      } catch (Throwable e) { // an Error too: reported, and the relay goes on from its checkpoint
        lastError = BridgeRuntime.describe(e);
        LOG.log(System.Logger.Level.WARNING, "the NATS relay failed; it goes on from its checkpoint", e);
        runtime.pause(retry);
        retry = min(retry.multipliedBy(2), Duration.ofSeconds(5));
      }
    }
  }

  private Cursor initial() {
    return settings.exportStart == DurableStart.HEAD ? settings.store.head() : Cursor.START;
  }

  /** Relays while holding {@code lease}; saves the checkpoint and releases the lease on the way out. */
  private void relay(Lease lease) {
    Session session = new Session(lease);
    leaseHeld = true;
    acknowledged = lease.checkpoint();
    try {
      session.run();
    } finally {
      leaseHeld = false;
      outstanding = 0;
      session.finish();
    }
  }

  /** One holding of the lease. */
  private final class Session {
    private Lease lease;
    private final ArrayDeque<Entry> window = new ArrayDeque<>();
    /**
     * Records read from the store after the window and not published yet, in store order: a page
     * is read whole (one query) and published as the bound on acknowledgements outstanding lets.
     */
    private final ArrayDeque<EventRecord> readAhead = new ArrayDeque<>();
    /**
     * The head to pass over to once {@link #readAhead} is published (see {@link #fill}), or
     * {@code null}.
     */
    private Cursor passTo;
    /** The cursor of the last record read into {@link #readAhead}, or passed over to. */
    private Cursor read;
    private Cursor saved;
    private int inFlight;
    private long renewedAt = System.nanoTime();
    private long savedAt = System.nanoTime();
    private Duration failurePause = Duration.ofMillis(100);
    /**
     * Per topic, and per prefix pattern {@code <prefix>.>} of the topics ({@link
     * Topics#prefixPatterns}), the cursor of the last event published on it (the most recent).
     */
    private Map<String, Cursor> lastPublished = Topics.recent();
    /** As {@link #lastPublished}, of the events acknowledged. */
    private final Map<String, Cursor> lastAcknowledged = Topics.recent();
    /** Per exported topic, the last one made for an event on it; at most {@value #TOPICS_KEPT}. */
    private final Map<String, ExportedTopic> exportedTopics = new HashMap<>();
    /** Writes the timestamp header of each event. */
    private final Timestamps timestamps = new Timestamps();
    /** Per topic seen, whether an export pattern covers it; at most {@value #TOPICS_KEPT}. */
    private final Map<String, Boolean> exportedOrNot = new HashMap<>();
    /** The last event published, on any topic, or {@code null}. */
    private Entry lastPublishedAny;
    /** The last event acknowledged, on any topic, or {@code null}. */
    private Entry lastAcknowledgedAny;
    /** The connection epoch in which the window was published. */
    private long epoch = runtime.epoch();
    /** Whether the connection was seen down since the window was published. */
    private boolean sawDown;

    Session(Lease lease) {
      this.lease = lease;
      this.read = lease.checkpoint();
      this.saved = lease.checkpoint();
    }

    void run() {
      while (!runtime.stopping()) {
        if (!renewIfDue()) {
          return;
        }
        if (lostConnection()) {
          continue;
        }
        if (!runtime.ready()) { // the stream was gone: it is set up again first
          runtime.pause(DOWN_POLL);
          continue;
        }
        wakeup.take(); // what is stored or acknowledged from now on wakes the wait below
        String failure = settle();
        if (failure != null) {
          resend(failure);
          continue;
        }
        saveIfDue(false);
        boolean movedOn = window.size() < settings.maxOutstandingAcks && fill();
        if (!movedOn) {
          awaitProgress();
        }
      }
    }

    /**
     * Whether the connection is down, or came back since the window was published: then nothing
     * new is published; once it is back, the window is dropped and read again from the
     * acknowledged cursor, so that what the loss took is sent again before anything after it.
     *
     * @return true if the loop should look again (after a pause while the connection is down)
     */
    private boolean lostConnection() {
      long now = runtime.epoch();
      if (!runtime.connected()) {
        sawDown = true;
        runtime.pause(DOWN_POLL);
        return true;
      }
      if (now == epoch && !sawDown) {
        return false;
      }
      epoch = now;
      sawDown = false;
      settle(); // what was acknowledged before the loss is not sent again; the rest all is
      if (inFlight > 0) {
        LOG.log(System.Logger.Level.INFO, "the NATS connection was lost: the relay publishes again, in order,"
            + " the " + inFlight + " events after " + acknowledged + " not acknowledged");
      }
      restart();
      return true;
    }

    private boolean renewIfDue() {
      long now = System.nanoTime();
      if (now - renewedAt < settings.leaseTimeout.toNanos() / 3) {
        return true;
      }
      Optional<Lease> renewed = subscriptions.renew(lease, settings.leaseTimeout);
      if (renewed.isEmpty()) {
        lastError = BridgeRuntime.describe(new LeaseLostException("the relay's lease was taken over"));
        window.clear();
        readAhead.clear();
        passTo = null;
        return false;
      }
      lease = renewed.get();
      renewedAt = now;
      return true;
    }

    /**
     * Moves the acknowledged cursor over the settled head of the window.
     *
     * @return why the relay must send again, or {@code null}
     */
    private String settle() {
      long now = System.nanoTime();
      while (!window.isEmpty()) {
        Entry head = window.peekFirst();
        if (head.ack != null) {
          if (!head.ack.isDone()) {
            outstanding = inFlight;
            return now - head.sentAt > settings.publishTimeout.toNanos()
                ? "no acknowledgement of event " + head.eventId + " within " + settings.publishTimeout
                : null;
          }
          try {
            head.ack.get();
          } catch (ExecutionException e) {
            return "publishing event " + head.eventId + " failed: " + e.getCause();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
          }
          inFlight--;
          published++;
          lastAcknowledged.put(head.topic, head.cursor);
          for (String prefix : Topics.prefixPatterns(head.topic)) {
            lastAcknowledged.put(prefix, head.cursor);
          }
          lastAcknowledgedAny = head;
        }
        window.pollFirst();
        acknowledged = head.cursor;
      }
      outstanding = inFlight;
      return null;
    }

    /**
     * Publishes what was read ahead while the window has room, reading the next page after {@link
     * #read} when nothing is left; false if it neither read nor published anything.
     *
     * <p>A page is read whole, {@value #PAGE} records in one query, whatever room the window has:
     * the records wait in {@link #readAhead} for room, so that a window refilled one
     * acknowledgement at a time does not query the store for each.
     *
     * <p>With its one pattern pushed down to the store, the read skips the events on other topics
     * (the imported ones, say): when, with every event read before settled, it returns less than
     * a full page, the relay passes over every event up to the head it saw before reading, so
     * that its checkpoint, and the lag measured from it, does not stay behind events it will never
     * export.
     */
    private boolean fill() {
      boolean movedOn = false;
      if (readAhead.isEmpty() && passTo == null) {
        EventQuery query = EventQuery.all().after(read).limit(PAGE);
        // seen before the read, so all of it is readable by then; only once caught up (an empty
        // window), so that a relay busy publishing does not read the head for each page
        Cursor head = pushedDown == null || !window.isEmpty() ? null : settings.store.head();
        List<EventRecord> page = settings.store.read(pushedDown == null ? query : query.topic(pushedDown));
        readAhead.addAll(page);
        if (!page.isEmpty()) {
          read = page.get(page.size() - 1).cursor();
          movedOn = true;
        }
        if (head != null && page.size() < PAGE && head.isAfter(read)) {
          passTo = head;
          read = head;
        }
      }
      while (window.size() < settings.maxOutstandingAcks && !readAhead.isEmpty()) {
        window.addLast(entry(readAhead.pollFirst()));
        movedOn = true;
      }
      if (readAhead.isEmpty() && passTo != null && window.size() < settings.maxOutstandingAcks) {
        window.addLast(new Entry(passTo));
        passTo = null;
        movedOn = true;
      }
      outstanding = inFlight;
      return movedOn;
    }

    private Entry entry(EventRecord record) {
      if (!onExportedTopic(record)) {
        return new Entry(record, null, 0);
      }
      String origin = record.headers().get(NatsBridge.ORIGIN_HEADER);
      if (origin != null && !origin.equals(settings.nodeId)) {
        if (!record.headers().containsKey(NatsBridge.ORIGIN_CURSOR_HEADER)) {
          park(record, "event " + record.eventId() + " on topic \"" + record.topic() + "\" cannot be exported:"
              + " it carries header " + NatsBridge.ORIGIN_HEADER + " = \"" + origin + "\", which the NATS bridge"
              + " sets on the events it imports, but not " + NatsBridge.ORIGIN_CURSOR_HEADER + ", so no bridge"
              + " imported it; publish it without that header");
        }
        return new Entry(record, null, 0); // imported: its origin exported it
      }
      String problem = TopicSyntax.problem(record.topic(), false);
      if (problem != null) {
        park(record, "the topic \"" + record.topic() + "\" of event " + record.eventId()
            + " cannot be exported: " + problem + "; a NATS subject to publish to cannot hold a wildcard");
        return new Entry(record, null, 0);
      }
      Headers headers;
      ExportedTopic topic;
      try {
        topic = exportedTopic(record);
      } catch (IllegalArgumentException notAHeader) { // a type name outside printable ASCII, say
        park(record, "event " + record.eventId() + " cannot be exported: its context cannot be NATS"
            + " headers: " + notAHeader.getMessage());
        return new Entry(record, null, 0);
      }
      List<String> prefixes = topic.prefixes;
      List<Cursor> previousByPrefix = new ArrayList<>(prefixes.size());
      for (String prefix : prefixes) {
        previousByPrefix.add(lastPublished.get(prefix));
      }
      try {
        headers = NatsHeaders.write(topic.headers, timestamps, record, lastPublished.get(record.topic()),
            lastPublishedAny == null ? null : lastPublishedAny.cursor,
            lastPublishedAny == null ? null : lastPublishedAny.topic, previousByPrefix);
      } catch (IllegalArgumentException notAHeader) { // a type name outside printable ASCII, say
        park(record, "event " + record.eventId() + " cannot be exported: its context cannot be NATS"
            + " headers: " + notAHeader.getMessage());
        return new Entry(record, null, 0);
      }
      long size = (long) headers.serializedLength() + record.payload().length;
      long limit = runtime.maxMessageBytes();
      if (limit > 0 && size > limit) {
        runtime.checkStream(); // the stream's max_msg_size may have been raised since it was read
        limit = runtime.maxMessageBytes();
      }
      if (limit > 0 && size > limit) {
        park(record, "event " + record.eventId() + " on topic \"" + record.topic() + "\" cannot be exported:"
            + " its headers and payload take " + size + " bytes, over " + runtime.describeMaxMessage(limit));
        return new Entry(record, null, 0);
      }
      CompletableFuture<PublishAck> ack;
      try {
        // no PublishOptions: the headers carry the message id and the expected stream, and
        // options would have jnats copy every header again; no NatsMessage either: jnats makes
        // the message it sends from the subject, headers and body, and building one first
        // would lay out its protocol line for nothing
        ack = runtime.jetStream().publishAsync(topic.subject, headers, record.payload());
      } catch (RuntimeException refused) { // not connected, say: sent again once it is
        ack = CompletableFuture.failedFuture(refused);
        sawDown |= !runtime.connected();
      }
      ack.whenComplete((done, failed) -> {
        if (failed == null) {
          wakeup.acknowledged();
        } else {
          wakeup.set();
        }
      });
      inFlight++;
      lastPublished.put(record.topic(), record.cursor());
      for (String prefix : prefixes) {
        lastPublished.put(prefix, record.cursor());
      }
      Entry entry = new Entry(record, ack, System.nanoTime());
      lastPublishedAny = entry;
      return entry;
    }

    /**
     * What {@code record}'s topic and type make the same for each of its events, made once per
     * topic and type (and again when more than {@value #TOPICS_KEPT} topics were seen).
     *
     * @throws IllegalArgumentException if its type, topic or the node id cannot be a NATS header
     */
    private ExportedTopic exportedTopic(EventRecord record) {
      ExportedTopic topic = exportedTopics.get(record.topic());
      if (topic == null || !topic.type.equals(record.typeName()) || topic.typeVersion != record.typeVersion()) {
        if (exportedTopics.size() >= TOPICS_KEPT) {
          exportedTopics.clear();
        }
        topic = new ExportedTopic(settings.subject(record.topic()), Topics.prefixPatterns(record.topic()),
            record.typeName(), record.typeVersion(),
            NatsHeaders.constant(record, settings.nodeId, settings.stream.name()));
        exportedTopics.put(record.topic(), topic);
      }
      return topic;
    }

    /**
     * Whether {@code record} is on an exported topic. Of those, the relay passes over the ones a
     * bridge imported (they carry {@link NatsBridge#ORIGIN_HEADER} naming another node and {@link
     * NatsBridge#ORIGIN_CURSOR_HEADER}; the store does not tell how an event came in) and parks a
     * local one that carries the origin header alone, set by hand, rather than drop it silently.
     */
    private boolean onExportedTopic(EventRecord record) {
      Boolean exported = exportedOrNot.get(record.topic());
      if (exported == null) {
        exported = false;
        for (String pattern : settings.exports) {
          if (NatsNames.covers(pattern, record.topic())) {
            exported = true;
            break;
          }
        }
        if (exportedOrNot.size() >= TOPICS_KEPT) {
          exportedOrNot.clear();
        }
        exportedOrNot.put(record.topic(), exported);
      }
      return exported;
    }

    private void park(EventRecord record, String error) {
      Instant now = Instant.now();
      subscriptions.park(
          lease,
          new ParkedEvent(settings.relayName, record, error, 1, now, now, ParkedEvent.Status.PARKED));
      LOG.log(System.Logger.Level.WARNING, error + "; parked under " + settings.relayName);
    }

    /**
     * Waits until an event is stored on this bus or an acknowledgement arrives, at most a poll
     * interval (events other processes append to the store are found by this poll), no longer
     * than the head's acknowledgement may take and not past the renewal of the lease. With the
     * window full, an acknowledgement wakes it only with a batch of others ({@link
     * #acksToWaitFor}); a failed publish wakes it at once.
     */
    private void awaitProgress() {
      long wait = Math.min(settings.pollInterval.toNanos(),
          renewedAt + settings.leaseTimeout.toNanos() / 3 - System.nanoTime());
      Entry head = window.peekFirst();
      if (head != null && head.ack != null) {
        wait = Math.min(wait, settings.publishTimeout.toNanos() - (System.nanoTime() - head.sentAt));
      }
      wakeup.await(Math.max(0, wait), window.size() < settings.maxOutstandingAcks ? 1 : acksToWaitFor());
    }

    /**
     * With the window full: {@value #ACK_BATCH} acknowledgements, or as many as are pending if
     * fewer, at least 1, so that the last pending one (the head's, say) still wakes the relay.
     */
    private int acksToWaitFor() {
      int pending = 0;
      for (Entry entry : window) {
        if (entry.ack != null && !entry.ack.isDone() && ++pending == ACK_BATCH) {
          break;
        }
      }
      return Math.max(1, pending);
    }

    /** Drops the window and reads again after the acknowledged cursor, after a pause. */
    private void resend(String failure) {
      lastError = Instant.now() + " " + failure;
      LOG.log(System.Logger.Level.WARNING, "the NATS relay sends again after " + acknowledged + ": " + failure);
      restart();
      runtime.checkStream(); // a stream lost (in memory storage when NATS restarted, say) is set up again
      runtime.pause(failurePause);
      failurePause = min(failurePause.multipliedBy(2), Duration.ofSeconds(5));
    }

    /** Drops the window: the next read is after the acknowledged cursor. */
    private void restart() {
      resent += inFlight;
      window.clear();
      readAhead.clear();
      passTo = null;
      inFlight = 0;
      outstanding = 0;
      read = acknowledged;
      lastPublished = Topics.recent();
      lastPublished.putAll(lastAcknowledged);
      lastPublishedAny = lastAcknowledgedAny;
    }

    private void saveIfDue(boolean now) {
      if (!acknowledged.isAfter(saved)) {
        return; // the pause after a failure is reset by progress only, not by the empty window a resend leaves
      }
      if (now || System.nanoTime() - savedAt > SAVE_EVERY_NANOS || window.isEmpty()) {
        Cursor cursor = acknowledged;
        subscriptions.checkpoint(lease, cursor);
        saved = cursor;
        savedAt = System.nanoTime();
        failurePause = Duration.ofMillis(100);
      }
    }

    /** Saves what was acknowledged and releases the lease when the bridge stops. */
    void finish() {
      try {
        long deadline = System.nanoTime() + Math.min(settings.publishTimeout.toNanos(), TimeUnit.SECONDS.toNanos(2));
        while (true) {
          wakeup.take();
          long left = deadline - System.nanoTime();
          if (settle() != null || inFlight == 0 || left <= 0) {
            break;
          }
          wakeup.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
        saveIfDue(true);
      } catch (RuntimeException | Error e) {
        lastError = BridgeRuntime.describe(e);
        LOG.log(System.Logger.Level.WARNING, "the NATS relay could not save its checkpoint " + acknowledged
            + "; it resends from the last saved one", e);
      }
      if (runtime.stopping()) {
        try {
          subscriptions.release(lease);
        } catch (RuntimeException | Error e) {
          LOG.log(System.Logger.Level.WARNING, "the NATS relay could not release its lease; it lapses", e);
        }
      }
    }
  }

  /**
   * What the relay sends the same for each event of one type and type version on one topic: the
   * subject, the topic's prefix patterns ({@link Topics#prefixPatterns}) and the headers of {@link
   * NatsHeaders#constant}, to which {@link NatsHeaders#write} writes those of each event in turn
   * (the relay publishes one event at a time, and jnats copies them as it does).
   */
  private static final class ExportedTopic {
    final String subject;
    final List<String> prefixes;
    final String type;
    final int typeVersion;
    final Headers headers;

    ExportedTopic(String subject, List<String> prefixes, String type, int typeVersion, Headers constant) {
      this.subject = subject;
      this.prefixes = prefixes;
      this.type = type;
      this.typeVersion = typeVersion;
      this.headers = constant;
    }
  }

  /**
   * A record read: published with its acknowledgement pending, or passed over ({@code ack} null);
   * or the head the relay passes over to ({@code eventId} and {@code topic} null too).
   */
  private static final class Entry {
    final Cursor cursor;
    final UUID eventId;
    final String topic;
    final CompletableFuture<PublishAck> ack;
    final long sentAt;

    /** Passes over everything up to {@code cursor}: no event on an exported topic is there. */
    Entry(Cursor cursor) {
      this.cursor = cursor;
      this.eventId = null;
      this.topic = null;
      this.ack = null;
      this.sentAt = 0;
    }

    Entry(EventRecord record, CompletableFuture<PublishAck> ack, long sentAt) {
      this.cursor = record.cursor();
      this.eventId = record.eventId();
      this.topic = record.topic();
      this.ack = ack;
      this.sentAt = sentAt;
    }
  }

  NatsRelayStatus status() {
    boolean exporting = !settings.exports.isEmpty();
    boolean held = leaseHeld;
    Cursor at = acknowledged;
    long lag = 0;
    long parked = 0;
    if (exporting) {
      try {
        lag = held ? Math.max(0, settings.store.head().position() - at.position()) : 0;
        for (SubscriptionState state : subscriptions.states()) {
          if (state.subscription().equals(settings.relayName)) {
            parked = state.parked();
          }
        }
      } catch (RuntimeException storeDown) {
        lag = -1;
        parked = -1;
      }
    }
    return new NatsRelayStatus(
        settings.relayName, exporting, held, at, lag, outstanding, published, resent, parked,
        Optional.ofNullable(lastError));
  }

  static String stackTrace(Throwable failure) {
    StringWriter text = new StringWriter();
    failure.printStackTrace(new PrintWriter(text));
    return text.toString();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
