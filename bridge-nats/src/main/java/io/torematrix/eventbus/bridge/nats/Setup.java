package io.torematrix.eventbus.bridge.nats;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;

/**
 * Creates or checks the bridge's stream and its imports' consumers. A stream or consumer that
 * exists with other settings is never changed: the bridge is refused with a {@link
 * NatsBridgeException} naming the field, except the consumer settings NATS allows to update (ack
 * wait, max deliver, backoff), which take the bridge's values.
 *
 * <p>An existing stream must also keep what the bridge relies on: the retention policy {@code
 * Limits} (with {@code WorkQueue} the first node to acknowledge a message deletes it for every
 * other node's import, with {@code Interest} a node whose import is not created yet never sees
 * what was acknowledged before), acknowledged publishes (the relay advances on them), and no
 * maximum age shorter than the duplicate window (a message expired within the window could not be
 * told apart from its resent copy), and no limit of messages per subject (NATS would delete a
 * subject's older messages from the middle of the stream, before imports read them). A largest
 * message size ({@code max_msg_size}) is noted: the relay parks an event whose message would be
 * larger, as it does one over the server's {@code max_payload}.
 */
final class Setup {
  /** JetStream's error code for "stream not found". */
  private static final int STREAM_NOT_FOUND = 10059;
  /** JetStream's error code for "stream name already in use" (created meanwhile, with other settings). */
  private static final int STREAM_NAME_IN_USE = 10058;
  /** JetStream's error code for "consumer not found". */
  private static final int CONSUMER_NOT_FOUND = 10014;

  private final Settings settings;
  /** The stream's {@code max_msg_size} as last seen, or -1 for none. */
  private volatile long maxMessageSize = -1;

  /** Whether NATS refused a request because the stream or the consumer does not exist. */
  static boolean gone(JetStreamApiException e) {
    return e.getApiErrorCode() == STREAM_NOT_FOUND || e.getApiErrorCode() == CONSUMER_NOT_FOUND;
  }

  Setup(Settings settings) {
    this.settings = settings;
  }

  /** The stream's largest message ({@code max_msg_size}) in bytes as last seen, or -1 for none. */
  long maxMessageSize() {
    return maxMessageSize;
  }

  /** Notes the settings of the stream as NATS shows them now. */
  void seen(StreamConfiguration config) {
    maxMessageSize = config.getMaximumMessageSize() > 0 ? config.getMaximumMessageSize() : -1;
  }

  /**
   * Creates or checks everything.
   *
   * @throws NatsBridgeException if something exists with other settings, or NATS refused a request
   * @throws IOException if NATS could not be asked (not connected, a timeout): try again later
   */
  void run(JetStreamManagement jsm) throws IOException {
    stream(jsm);
    for (NatsImport one : settings.imports.values()) {
      consumer(jsm, one);
    }
  }

