package io.torematrix.eventbus.bridge.nats;

/** Where JetStream keeps the messages of the bridge's stream. */
public enum NatsStorage {
  /** On disk: messages survive a restart of the server. The default. */
  FILE,
  /** In the server's memory: lost when the server restarts. */
  MEMORY
}
