/** Binds the metrics of a Torematrix event bus to a Micrometer {@code MeterRegistry}. */
@SuppressWarnings("requires-automatic") // micrometer-core ships no module descriptor
module io.torematrix.eventbus.micrometer {
  requires transitive io.torematrix.eventbus;
  requires transitive micrometer.core;

  exports io.torematrix.eventbus.micrometer;
}
