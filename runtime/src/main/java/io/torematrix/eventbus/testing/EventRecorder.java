package io.torematrix.eventbus.testing;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.EventMiddleware;
import io.torematrix.eventbus.PublishResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Records every event published on a bus, with its context, for assertions in tests. Install it
 * as middleware; with {@code directExecution()} the whole flow of a test runs on its thread.
 *
 * <pre>{@code
 * EventRecorder recorder = new EventRecorder();
 * EventBus bus = EventBus.builder().directExecution().middleware(recorder).build();
 * bus.register(new Checkout(bus));
 *
 * bus.publish(new CartSubmitted("c1"));
 *
 * OrderPlaced order = recorder.single(OrderPlaced.class);     // fails unless exactly one
 * recorder.assertPublished(PaymentRequested.class, p -> p.orderId().equals(order.orderId()));
 * }</pre>
 *
 * <p>Assertion methods throw {@link AssertionError} with a message listing what was recorded, so
 * they work with any test framework. Thread-safe.
 */
public final class EventRecorder implements EventMiddleware {

  /**
   * One recorded event and its context.
   *
   * @param event the event
   * @param context its context
   */
  public record Recorded(Object event, EventContext context) {}

  private final List<Recorded> recorded = new ArrayList<>();

  /** Creates a recorder that has recorded nothing yet. */
  public EventRecorder() {}

  @Override
  public CompletionStage<PublishResult> intercept(Chain chain) {
    synchronized (recorded) {
      recorded.add(new Recorded(chain.event(), chain.context()));
    }
    return chain.proceed();
  }

  /**
   * Everything recorded, in publish order.
   *
   * @return a copy of the recorded events with their contexts
   */
  public List<Recorded> recorded() {
    synchronized (recorded) {
      return List.copyOf(recorded);
    }
  }

  /**
   * The recorded events, in publish order.
   *
   * @return a copy of the recorded events
   */
  public List<Object> events() {
    return recorded().stream().map(Recorded::event).toList();
  }

  /**
   * The recorded events of {@code type} (or a subtype), in publish order.
   *
   * @param <E> the type
   * @param type the class of the events to return
   * @return a copy of those events
   */
  public <E> List<E> events(Class<E> type) {
    return recorded().stream()
        .map(Recorded::event)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  /**
   * The one recorded event of {@code type}.
   *
   * @param <E> the type
   * @param type the class of the event
   * @return the event
   * @throws AssertionError if there is none, or more than one
   */
  public <E> E single(Class<E> type) {
    List<E> events = events(type);
    if (events.size() != 1) {
      throw new AssertionError(
          "expected exactly one " + type.getSimpleName() + " but " + events.size() + " were published; " + summary());
    }
    return events.get(0);
  }

  /**
   * Asserts that an event of {@code type} matching {@code condition} was published, and returns
   * the first.
   *
   * @param <E> the type
   * @param type the class of the event
   * @param condition what the event must satisfy
   * @return the first matching event
   * @throws AssertionError otherwise
   */
  public <E> E assertPublished(Class<E> type, Predicate<? super E> condition) {
    return events(type).stream()
        .filter(condition)
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no published " + type.getSimpleName() + " matches the condition; " + summary()));
  }

  /**
   * Asserts that no event of {@code type} was published.
   *
   * @param type the class of the events that must not have been published
   * @throws AssertionError otherwise
   */
  public void assertNotPublished(Class<?> type) {
    if (!events(type).isEmpty()) {
      throw new AssertionError("expected no " + type.getSimpleName() + " to be published; " + summary());
    }
  }

  /** Forgets everything recorded so far. */
  public void clear() {
    synchronized (recorded) {
      recorded.clear();
    }
  }

  private String summary() {
    List<Recorded> all = recorded();
    if (all.isEmpty()) {
      return "nothing was published";
    }
    return "published: "
        + all.stream()
            .map(r -> r.context().typeName() + " on " + r.context().topic() + ": " + r.event())
            .collect(Collectors.joining(", ", "[", "]"));
  }
}
