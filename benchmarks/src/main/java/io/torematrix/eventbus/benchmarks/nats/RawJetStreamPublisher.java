package io.torematrix.eventbus.benchmarks.nats;

import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.torematrix.eventbus.bridge.nats.NatsHeaders;
import io.torematrix.eventbus.spi.EventRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The peer of the relay: plain jnats asynchronous JetStream publishing of stored events, with the
 * same subject, message id, headers and body the bridge sends (see {@code NatsHeaders}) and the
 * same bound on acks outstanding, but nothing else (no store read, no checkpoint).
 */
final class RawJetStreamPublisher {
  private final JetStream jetStream;
  private final String stream;
  private final String subjectPrefix;
  private final int maxOutstandingAcks;

  RawJetStreamPublisher(JetStream jetStream, String stream, String subjectPrefix, int maxOutstandingAcks) {
    this.jetStream = jetStream;
    this.stream = stream;
    this.subjectPrefix = subjectPrefix;
    this.maxOutstandingAcks = maxOutstandingAcks;
  }

  /**
   * The message the bridge sends for {@code record}: the same subject, headers and body; {@code
   * previous} is the event published before it on the same topic, or {@code null}.
   */
  NatsMessage message(EventRecord record, EventRecord previous, String origin) {
    Headers headers = new Headers();
    headers.put("Nats-Msg-Id", record.eventId().toString());
    headers.put("Nats-Expected-Stream", stream);
    headers.put(NatsHeaders.EVENT_ID, record.eventId().toString());
    headers.put(NatsHeaders.TYPE, record.typeName());
    headers.put(NatsHeaders.TYPE_VERSION, Integer.toString(record.typeVersion()));
    headers.put(NatsHeaders.TOPIC, record.topic());
    headers.put(NatsHeaders.TIMESTAMP, record.timestamp().toString());
    headers.put(NatsHeaders.CORRELATION_ID, record.correlationId().toString());
    if (record.causationId() != null) {
      headers.put(NatsHeaders.CAUSATION_ID, record.causationId().toString());
    }
    headers.put(NatsHeaders.ORIGIN, origin);
    headers.put(NatsHeaders.CURSOR, record.cursor().toString());
    if (previous != null) {
      headers.put(NatsHeaders.PREVIOUS_CURSOR, previous.cursor().toString());
    }
    return NatsMessage.builder()
        .subject(subjectPrefix + "." + record.topic())
        .headers(headers)
        .data(record.payload())
        .build();
  }

  /**
   * Publishes every message and returns once the server acknowledged each, keeping at most the
   * configured number of acks outstanding.
   *
   * @throws IllegalStateException if a publish failed or was a duplicate
   */
  void publishAll(List<NatsMessage> messages) throws InterruptedException, TimeoutException {
    Semaphore outstanding = new Semaphore(maxOutstandingAcks);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (NatsMessage message : messages) {
      outstanding.acquire();
      CompletableFuture<PublishAck> ack = jetStream.publishAsync(message);
      ack.whenComplete(
          (done, error) -> {
            if (error != null) {
              failure.compareAndSet(null, error);
            } else if (done.isDuplicate()) {
              failure.compareAndSet(null, new IllegalStateException("duplicate: " + done));
            }
            outstanding.release();
          });
    }
    if (!outstanding.tryAcquire(maxOutstandingAcks, 60, TimeUnit.SECONDS)) {
      throw new TimeoutException("acks still outstanding after 60 s");
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a raw publish failed", failure.get());
    }
  }
}
