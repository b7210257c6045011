/**
 * Connects buses on many machines through NATS JetStream: a relay publishes the events a bus
 * stored on exported topics to a stream, and imports read them on other nodes into their own
 * stores and handlers. See {@link io.torematrix.eventbus.bridge.nats.NatsBridge}.
 */
// jnats ships no module descriptor (its jar names the automatic module io.nats.jnats); its
// Options type is part of this module's API
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.torematrix.eventbus.bridge.nats {
  requires transitive io.torematrix.eventbus;
  requires transitive io.nats.jnats;

  exports io.torematrix.eventbus.bridge.nats;
}
