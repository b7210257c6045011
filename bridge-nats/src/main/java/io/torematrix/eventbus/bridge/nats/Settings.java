package io.torematrix.eventbus.bridge.nats;

import io.nats.client.Options;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.annotation.DurableStart;
import io.torematrix.eventbus.spi.EventStore;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A bridge's settings, checked: what the builder gathered, the stream's subjects resolved. */
final class Settings {
  final EventBus bus;
  final EventStore store;
  final Options options;
  final String nodeId;
  final String prefix;
  final NatsStream stream;
  /** The stream's subjects: as set, or {@code <prefix>.>}. */
  final List<String> streamSubjects;
  final List<String> exports;
  final DurableStart exportStart;
  final String relayName;
  final int maxOutstandingAcks;
  final Duration publishTimeout;
  final Map<String, NatsImport> imports;
  final Duration leaseTimeout;
  final Duration pollInterval;
  final Duration closeTimeout;
  /** Who holds leases: the node id, this process and a random part. */
  final String owner;

  Settings(
      EventBus bus,
      EventStore store,
      Options options,
      String nodeId,
      String prefix,
      NatsStream stream,
      List<String> exports,
      DurableStart exportStart,
      String relayName,
      int maxOutstandingAcks,
      Duration publishTimeout,
      Map<String, NatsImport> imports,
      Duration leaseTimeout,
      Duration pollInterval,
      Duration closeTimeout) {
    this.bus = bus;
    this.store = store;
    this.options = options;
    this.nodeId = nodeId;
    this.prefix = prefix;
    this.stream = stream;
    this.streamSubjects = stream.subjects().isEmpty() ? List.of(prefix + ".>") : stream.subjects();
    this.exports = List.copyOf(exports);
    this.exportStart = exportStart;
    this.relayName = relayName;
    this.maxOutstandingAcks = maxOutstandingAcks;
    this.publishTimeout = publishTimeout;
    this.imports = Collections.unmodifiableMap(new LinkedHashMap<>(imports));
    this.leaseTimeout = leaseTimeout;
    this.pollInterval = pollInterval;
    this.closeTimeout = closeTimeout;
    this.owner = nodeId + "/" + ProcessHandle.current().pid() + "/" + Long.toHexString(System.nanoTime());
    for (String export : this.exports) {
      requireCovered(subject(export), "exported topics \"" + export + "\"");
    }
    for (NatsImport one : imports.values()) {
      requireCovered(subject(one.topics()), "import \"" + one.name() + "\"");
    }
  }

  /** The subject of {@code topic} (or pattern): {@code <prefix>.<topic>}. */
  String subject(String topic) {
    return prefix + "." + topic;
  }

  /** The name of {@code one}'s durable consumer: {@code <nodeId>_<name>}. */
  String consumerName(NatsImport one) {
    return nodeId + "_" + one.name();
  }

  private void requireCovered(String subject, String what) {
    for (String streamSubject : streamSubjects) {
      if (NatsNames.covers(streamSubject, subject)) {
        return;
      }
    }
    throw new IllegalArgumentException(
        what + " go to subject \"" + subject + "\", which none of stream \"" + stream.name()
            + "\"'s subjects " + streamSubjects + " captures: add a subject to the stream or change"
            + " the subject prefix");
  }
}
