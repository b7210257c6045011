/** Binds the metrics of a Torematrix event bus to a Micrometer {@code MeterRegistry}. */
// micrometer-core ships no module descriptor; its types are part of this module's API
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.torematrix.eventbus.micrometer {
  requires transitive io.torematrix.eventbus;
  requires transitive micrometer.core;
  requires static transitive io.torematrix.eventbus.bridge.nats; // NatsBridgeMetricsBinder only

  exports io.torematrix.eventbus.micrometer;
}
