package io.torematrix.eventbus;

import io.torematrix.eventbus.spi.ParkedEvent;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The durable subscriptions of a bus's store, as {@link EventBus#durable()} shows them: their
 * status, and their parked events, which can be retried or discarded.
 *
 * <h2>What a durable subscription guarantees</h2>
 *
 * A durable subscription ({@code @Subscribe(durable = "name")}, or {@link
 * SubscribeOptions#durable(String)}) receives every stored event of its type and topics, <b>at
 * least once</b>, one at a time, in the store's order, from a worker thread of its own (named
 * {@code torematrix-eventbus-<n>-durable-<name>}). It starts at the head of the store, or at the
 * beginning ({@code startAt}), and keeps its progress in the same store as a checkpoint:
 *
 * <ul>
 *   <li>The checkpoint moves past an event only after its handler returned, or the stage an
 *       asynchronous handler returned completed, or the event was parked. It is saved every {@value
 *       #CHECKPOINT_EVERY_EVENTS} events, at least every {@value #CHECKPOINT_EVERY_MILLIS} ms while
 *       events are delivered, at the head of the store once no event came for a poll interval (or
 *       {@code drain} asks), and when it stops. After a crash, the events handled since the last
 *       saved checkpoint are delivered again: at most {@value #CHECKPOINT_EVERY_EVENTS}, the one in
 *       progress included.
 *   <li>A failed delivery is retried as its {@link RetryPolicy} says (by default 5 attempts over
 *       about 1.5 s); then the event is <em>parked</em>, with its error, attempts and times, in the
 *       store, and the subscription goes on. No event is passed over without being delivered or
 *       parked. A parked event can be {@linkplain #retry retried} (the holder delivers it again,
 *       out of store order, as soon as it sees the request: at once on this bus, within its poll
 *       interval from another process) or {@linkplain #discard discarded}.
 *   <li>One process delivers a subscription at a time: the holder of its lease, kept in the store,
 *       which it renews every third of the lease timeout ({@code
 *       EventBusBuilder.durableLeaseTimeout}, 10 s by default). When the holder dies, another
 *       process subscribed under the name takes over once the lease expired, within the lease
 *       timeout plus a fifth of it, and resumes after the saved checkpoint. A holder whose lease was
 *       taken over stops at once, before its next event or checkpoint.
 *   <li>An event published on this bus wakes its durable subscriptions at once; events appended by
 *       other processes are found by polling ({@code EventBusBuilder.durablePollInterval}, 250 ms by
 *       default).
 * </ul>
 *
 * <p>{@code close()} stops each durable subscription after the event in progress (within the close
 * timeout), saves its checkpoint and releases its lease; {@code drain(timeout)} waits until the
 * durable subscriptions registered on this bus have reached the head of the store and saved their
 * checkpoints there, whoever holds their leases: one held by another process is read from the
 * store every poll interval (a live holder saves at the head once idle for its own poll interval;
 * a dead holder's lease lapses and is taken here, so after a crash {@code drain} does not answer
 * {@code true} before the events stored meanwhile were handled).
 *
 * <p>Every method reads or writes the store on the calling thread, and may block while it does;
 * each throws {@link EventStoreException} if the store cannot be read or written.
 */
public interface DurableSubscriptions {
  /** A durable subscription saves its checkpoint at least after this many events. */
  int CHECKPOINT_EVERY_EVENTS = 100;

  /** A durable subscription saves its checkpoint at least this often while it delivers, in ms. */
  long CHECKPOINT_EVERY_MILLIS = 1000;

  /**
   * The status of every durable subscription the store knows, subscribed on this bus or not, and of
   * those subscribed here that have not yet written to the store, by name. Empty on a bus without
   * a store.
   *
   * @return one status per subscription name, sorted by name; empty without a store
   */
  List<DurableSubscriptionStatus> status();

  /**
   * The status of the durable subscription {@code name}, if the store or this bus knows it.
   *
   * @param name the durable subscription's name
   * @return its status, or empty if neither the store nor this bus knows the name
   */
  Optional<DurableSubscriptionStatus> status(String name);

  /**
   * The parked events of subscription {@code name}, oldest first, at most {@code limit}.
   *
   * @param name the durable subscription's name
   * @param limit the most events to return, 1 and up
   * @return the parked events, oldest first; empty if none
   * @throws IllegalArgumentException if {@code name} is not a valid durable name or {@code limit}
   *     is below 1
   * @throws IllegalStateException if the bus has no store
   */
  List<ParkedEvent> parked(String name, int limit);

  /**
   * Asks for another delivery of a parked event: the subscription's holder delivers it again, with
   * a fresh round of attempts; if they fail, it is parked again.
   *
   * @return {@code false} if no such event is parked for that subscription
   * @param name the durable subscription's name
   * @param eventId the id of the parked event
   * @throws IllegalArgumentException if {@code name} is not a valid durable name
   * @throws IllegalStateException if the bus has no store
   */
  boolean retry(String name, UUID eventId);

  /**
   * Removes a parked event for good: the subscription will not deliver it again.
   *
   * @return {@code false} if no such event is parked for that subscription
   * @param name the durable subscription's name
   * @param eventId the id of the parked event
   * @throws IllegalArgumentException if {@code name} is not a valid durable name
   * @throws IllegalStateException if the bus has no store
   */
  boolean discard(String name, UUID eventId);

  /**
   * Tells {@code listener} of each event published on this bus once it is appended to the store,
   * as the durable subscriptions of this bus are woken: for a reader of the store that would
   * otherwise poll it, such as a relay out of the store. Events received from other buses ({@link
   * EventBus#receive}) and events other processes append do not call it.
   *
   * <p>Memory consistency effects: the append of the event <i>happens-before</i> the call, so a
   * read of the store that the listener causes sees the event.
   *
   * @param listener called on the publishing thread right after the append committed, before the
   *     event's handlers run, from several publishing threads at once; it must return quickly and
   *     not block (set a flag, signal a condition). What it throws, an {@code Error} too, is logged
   *     and does not fail the publish, whose event is stored.
   * @return the registration: closing it stops the calls; once {@code close()} returns the
   *     listener neither runs nor starts (called from inside the listener, it returns at once)
   * @throws IllegalStateException if the bus has no store
   */
  Subscription onEventStored(Runnable listener);
}
