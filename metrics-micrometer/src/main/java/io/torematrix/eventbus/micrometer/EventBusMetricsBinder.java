package io.torematrix.eventbus.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.torematrix.eventbus.DurableSubscriptionStatus;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventBusMetrics;
import io.torematrix.eventbus.EventTypeMetrics;
import io.torematrix.eventbus.LaneMetrics;
import io.torematrix.eventbus.TimingSnapshot;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Publishes an event bus's figures as Micrometer meters, read from {@link EventBus#metrics()} when
 * the registry asks.
 *
 * <p><b>Freshness.</b> Every meter reads the same snapshot of the bus's metrics, taken afresh when
 * a meter is read and the snapshot is older than the refresh interval: one second unless the
 * constructor is given another. So a scrape of all the meters costs one snapshot, not one per
 * meter, and its figures agree with each other; but a figure can be up to the refresh interval
 * old, and the first snapshot is taken by {@link #bindTo}. A test that publishes and then reads a
 * meter passes {@link Duration#ZERO}: every read takes a new snapshot.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>meter</th><th>kind</th><th>tags</th></tr>
 *   <tr><td>{@code eventbus.events}</td><td>counter</td><td>{@code event.type}, {@code outcome}
 *       = {@code published} | {@code dead}</td></tr>
 *   <tr><td>{@code eventbus.handler.invocations}</td><td>counter</td><td>{@code event.type},
 *       {@code outcome} = {@code delivered} | {@code filtered} | {@code failed}</td></tr>
 *   <tr><td>{@code eventbus.handler.time}</td><td>timer (count, total)</td><td>{@code
 *       event.type}</td></tr>
 *   <tr><td>{@code eventbus.handler.time.max}, {@code eventbus.handler.time.percentile}</td>
 *       <td>time gauges</td><td>{@code event.type}; percentiles also {@code quantile} = {@code
 *       0.5} | {@code 0.95} | {@code 0.99}</td></tr>
 *   <tr><td>{@code eventbus.queue.depth}, {@code eventbus.queue.running}, {@code
 *       eventbus.queue.capacity}</td><td>gauges</td><td>{@code priority} = {@code NORMAL} | {@code
 *       DEFERRED}</td></tr>
 *   <tr><td>{@code eventbus.in.flight}</td><td>gauge</td><td></td></tr>
 *   <tr><td>{@code eventbus.durable.lag}</td><td>gauge</td><td>{@code subscription}: events stored
 *       after the point the durable subscription has handled up to (see {@link
 *       DurableSubscriptionStatus#lag()})</td></tr>
 *   <tr><td>{@code eventbus.durable.parked}</td><td>gauge</td><td>{@code subscription}: its parked
 *       events</td></tr>
 *   <tr><td>{@code eventbus.durable.running}</td><td>gauge</td><td>{@code subscription}: 1 while
 *       this bus holds its lease and delivers it, else 0</td></tr>
 * </table>
 *
 * <pre>{@code
 * new EventBusMetricsBinder(bus).bindTo(registry);
 * }</pre>
 *
 * Meters exist for every event type in the bus's {@linkplain EventBus#metrics() figures}: those
 * there when binding, and those that appear later (first published afterwards, on a bus whose
 * figures list a type once it is used), whose meters are added when the registry next reads this
 * binder's meters and a new snapshot is taken, so they are there from the scrape after. The
 * durable subscriptions' meters exist for every subscription its store or the bus knows ({@link
 * EventBus#durable()}): those known when binding, and those that appear later (subscribed
 * afterwards, here or in another process), added in the same way. Handler times come from the bus's timed invocations (see {@code
 * HandlerTiming}). The durable figures are read from the store, at most once per refresh interval;
 * while it cannot be read, they are {@code NaN}.
 *
 * <p>The registry keeps the binder (its gauges hold it strongly, where Micrometer's default is a
 * weak reference), so {@code new ...Binder(...).bindTo(registry)} without keeping the binder is
 * enough: its meters read until they are removed from the registry.
 */
public final class EventBusMetricsBinder implements MeterBinder {
  private final EventBus bus;
  private final Tags tags;
  private final Refreshed<EventBusMetrics> snapshot;
  /** The durable subscriptions' status by name; empty if the store could not be read. */
  private final Refreshed<Map<String, DurableSubscriptionStatus>> durable;
  /**
   * The registries bound to, which get the meters of event types and durable subscriptions that
   * appear later.
   */
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  /** Per registry, the event types it has meters for. */
  private final Map<MeterRegistry, Set<String>> boundTypes = new ConcurrentHashMap<>();
  /** Per registry, the durable subscriptions it has meters for. */
  private final Map<MeterRegistry, Set<String>> boundDurable = new ConcurrentHashMap<>();

  /**
   * Binds {@code bus}'s figures with no extra tags, reading a new snapshot at most once a second.
   *
   * @param bus the bus whose {@link EventBus#metrics()} the meters read
   */
  public EventBusMetricsBinder(EventBus bus) {
    this(bus, Tags.empty(), Duration.ofSeconds(1));
  }

  /**
   * Binds {@code bus}'s figures with {@code tags} on every meter (to tell buses apart, say),
   * reusing a snapshot for up to {@code refresh}.
   *
   * @param bus the bus whose {@link EventBus#metrics()} the meters read
   * @param tags added to every meter
   * @param refresh how long a snapshot serves reads; {@link Duration#ZERO} takes one per read
   * @throws IllegalArgumentException if {@code refresh} is negative
   */
  public EventBusMetricsBinder(EventBus bus, Iterable<Tag> tags, Duration refresh) {
    this(bus, tags, refresh, System::nanoTime);
  }

  /** As above, reading the time from {@code nanoTime} (a test's clock). */
  EventBusMetricsBinder(EventBus bus, Iterable<Tag> tags, Duration refresh, LongSupplier nanoTime) {
    this.bus = Objects.requireNonNull(bus, "bus");
    this.tags = Tags.of(tags);
    this.snapshot = new Refreshed<>(bus::metrics, refresh, nanoTime);
    this.durable = new Refreshed<>(this::readDurable, refresh, nanoTime);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    EventBusMetrics first = current();
    boundTypes.put(registry, ConcurrentHashMap.newKeySet());
    for (EventTypeMetrics type : first.eventTypes()) {
      bindType(registry, type.eventType());
    }
    for (LaneMetrics lane : first.lanes()) {
      Tags laneTags = tags.and("priority", lane.priority().name());
      gauge(registry, "eventbus.queue.depth", laneTags, "events queued or running at this level", m -> lane(m, lane).depth());
      gauge(registry, "eventbus.queue.running", laneTags, "delivery tasks running at this level", m -> lane(m, lane).running());
      gauge(registry, "eventbus.queue.capacity", laneTags, "the most events the level's queue takes", m -> lane(m, lane).capacity());
    }
    gauge(registry, "eventbus.in.flight", tags, "accepted events whose handlers have not all finished", EventBusMetrics::inFlight);
    boundDurable.put(registry, ConcurrentHashMap.newKeySet());
    registries.add(registry);
    for (DurableSubscriptionStatus subscription : bus.durable().status()) {
      bindDurable(registry, subscription.name());
    }
  }

  /** Adds the meters of the durable subscriptions among {@code names} that have none yet. */
  private void bindNewDurable(Iterable<String> names) {
    for (MeterRegistry registry : registries) {
      for (String name : names) {
        bindDurable(registry, name);
      }
    }
  }

  private void bindDurable(MeterRegistry registry, String name) {
    if (!boundDurable.get(registry).add(name)) {
      return;
    }
    Tags subscriptionTags = tags.and("subscription", name);
    durableGauge(registry, "eventbus.durable.lag", subscriptionTags, "events stored after what the durable subscription handled", name, DurableSubscriptionStatus::lag);
    durableGauge(registry, "eventbus.durable.parked", subscriptionTags, "parked events of the durable subscription", name, DurableSubscriptionStatus::parked);
    durableGauge(registry, "eventbus.durable.running", subscriptionTags, "1 while this bus delivers the durable subscription", name, s -> s.runningHere() ? 1 : 0);
  }

  private void durableGauge(
      MeterRegistry registry,
      String meter,
      Tags meterTags,
      String description,
      String name,
      ToDoubleFunction<DurableSubscriptionStatus> figure) {
    Gauge.builder(
            meter,
            this,
            b -> {
              DurableSubscriptionStatus status = b.durable(name);
              return status == null ? Double.NaN : figure.applyAsDouble(status);
            })
        .tags(meterTags)
        .description(description)
        .strongReference(true)
        .register(registry);
  }

  /** Adds the meters of the event types of {@code metrics} that have none yet. */
  private void bindNewTypes(EventBusMetrics metrics) {
    for (MeterRegistry registry : registries) {
      for (EventTypeMetrics type : metrics.eventTypes()) {
        bindType(registry, type.eventType());
      }
    }
  }

  private void bindType(MeterRegistry registry, String name) {
    if (!boundTypes.get(registry).add(name)) {
      return;
    }
    Tags typeTags = tags.and("event.type", name);
    counter(registry, "eventbus.events", typeTags.and("outcome", "published"), "events accepted by publish", name, EventTypeMetrics::published);
    counter(registry, "eventbus.events", typeTags.and("outcome", "dead"), "events no subscription matched", name, EventTypeMetrics::dead);
    counter(registry, "eventbus.handler.invocations", typeTags.and("outcome", "delivered"), "handler invocations", name, EventTypeMetrics::delivered);
    counter(registry, "eventbus.handler.invocations", typeTags.and("outcome", "filtered"), "handler invocations", name, EventTypeMetrics::filtered);
    counter(registry, "eventbus.handler.invocations", typeTags.and("outcome", "failed"), "handler invocations", name, EventTypeMetrics::failed);
    counter(registry, "eventbus.handler.invocations", typeTags.and("outcome", "skipped"), "handler invocations", name, EventTypeMetrics::skipped);
    FunctionTimer.builder(
            "eventbus.handler.time",
            this,
            b -> b.timing(name).count(),
            b -> b.timing(name).total().toNanos(),
            TimeUnit.NANOSECONDS)
        .tags(typeTags)
        .description("time handlers of this event type took (timed invocations)")
        .register(registry);
    timeGauge(registry, "eventbus.handler.time.max", typeTags, name, TimingSnapshot::max);
    timeGauge(registry, "eventbus.handler.time.percentile", typeTags.and("quantile", "0.5"), name, TimingSnapshot::p50);
    timeGauge(registry, "eventbus.handler.time.percentile", typeTags.and("quantile", "0.95"), name, TimingSnapshot::p95);
    timeGauge(registry, "eventbus.handler.time.percentile", typeTags.and("quantile", "0.99"), name, TimingSnapshot::p99);
  }

  private void counter(
      MeterRegistry registry,
      String meter,
      Tags meterTags,
      String description,
      String type,
      ToLongFunction<EventTypeMetrics> figure) {
    FunctionCounter.builder(meter, this, b -> figure.applyAsLong(b.type(type)))
        .tags(meterTags)
        .description(description)
        .register(registry);
  }

  private void gauge(
      MeterRegistry registry,
      String meter,
      Tags meterTags,
      String description,
      ToDoubleFunction<EventBusMetrics> figure) {
    Gauge.builder(meter, this, b -> figure.applyAsDouble(b.current()))
        .tags(meterTags)
        .description(description)
        .strongReference(true)
        .register(registry);
  }

  private void timeGauge(
      MeterRegistry registry,
      String meter,
      Tags meterTags,
      String type,
      Function<TimingSnapshot, Duration> figure) {
    TimeGauge.builder(
            meter,
            this,
            TimeUnit.NANOSECONDS,
            b -> figure.apply(b.timing(type)).toNanos())
        .tags(meterTags)
        .strongReference(true)
        .register(registry);
  }

  private EventTypeMetrics type(String name) {
    return current()
        .eventType(name)
        .orElseThrow(() -> new IllegalStateException("the bus no longer knows event type " + name));
  }

  private TimingSnapshot timing(String name) {
    return type(name).handlerTime();
  }

  private static LaneMetrics lane(EventBusMetrics metrics, LaneMetrics of) {
    return metrics.lanes().stream().filter(l -> l.priority() == of.priority()).findFirst().orElse(of);
  }

  /**
   * The status of durable subscription {@code name}, read afresh when the last reading is older
   * than the refresh interval; {@code null} if the store could not be read or does not know it.
   */
  private DurableSubscriptionStatus durable(String name) {
    return durableStatuses().get(name);
  }

  /**
   * The durable subscriptions' status by name, read afresh when the last reading is older than the
   * refresh interval (empty if the store could not be read); a subscription read for the first
   * time gets its meters.
   */
  private Map<String, DurableSubscriptionStatus> durableStatuses() {
    // registering the new ones happens outside the reading's lock: it takes the registry's
    return durable.get(fresh -> bindNewDurable(fresh.keySet()));
  }

  private Map<String, DurableSubscriptionStatus> readDurable() {
    Map<String, DurableSubscriptionStatus> byName = new HashMap<>();
    try {
      for (DurableSubscriptionStatus status : bus.durable().status()) {
        byName.put(status.name(), status);
      }
    } catch (RuntimeException unreadable) {
      byName.clear();
    }
    return byName;
  }

  /**
   * The bus's figures, taken afresh when the last snapshot is older than the refresh interval;
   * with a fresh snapshot, event types it lists for the first time get their meters, and the
   * durable subscriptions are looked at too, so that those subscribed after binding get their
   * meters even while no durable meter exists to be read.
   */
  private EventBusMetrics current() {
    return snapshot.get(
        fresh -> {
          if (!registries.isEmpty()) {
            bindNewTypes(fresh); // outside the reading's lock: registering takes the registry's
            durableStatuses();
          }
        });
  }
}
