package io.torematrix.eventbus;

import java.util.Objects;

/**
 * An event read back from the bus's store: the event, decoded to the current version of its type,
 * with its context and its place in the store.
 *
 * @param cursor its place in the store's global order (see {@link Cursor})
 * @param streamId the stream it belongs to, or {@code null}
 * @param streamVersion its version in the stream, 0 when not in one
 * @param event the event
 * @param context its context as published
 */
public record StoredEvent(
    Cursor cursor, String streamId, long streamVersion, Object event, EventContext context) {

  /**
   * Checks the required parts.
   *
   * @param cursor its place in the store's global order
   * @param streamId the stream it belongs to, or {@code null}
   * @param streamVersion its version in the stream, 0 when not in one
   * @param event the event
   * @param context its context as published
   * @throws NullPointerException if {@code cursor}, {@code event} or {@code context} is null
   */
  public StoredEvent {
    Objects.requireNonNull(cursor, "cursor");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(context, "context");
  }

  /** {@return its global position: the cursor's position, for display} */
  public long position() {
    return cursor.position();
  }
}
