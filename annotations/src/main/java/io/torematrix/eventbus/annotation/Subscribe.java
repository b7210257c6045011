package io.torematrix.eventbus.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler method: the processor generates a dispatcher that calls it directly when an
 * event of its parameter type (or of a subtype) is published.
 *
 * <p>The method takes the event, optionally followed by its {@code EventContext}, and returns
 * {@code void} or a {@code CompletionStage<?>} the bus awaits. A {@link Priority#DEFERRED}
 * handler may instead take {@code List<E>} to receive events in batches of up to {@link
 * #batchSize()}, or whatever arrived within {@link #batchWindowMillis()}.
 *
 * <p>With {@link #durable()}, the handler is a durable subscription instead: it receives the
 * <em>stored</em> events of its type and topics, in store order, at least once, resuming after a
 * checkpoint kept in the bus's store, on a thread of its own; see {@link #durable()}.
 *
 * <p>The method may be package-private, but not private, static or abstract, and its class may
 * not be private, local or anonymous. Each rule is checked at build time:
 *
 * <pre>{@code
 * @Subscribe(topics = "admin.>", priority = Priority.IMMEDIATE, order = 10,
 *            filter = "isAdmin", onError = "loginFailed")
 * void audit(UserLoggedIn event, EventContext context) { ... }
 *
 * boolean isAdmin(UserLoggedIn event) { ... }
 * void loginFailed(UserLoggedIn event, Throwable error) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Subscribe {

  /** The lowest allowed {@link #order()}. */
  int MIN_ORDER = -1_000_000;

  /** The highest allowed {@link #order()}. */
  int MAX_ORDER = 1_000_000;

  /** The largest allowed {@link #batchSize()}. */
  int MAX_BATCH_SIZE = 100_000;

  /** The longest allowed {@link #batchWindowMillis()}: one hour. */
  long MAX_BATCH_WINDOW_MILLIS = 3_600_000;

  /**
   * {@return the topic patterns this handler listens on} Empty (the default) means every topic.
   * Tokens are
   * separated by {@code .}; {@code *} matches exactly one token and {@code >}, only as the last
   * token, matches one or more: the grammar of NATS subjects. {@code "orders.*.created"} matches
   * {@code orders.eu.created}; {@code "admin.>"} matches {@code admin.users.login}.
   */
  String[] topics() default {};

  /** {@return when the handler runs relative to {@code publish}; {@link Priority#NORMAL} by default} */
  Priority priority() default Priority.NORMAL;

  /**
   * {@return the position among handlers of the same priority that receive the same event} Lower
   * runs first, ties keep registration order. Between {@link #MIN_ORDER} and {@link #MAX_ORDER}.
   */
  int order() default 0;

  /**
   * {@return the name of a method of the same class, {@code boolean name(E event)}, deciding
   * whether this handler receives an event} An event it rejects is counted as filtered. Empty
   * means no filter.
   */
  String filter() default "";

  /**
   * {@return the name of a method of the same class, {@code void name(E event, Throwable error)},
   * called when this handler fails} The failure is still reported to the bus's error handler and
   * in the publish result. Empty means none. For a batch handler it is called once per event of
   * the failed batch.
   */
  String onError() default "";

  /**
   * {@return whether a {@link Priority#NORMAL} handler is delivered one event at a time, in the
   * order the events were published} So it sees the events of one publisher thread in publish
   * order; unordered {@code NORMAL} handlers run in parallel on the bus's executor and may see two
   * events in either order. {@code IMMEDIATE} handlers (on the publisher's thread) and {@code DEFERRED}
   * handlers (on one background thread) always see events in publish order.
   */
  boolean ordered() default false;

  /**
   * {@return for an asynchronous handler (one returning a {@code CompletionStage}), how many
   * milliseconds its stage may take} A stage still pending after that fails with a {@code
   * TimeoutException}, reported like any failure. 0 (the default) means no timeout; a negative
   * value is a compile error.
   */
  long timeoutMillis() default 0;

  /**
   * {@return for a batch handler, one taking {@code List<E>} at {@link Priority#DEFERRED}, the most
   * events it receives at once} Between 1 and {@link #MAX_BATCH_SIZE}.
   */
  int batchSize() default 100;

  /**
   * {@return for a batch handler, how long the first event of a batch waits for others before the
   * batch is delivered anyway, in milliseconds} Between 1 and {@link #MAX_BATCH_WINDOW_MILLIS}.
   */
  long batchWindowMillis() default 100;

  /**
   * {@return the name of the durable subscription this handler is, or empty for an ordinary one}
   * With a name, the bus delivers it the events of its
   * type and topics that are in the bus's store, one at a time, in store order, at least once, from
   * a thread of its own, and saves how far it got (its checkpoint) in the store, so that after a
   * restart, or in another process on the same store, it resumes there. A failed delivery is retried
   * as {@link #retry()} says, then the event is parked and the subscription goes on. Empty (the
   * default) means an ordinary subscription, delivered as events are published.
   *
   * <p>The name identifies the subscription in the store, so it must stay the same across releases
   * and be unique among the durable subscriptions of a store: 1 to {@value DurableNames#MAX_LENGTH}
   * characters from {@code A-Z a-z 0-9 _ -} ({@link DurableNames}). A durable handler has no
   * priority, order or batches: it takes one event and runs apart from {@code publish}. The bus needs
   * a store.
   */
  String durable() default "";

  /**
   * {@return for a durable subscription, where it starts the first time it runs, when the store has
   * no checkpoint for it yet} {@link DurableStart#HEAD} (the events published from then on) by
   * default.
   */
  DurableStart startAt() default DurableStart.HEAD;

  /**
   * {@return for a durable subscription, how many times a failed delivery is made, with which
   * waits between, before the event is parked} By default 5 attempts, waiting 100 ms, doubling up
   * to 10 s.
   */
  Retry retry() default @Retry;
}
