package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.PublishOptions;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.StoredEvent;
import io.torematrix.eventbus.annotation.TopicSyntax;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.StorableText;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Accepts events received from another bus, as that bus stored them: decodes the record, appends
 * it unless its id is stored already, then hands it to the {@link Publisher} as stored, so that
 * it reaches this bus's subscribers (durable ones through the store) with the record's context.
 * Middleware does not run: it ran where the event was published.
 */
final class Receiver {
  private final EventTypes types;
  /** {@code null} without a store. */
  private final Storage storage;
  private final Publisher publisher;
  private final Lifecycle lifecycle;

  Receiver(EventTypes types, Storage storage, Publisher publisher, Lifecycle lifecycle) {
    this.types = types;
    this.storage = storage;
    this.publisher = publisher;
    this.lifecycle = lifecycle;
  }

  /** See {@link io.torematrix.eventbus.EventBus#receive}. */
  Optional<CompletionStage<PublishResult>> receive(EventRecord record) {
    Objects.requireNonNull(record, "record");
    if (storage == null) {
      throw new IllegalStateException(
          "the bus has no store, so it cannot receive events from other buses: configure one with"
              + " EventBus.builder().store(...)");
    }
    if (lifecycle.isClosed()) {
      throw new IllegalStateException(
          "the bus is closed: " + record.typeName() + " event " + record.eventId() + " was not received");
    }
    StoredEvent decoded = decode(record);
    EventType type = types.findByName(record.typeName());
    if (!storage.appendReceived(record)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          publisher.accept(
              decoded.event(), type, decoded.context(), PublishOptions.defaults(), true, ThreadState.get()));
    } catch (IllegalStateException closedMeanwhile) {
      return Optional.of(Deliverer.failedStage(closedMeanwhile));
    }
  }

  /** The event and context of {@code record}, or why it cannot be an event of this application. */
  private StoredEvent decode(EventRecord record) {
    String topicProblem = TopicSyntax.problem(record.topic(), false);
    if (topicProblem != null) {
      throw new IllegalArgumentException(
          "event " + record.eventId() + " cannot be received: its topic \"" + record.topic()
              + "\" is invalid: " + topicProblem);
    }
    try {
      StorableText.requireTypeName(record.typeName());
      StorableText.requireHeaders(record.headers());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "event " + record.eventId() + " cannot be received: " + e.getMessage(), e);
    }
    try {
      return storage.decode(record, false);
    } catch (EventStoreException e) { // names the received event and what is wrong with it
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
