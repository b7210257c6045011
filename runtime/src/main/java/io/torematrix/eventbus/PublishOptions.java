package io.torematrix.eventbus;

import io.torematrix.eventbus.annotation.TopicSyntax;
import io.torematrix.eventbus.spi.StorableText;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How one event is published, beyond the event itself: its topic, string headers stored with it,
 * the event that caused it, and the stream it is appended to. Immutable; each method returns a new
 * instance.
 *
 * <pre>{@code
 * bus.publish(new OrderShipped(id), PublishOptions.defaults()
 *     .topic("orders.eu.shipped")
 *     .header("tenant", "acme")
 *     .causedBy(context));        // from an async handler, on another thread
 * }</pre>
 */
public final class PublishOptions {
  private static final PublishOptions DEFAULTS =
      new PublishOptions(null, Map.of(), null, null, ExpectedVersion.any());

  private final String topic;
  private final Map<String, String> headers;
  private final EventContext causedBy;
  private final String streamId;
  private final ExpectedVersion expected;

  private PublishOptions(
      String topic,
      Map<String, String> headers,
      EventContext causedBy,
      String streamId,
      ExpectedVersion expected) {
    this.topic = topic;
    this.headers = headers;
    this.causedBy = causedBy;
    this.streamId = streamId;
    this.expected = expected;
  }

  /**
   * The event's default topic, no headers, and as cause the event handled on this thread.
   *
   * @return the default options
   */
  public static PublishOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Publishes on {@code topic} instead of the type's default topic.
   *
   * @param topic the topic to publish on
   * @return options with that topic
   * @throws IllegalArgumentException if {@code topic} is not a valid topic
   */
  public PublishOptions topic(String topic) {
    TopicSyntax.requireValid(topic, false);
    return new PublishOptions(topic, headers, causedBy, streamId, expected);
  }

  /**
   * Adds a header, carried in the event's context and stored with it.
   *
   * @param name the header's name
   * @param value the header's value
   * @return options with that header added (replacing one of the same name)
   * @throws IllegalArgumentException if the name or value cannot be stored exactly: it holds NUL
   *     or an unpaired surrogate, or is longer than {@link StorableText#MAX_HEADER_NAME_BYTES} or
   *     {@link StorableText#MAX_HEADER_VALUE_BYTES} bytes in UTF-8
   */
  public PublishOptions header(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    StorableText.requireHeader(name, value);
    Map<String, String> copy = new HashMap<>(headers);
    copy.put(name, value);
    return new PublishOptions(topic, Map.copyOf(copy), causedBy, streamId, expected);
  }

  /**
   * Records {@code cause} as the event that led to this one: the new event shares its correlation
   * id and takes its id as causation id. Needed where the handler that publishes runs on another
   * thread than the one the bus called it on, such as in an async continuation; on the handler's
   * own thread it happens by itself.
   *
   * @param cause the context of the event that causes this one
   * @return options with that cause
   */
  public PublishOptions causedBy(EventContext cause) {
    return new PublishOptions(
        topic, headers, Objects.requireNonNull(cause, "cause"), streamId, expected);
  }

  /**
   * Appends the event to stream {@code streamId} of the bus's store, provided the stream is at
   * {@code expected}: the basis of event sourcing with optimistic concurrency. If another writer
   * appended first, the publish stage fails with {@link WrongExpectedVersionException} and no
   * handler sees the event. Needs a store.
   *
   * @param streamId the stream to append the event to
   * @param expected what the stream's version must be before the append
   * @return options with that stream
   * @throws IllegalArgumentException if {@code streamId} cannot be stored exactly: it holds NUL or
   *     an unpaired surrogate, or is longer than {@link StorableText#MAX_STREAM_ID_BYTES} bytes in
   *     UTF-8
   */
  public PublishOptions streamId(String streamId, ExpectedVersion expected) {
    Objects.requireNonNull(streamId, "streamId");
    StorableText.requireStreamId(streamId);
    return new PublishOptions(
        topic,
        headers,
        causedBy,
        streamId,
        Objects.requireNonNull(expected, "expected"));
  }

  /** {@return the topic, or {@code null} for the type's default} */
  public String topic() {
    return topic;
  }

  /** {@return the headers} */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * {@return the causing event's context, or {@code null} for the one handled on the current
   * thread}
   */
  public EventContext causedBy() {
    return causedBy;
  }

  /** {@return the stream to append to, or {@code null}} */
  public String streamId() {
    return streamId;
  }

  /** {@return what the stream's version must be; {@link ExpectedVersion#any()} unless set} */
  public ExpectedVersion expected() {
    return expected;
  }
}
