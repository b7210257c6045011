package io.torematrix.eventbus.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.torematrix.eventbus.bridge.nats.NatsBridge;
import io.torematrix.eventbus.bridge.nats.NatsBridgeStatus;
import io.torematrix.eventbus.bridge.nats.NatsImportStatus;
import io.torematrix.eventbus.bridge.nats.NatsRelayStatus;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Publishes a NATS bridge's figures as Micrometer meters, read from {@link NatsBridge#status()}:
 * relay lag, import lag and parked counts, and what was published, resent and imported. Needs
 * {@code eventbus-bridge-nats} on the class path (an optional dependency of this module); the
 * relay and the imports also appear among the bus's durable subscriptions ({@code
 * eventbus.durable.*} of {@link EventBusMetricsBinder}), under their subscription names.
 *
 * <p><b>Freshness.</b> Every meter reads the same status, taken afresh when a meter is read and
 * the last one is older than the refresh interval (one second unless the constructor is given
 * another); the first is taken by {@link #bindTo}. Reading the status reads the store (lag and
 * parked counts) but never NATS: the import lag is what NATS reported with the last message.
 *
 * <table>
 *   <caption>Meters, each tagged {@code node} with the bridge's node id</caption>
 *   <tr><th>meter</th><th>kind</th><th>tags, meaning</th></tr>
 *   <tr><td>{@code eventbus.nats.connected}</td><td>gauge</td><td>1 while connected to NATS,
 *       else 0</td></tr>
 *   <tr><td>{@code eventbus.nats.relay.lag}</td><td>gauge</td><td>events stored after the last one
 *       JetStream acknowledged ({@link NatsRelayStatus#lag()}); -1 when unknown</td></tr>
 *   <tr><td>{@code eventbus.nats.relay.outstanding}</td><td>gauge</td><td>messages published and
 *       not acknowledged yet</td></tr>
 *   <tr><td>{@code eventbus.nats.relay.parked}</td><td>gauge</td><td>events the relay
 *       parked</td></tr>
 *   <tr><td>{@code eventbus.nats.relay.messages}</td><td>counter</td><td>{@code outcome} =
 *       {@code published} (acknowledged) | {@code resent}</td></tr>
 *   <tr><td>{@code eventbus.nats.import.lag}</td><td>gauge</td><td>{@code import}: messages of the
 *       stream its consumer has not delivered yet ({@link NatsImportStatus#pending()})</td></tr>
 *   <tr><td>{@code eventbus.nats.import.parked}</td><td>gauge</td><td>{@code import}: its parked
 *       messages</td></tr>
 *   <tr><td>{@code eventbus.nats.import.messages}</td><td>counter</td><td>{@code import}, {@code
 *       outcome} = {@code imported} | {@code duplicate} | {@code own}</td></tr>
 * </table>
 *
 * <pre>{@code
 * new NatsBridgeMetricsBinder(bridge).bindTo(registry);
 * }</pre>
 *
 * Meters exist for the imports the bridge has when binding. Counters count since the bridge
 * started.
 *
 * <p>The registry keeps the binder (its gauges hold it strongly, where Micrometer's default is a
 * weak reference), so {@code new ...Binder(...).bindTo(registry)} without keeping the binder is
 * enough: its meters read until they are removed from the registry.
 */
public final class NatsBridgeMetricsBinder implements MeterBinder {
  private final Tags tags;
  private final Refreshed<NatsBridgeStatus> status;

  /**
   * Binds {@code bridge}'s figures, reading its status at most once a second.
   *
   * @param bridge the bridge whose {@link NatsBridge#status()} the meters read
   */
  public NatsBridgeMetricsBinder(NatsBridge bridge) {
    this(bridge, Tags.empty(), Duration.ofSeconds(1));
  }

  /**
   * Binds {@code bridge}'s figures with {@code tags} on every meter, reusing a status for up to
   * {@code refresh}.
   *
   * @param bridge the bridge whose {@link NatsBridge#status()} the meters read
   * @param tags added to every meter
   * @param refresh how long a status serves reads; {@link Duration#ZERO} takes one per read
   * @throws IllegalArgumentException if {@code refresh} is negative
   */
  public NatsBridgeMetricsBinder(NatsBridge bridge, Iterable<Tag> tags, Duration refresh) {
    this(bridge, tags, refresh, System::nanoTime);
  }

  NatsBridgeMetricsBinder(NatsBridge bridge, Iterable<Tag> tags, Duration refresh, LongSupplier nanoTime) {
    Objects.requireNonNull(bridge, "bridge");
    this.tags = Tags.of(tags);
    this.status = new Refreshed<>(bridge::status, refresh, nanoTime);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    NatsBridgeStatus first = current();
    Tags node = tags.and("node", first.nodeId());
    gauge(registry, "eventbus.nats.connected", node, "1 while the bridge is connected to NATS", s -> s.connected() ? 1 : 0);
    gauge(registry, "eventbus.nats.relay.lag", node, "events stored after the last one JetStream acknowledged", s -> s.relay().lag());
    gauge(registry, "eventbus.nats.relay.outstanding", node, "messages published and not acknowledged yet", s -> s.relay().outstanding());
    gauge(registry, "eventbus.nats.relay.parked", node, "events the relay parked", s -> s.relay().parked());
    counter(registry, "eventbus.nats.relay.messages", node.and("outcome", "published"), "messages JetStream acknowledged", s -> s.relay().published());
    counter(registry, "eventbus.nats.relay.messages", node.and("outcome", "resent"), "messages published again after a failure", s -> s.relay().resent());
    for (NatsImportStatus one : first.imports()) {
      String name = one.name();
      Tags importTags = node.and("import", name);
      gauge(registry, "eventbus.nats.import.lag", importTags, "messages its consumer has not delivered yet", s -> figure(s, name, NatsImportStatus::pending));
      gauge(registry, "eventbus.nats.import.parked", importTags, "messages of the import parked", s -> figure(s, name, NatsImportStatus::parked));
      counter(registry, "eventbus.nats.import.messages", importTags.and("outcome", "imported"), "messages stored and handed to the bus", s -> figure(s, name, NatsImportStatus::imported));
      counter(registry, "eventbus.nats.import.messages", importTags.and("outcome", "duplicate"), "messages whose event the store had", s -> figure(s, name, NatsImportStatus::duplicates));
      counter(registry, "eventbus.nats.import.messages", importTags.and("outcome", "own"), "messages of this node, skipped", s -> figure(s, name, NatsImportStatus::ownEvents));
    }
  }

  private static double figure(NatsBridgeStatus status, String name, ToDoubleFunction<NatsImportStatus> figure) {
    return status.importNamed(name).map(figure::applyAsDouble).orElse(Double.NaN);
  }

  private void gauge(
      MeterRegistry registry, String meter, Tags meterTags, String description, ToDoubleFunction<NatsBridgeStatus> figure) {
    Gauge.builder(meter, this, b -> figure.applyAsDouble(b.current()))
        .tags(meterTags)
        .description(description)
        .strongReference(true)
        .register(registry);
  }

  private void counter(
      MeterRegistry registry, String meter, Tags meterTags, String description, ToDoubleFunction<NatsBridgeStatus> figure) {
    FunctionCounter.builder(meter, this, b -> figure.applyAsDouble(b.current()))
        .tags(meterTags)
        .description(description)
        .register(registry);
  }

  /** The bridge's status, taken afresh when the last one is older than the refresh interval. */
  private NatsBridgeStatus current() {
    return status.get();
  }
}