  private void stream(JetStreamManagement jsm) throws IOException {
    NatsStream wanted = settings.stream;
    StreamConfiguration config;
    try {
      config = jsm.getStreamInfo(wanted.name()).getConfiguration();
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
        throw refused("reading stream \"" + wanted.name() + "\"", e);
      }
      try {
        jsm.addStream(
            StreamConfiguration.builder()
                .name(wanted.name())
                .subjects(settings.streamSubjects)
                .storageType(wanted.storage() == NatsStorage.FILE ? StorageType.File : StorageType.Memory)
                .duplicateWindow(wanted.duplicateWindow())
                .build());
        maxMessageSize = -1;
        return;
      } catch (JetStreamApiException created) {
        if (created.getApiErrorCode() != STREAM_NAME_IN_USE) {
          throw refused("creating stream \"" + wanted.name() + "\"", created);
        }
        try {
          config = jsm.getStreamInfo(wanted.name()).getConfiguration();
        } catch (JetStreamApiException again) {
          throw refused("reading stream \"" + wanted.name() + "\"", again);
        }
      }
    }
    check(config);
    seen(config);
  }

  private void check(StreamConfiguration config) {
    NatsStream wanted = settings.stream;
    if (!new HashSet<>(config.getSubjects()).equals(new HashSet<>(settings.streamSubjects))) {
      throw mismatch("subjects", config.getSubjects(), settings.streamSubjects);
    }
    NatsStorage storage = config.getStorageType() == StorageType.File ? NatsStorage.FILE : NatsStorage.MEMORY;
    if (storage != wanted.storage()) {
      throw mismatch("storage", storage, wanted.storage());
    }
    RetentionPolicy retention = config.getRetentionPolicy();
    if (retention != RetentionPolicy.Limits) {
      throw incompatible("retention policy " + retention.name(),
          "retention policy Limits: with " + retention.name() + " retention a message"
              + (retention == RetentionPolicy.WorkQueue
                  ? " is deleted once one node's import acknowledges it, so the other nodes' imports lose it"
                  : " is deleted once the imports existing now acknowledged it, so an import created later"
                      + " or recreated loses it"));
    }
    if (config.getMaxMsgsPerSubject() > 0) {
      throw incompatible("at most " + config.getMaxMsgsPerSubject() + " messages per subject (max_msgs_per_subject)",
          "no limit per subject: with one, NATS deletes a subject's older messages from the middle of the"
              + " stream, imports that have not read them yet lose them, and an import cannot tell such a"
              + " gap from an event still to come");
    }
    if (config.getNoAck()) {
      throw incompatible("no acknowledgements (no_ack)",
          "acknowledged publishes: the relay moves its checkpoint over an event only once JetStream"
              + " acknowledged it, so without acknowledgements it would publish the first event again forever");
    }
    Duration maxAge = config.getMaxAge();
    if (maxAge != null && !maxAge.isZero() && maxAge.compareTo(wanted.duplicateWindow()) < 0) {
      throw incompatible("max age " + maxAge,
          "no max age, or one of at least the duplicate window " + wanted.duplicateWindow()
              + ": a message that expires within the window cannot be told from its copy sent again");
    }
    if (!wanted.duplicateWindow().equals(config.getDuplicateWindow())) {
      throw mismatch("duplicate window", config.getDuplicateWindow(), wanted.duplicateWindow());
    }
  }

  private NatsBridgeException mismatch(String field, Object actual, Object wanted) {
    return new NatsBridgeException(
        "stream \"" + settings.stream.name() + "\" exists with " + field + " " + actual
            + ", but the bridge is configured with " + wanted + ": the bridge does not change an"
            + " existing stream; configure the same " + field + ", or change the stream with the nats"
            + " tool (nats stream edit " + settings.stream.name() + ")");
  }

  private NatsBridgeException incompatible(String found, String needed) {
    return new NatsBridgeException(
        "stream \"" + settings.stream.name() + "\" exists with " + found + ", but the bridge needs "
            + needed + "; the bridge does not change an existing stream: change it with the nats tool"
            + " (nats stream edit " + settings.stream.name() + ") or use another stream");
  }

  private void consumer(JetStreamManagement jsm, NatsImport one) throws IOException {
    String name = settings.consumerName(one);
    String subject = settings.subject(one.topics());
    String stream = settings.stream.name();
    ConsumerConfiguration existing = null;
    try {
      existing = jsm.getConsumerInfo(stream, name).getConsumerConfiguration();
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != CONSUMER_NOT_FOUND) {
        throw refused("reading consumer \"" + name + "\"", e);
      }
    }
    ConsumerConfiguration.Builder config;
    if (existing == null) {
      config = ConsumerConfiguration.builder()
          .durable(name)
          .filterSubject(subject)
          .ackPolicy(AckPolicy.Explicit)
          .deliverPolicy(DeliverPolicy.All);
    } else {
      if (!subject.equals(existing.getFilterSubject())) {
        throw new NatsBridgeException(
            "consumer \"" + name + "\" of stream \"" + stream + "\" exists with filter subject \""
                + existing.getFilterSubject() + "\", but import \"" + one.name() + "\" reads \""
                + subject + "\": give the import another name, or delete the consumer (nats consumer rm "
                + stream + " " + name + ")");
      }
      if (existing.getAckPolicy() != AckPolicy.Explicit) {
        throw new NatsBridgeException(
            "consumer \"" + name + "\" of stream \"" + stream + "\" exists with ack policy "
                + existing.getAckPolicy() + ", but an import needs explicit acks: delete the consumer");
      }
      config = ConsumerConfiguration.builder(existing); // its deliver policy stays (see Importer)
    }
    config.ackWait(one.ackWait()).maxDeliver(one.maxDeliver());
    List<Duration> backoff = one.backoff();
    config.backoff(backoff.toArray(Duration[]::new));
    try {
      jsm.addOrUpdateConsumer(stream, config.build());
    } catch (JetStreamApiException e) {
      throw refused("creating or updating consumer \"" + name + "\"", e);
    }
  }

  private static NatsBridgeException refused(String what, JetStreamApiException e) {
    return new NatsBridgeException("NATS refused " + what + ": " + e.getMessage(), e);
  }
}
