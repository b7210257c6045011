package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventContext;
import java.time.Instant;

/**
 * One event {@code post}ed to a lane, as a slot of its {@link Ring} holds it and as a lane thread
 * takes it out: the event, the subscribers to deliver it to, and what its context is made of when
 * something first reads it. Mutable and reused, so that handing an event over allocates nothing;
 * not thread-safe: a slot is published and taken by the ring's sequences, a taken copy belongs to
 * the thread that took it.
 */
final class Posted {
  Object event;
  /** The subscribers, all {@code NORMAL}, unordered and synchronous, in delivery order. */
  Subscriber<?>[] subscribers;

  EventType type;
  String topic;
  /** The context of the event whose handler posted this one, or {@code null}. */
  EventContext parent;
  /** When it was posted. */
  Instant stamp;
  /** The ids of the bus it was posted to. */
  EventIds ids;
  /** Its id, {@linkplain EventIds#reserve reserved} from {@link #ids} when it was posted. */
  long id;

  /** Sets every field to those of {@code other}. */
  void copy(Posted other) {
    event = other.event;
    subscribers = other.subscribers;
    type = other.type;
    topic = other.topic;
    parent = other.parent;
    stamp = other.stamp;
    ids = other.ids;
    id = other.id;
  }

  /** Drops every reference, so that a slot keeps no event alive once it was taken. */
  void clear() {
    event = null;
    subscribers = null;
    type = null;
    topic = null;
    parent = null;
    stamp = null;
    ids = null;
  }
}
