package io.torematrix.eventbus.benchmarks.nats;

import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.torematrix.eventbus.spi.EventRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The peer of the relay: plain jnats asynchronous JetStream publishing of stored events, with the
 * same subject, message id, headers and body the bridge sends and the same bound on acks
 * outstanding, but nothing else (no store read, no checkpoint).
 */
final class RawJetStreamPublisher {
  private final JetStream jetStream;
  private final String subjectPrefix;
  private final int maxOutstandingAcks;

  RawJetStreamPublisher(JetStream jetStream, String subjectPrefix, int maxOutstandingAcks) {
    this.jetStream = jetStream;
    this.subjectPrefix = subjectPrefix;
    this.maxOutstandingAcks = maxOutstandingAcks;
  }

  /** The message the bridge would send for {@code record}. */
  NatsMessage message(EventRecord record, String origin) {
    Headers headers = new Headers();
    headers.put("Nats-Msg-Id", record.eventId().toString());
    headers.put("Eventbus-Type", record.typeName());
    headers.put("Eventbus-Type-Version", Integer.toString(record.typeVersion()));
    headers.put("Eventbus-Topic", record.topic());
    headers.put("Eventbus-Timestamp", record.timestamp().toString());
    headers.put("Eventbus-Correlation-Id", record.correlationId().toString());
    if (record.causationId() != null) {
      headers.put("Eventbus-Causation-Id", record.causationId().toString());
    }
    headers.put("Eventbus-Origin", origin);
    record.headers().forEach((name, value) -> headers.put("Eventbus-Header-" + name, value));
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
