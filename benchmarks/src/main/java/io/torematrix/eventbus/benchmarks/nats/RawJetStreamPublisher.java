package io.torematrix.eventbus.benchmarks.nats;

import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.NatsMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The peer of the relay: plain jnats asynchronous JetStream publishing of messages made before,
 * with the same bound on acks outstanding, and nothing else (no store read, no checkpoint).
 */
final class RawJetStreamPublisher {
  private final JetStream jetStream;
  private final int maxOutstandingAcks;

  RawJetStreamPublisher(JetStream jetStream, int maxOutstandingAcks) {
    this.jetStream = jetStream;
    this.maxOutstandingAcks = maxOutstandingAcks;
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
