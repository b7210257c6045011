/**
 * The NATS JetStream bridge: {@link io.torematrix.eventbus.bridge.nats.NatsBridge} and its
 * settings ({@link io.torematrix.eventbus.bridge.nats.NatsStream}, {@link
 * io.torematrix.eventbus.bridge.nats.NatsImport}) and status.
 */
package io.torematrix.eventbus.bridge.nats;
