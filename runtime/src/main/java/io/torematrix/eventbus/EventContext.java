package io.torematrix.eventbus;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The metadata of one published event: its id, when and on which topic it was published, its
 * type's stable name and version, and the correlation and causation ids that tie it to the events
 * around it. Handlers receive it by declaring it as their second parameter; middleware and stores
 * see it too.
 *
 * <p>An event published while a handler runs on the same thread inherits that handler's
 * correlation id and takes the handled event's id as its causation id; any other event starts a
 * new correlation whose id is its own event id.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class EventContext {
  private final UUID eventId;
  private final Instant timestamp;
  private final String topic;
  private final String typeName;
  private final int typeVersion;
  private final UUID correlationId;
  private final UUID causationId;
  private final Map<String, String> headers;
  private final String replyTo;
  private final boolean replay;
  private final int attempt;
  private final boolean catchingUp;

  private EventContext(
      UUID eventId,
      Instant timestamp,
      String topic,
      String typeName,
      int typeVersion,
      UUID correlationId,
      UUID causationId,
      Map<String, String> headers,
      String replyTo,
      boolean replay,
      int attempt,
      boolean catchingUp) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempts are numbered from 1, not " + attempt);
    }
    this.eventId = Objects.requireNonNull(eventId, "eventId");
    this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.typeName = Objects.requireNonNull(typeName, "typeName");
    this.typeVersion = typeVersion;
    this.correlationId = correlationId == null ? eventId : correlationId;
    this.causationId = causationId;
    this.headers = Map.copyOf(headers);
    this.replyTo = replyTo;
    this.replay = replay;
    this.attempt = attempt;
    this.catchingUp = catchingUp;
  }

  /**
   * Starts building a context: the bus makes one for each event it publishes, and stores for
   * each event they read; applications rarely need to.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the unique, time-ordered id of the event (a version 7 UUID)} */
  public UUID eventId() {
    return eventId;
  }

  /**
   * When the event was published, to about a millisecond: the bus reads a clock that its clock
   * thread refreshes every millisecond rather than the system clock, which would cost more than
   * the rest of a publish.
   *
   * @return the publication time
   */
  public Instant timestamp() {
    return timestamp;
  }

  /** {@return the topic the event was published on} */
  public String topic() {
    return topic;
  }

  /** {@return the stable name of the event's type, from {@code @Event(name)}} */
  public String typeName() {
    return typeName;
  }

  /** {@return the schema version of the event's type, from {@code @Event(version)}} */
  public int typeVersion() {
    return typeVersion;
  }

  /**
   * {@return the id shared by every event of one flow; an event that starts a flow uses its own id}
   */
  public UUID correlationId() {
    return correlationId;
  }

  /**
   * {@return the id of the event whose handler published this one, or empty for an event nobody
   * caused}
   */
  public Optional<UUID> causationId() {
    return Optional.ofNullable(causationId);
  }

  /** {@return free-form string headers carried and stored with the event; empty unless set} */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * The topic on which the publisher awaits a reply, set by {@code EventBus.request}; empty for
   * an event that expects none. Reply with {@code bus.reply(context, response)}.
   *
   * @return the reply topic, or empty
   */
  public Optional<String> replyTo() {
    return Optional.ofNullable(replyTo);
  }

  /**
   * {@return {@code true} when the event is being re-delivered from a store rather than published}
   */
  public boolean isReplay() {
    return replay;
  }

  /**
   * Which delivery of the event to this handler this is: 1 for the first. Only a durable
   * subscription delivers an event again, after a failed attempt ({@code RetryPolicy}) or when a
   * parked event is retried, where the count goes on from the attempts it was parked after. After
   * a crash, or when another process takes a durable subscription over, the events delivered
   * since its last saved checkpoint are delivered again counting from 1: the count is kept in
   * memory, not in the store, so a handler must be idempotent rather than rely on it.
   *
   * @return the delivery's number, 1 and up
   */
  public int attempt() {
    return attempt;
  }

  /**
   * {@code true} while a durable subscription delivers the events that were stored before it
   * started (or took its lease over), until it first reaches the head of the store; {@code false}
   * once it delivers events as they are published, and for every other delivery.
   *
   * @return whether the delivery is part of a durable subscription's catch-up
   */
  public boolean isCatchingUp() {
    return catchingUp;
  }

  /**
   * Returns a builder initialised with this context's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder()
        .eventId(eventId)
        .timestamp(timestamp)
        .topic(topic)
        .type(typeName, typeVersion)
        .correlationId(correlationId)
        .causationId(causationId)
        .headers(headers)
        .replyTo(replyTo)
        .replay(replay)
        .attempt(attempt)
        .catchingUp(catchingUp);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventContext other
        && eventId.equals(other.eventId)
        && timestamp.equals(other.timestamp)
        && topic.equals(other.topic)
        && typeName.equals(other.typeName)
        && typeVersion == other.typeVersion
        && correlationId.equals(other.correlationId)
        && Objects.equals(causationId, other.causationId)
        && headers.equals(other.headers)
        && Objects.equals(replyTo, other.replyTo)
        && replay == other.replay
        && attempt == other.attempt
        && catchingUp == other.catchingUp;
  }

  @Override
  public int hashCode() {
    return eventId.hashCode();
  }

  @Override
  public String toString() {
    return "EventContext[id="
        + eventId
        + ", type="
        + typeName
        + " v"
        + typeVersion
        + ", topic="
        + topic
        + ", timestamp="
        + timestamp
        + ", correlation="
        + correlationId
        + (causationId == null ? "" : ", causation=" + causationId)
        + (headers.isEmpty() ? "" : ", headers=" + headers)
        + (replyTo == null ? "" : ", replyTo=" + replyTo)
        + (replay ? ", replay" : "")
        + (attempt > 1 ? ", attempt " + attempt : "")
        + (catchingUp ? ", catching up" : "")
        + "]";
  }

  /** Builds an {@link EventContext}; every field but the ids of related events is required. */
  public static final class Builder {
    private UUID eventId;
    private Instant timestamp;
    private String topic;
    private String typeName;
    private int typeVersion = 1;
    private UUID correlationId;
    private UUID causationId;
    private Map<String, String> headers = Map.of();
    private String replyTo;
    private boolean replay;
    private int attempt = 1;
    private boolean catchingUp;

    private Builder() {}

    /**
     * Sets the event id.
     *
     * @param eventId the event's id
     * @return this builder
     */
    public Builder eventId(UUID eventId) {
      this.eventId = eventId;
      return this;
    }

    /**
     * Sets the publication time.
     *
     * @param timestamp the publication time
     * @return this builder
     */
    public Builder timestamp(Instant timestamp) {
      this.timestamp = timestamp;
      return this;
    }

    /**
     * Sets the topic.
     *
     * @param topic the topic
     * @return this builder
     */
    public Builder topic(String topic) {
      this.topic = topic;
      return this;
    }

    /**
     * Sets the type's stable name and version.
     *
     * @param name the type's stable name
     * @param version the type's schema version
     * @return this builder
     */
    public Builder type(String name, int version) {
      this.typeName = name;
      this.typeVersion = version;
      return this;
    }

    /**
     * Sets the correlation id; when unset it is the event id.
     *
     * @param correlationId the flow's id
     * @return this builder
     */
    public Builder correlationId(UUID correlationId) {
      this.correlationId = correlationId;
      return this;
    }

    /**
     * Sets the causation id, or {@code null} for none.
     *
     * @param causationId the causing event's id, or {@code null}
     * @return this builder
     */
    public Builder causationId(UUID causationId) {
      this.causationId = causationId;
      return this;
    }

    /**
     * Sets the headers.
     *
     * @param headers the headers, copied
     * @return this builder
     */
    public Builder headers(Map<String, String> headers) {
      this.headers = Objects.requireNonNull(headers, "headers");
      return this;
    }

    /**
     * Sets the reply topic, or {@code null} for none.
     *
     * @param replyTo the reply topic, or {@code null}
     * @return this builder
     */
    public Builder replyTo(String replyTo) {
      this.replyTo = replyTo;
      return this;
    }

    /**
     * Marks the context as one of a replayed event.
     *
     * @param replay whether the event is re-delivered from a store
     * @return this builder
     */
    public Builder replay(boolean replay) {
      this.replay = replay;
      return this;
    }

    /**
     * Sets which delivery this is, 1 for the first (the default).
     *
     * @param attempt the delivery's number, 1 and up
     * @return this builder
     */
    public Builder attempt(int attempt) {
      this.attempt = attempt;
      return this;
    }

    /**
     * Marks the context as one of an event a durable subscription delivers while catching up.
     *
     * @param catchingUp whether a durable subscription is catching up
     * @return this builder
     */
    public Builder catchingUp(boolean catchingUp) {
      this.catchingUp = catchingUp;
      return this;
    }

    /**
     * Builds the context.
     *
     * @return the context
     * @throws NullPointerException if the event id, timestamp, topic or type name is missing
     * @throws IllegalArgumentException if the attempt is below 1
     */
    public EventContext build() {
      return new EventContext(
          eventId,
          timestamp,
          topic,
          typeName,
          typeVersion,
          correlationId,
          causationId,
          headers,
          replyTo,
          replay,
          attempt,
          catchingUp);
    }
  }
}
