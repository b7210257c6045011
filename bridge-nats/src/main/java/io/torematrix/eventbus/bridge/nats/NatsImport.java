package io.torematrix.eventbus.bridge.nats;

import io.torematrix.eventbus.annotation.TopicSyntax;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One import: the events of other nodes on a topic pattern, read from the bridge's stream by a
 * durable pull consumer of their own and appended to this node's store. Immutable; each method
 * returns a new instance.
 *
 * <p>The consumer is named {@code <nodeId>_<name>} (never after the pattern, whose {@code .},
 * {@code *} and {@code >} NATS does not allow in names), filters on {@code <prefix>.<pattern>} (one
 * filter subject, as NATS 2.9 allows), acknowledges explicitly, and redelivers an unacknowledged
 * message after its ack wait, or after each of its backoff delays, up to its maximum deliveries.
 * The import's parked messages are kept in the store under the durable subscription name {@code
 * nats-import-<name>}.
 *
 * <pre>{@code
 * NatsImport.of("orders", "orders.>")
 *     .ackWait(Duration.ofSeconds(30))
 *     .backoff(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30))
 * }</pre>
 */
public final class NatsImport {
  /** The longest import name, in characters. */
  public static final int MAX_NAME_LENGTH = 32;

  private final String name;
  private final String topics;
  private final Duration ackWait;
  private final int maxDeliver;
  private final List<Duration> backoff;
  private final int batchSize;

  private NatsImport(
      String name, String topics, Duration ackWait, int maxDeliver, List<Duration> backoff, int batchSize) {
    this.name = name;
    this.topics = topics;
    this.ackWait = ackWait;
    this.maxDeliver = maxDeliver;
    this.backoff = backoff;
    this.batchSize = batchSize;
  }

  /**
   * An import called {@code name} of the events on {@code topics}: ack wait 30 s, unlimited
   * deliveries, no backoff, batches of 100.
   *
   * @param name 1 to {@value #MAX_NAME_LENGTH} characters from {@code A-Z a-z 0-9 -}: part of the
   *     consumer's name, so stable across releases
   * @param topics a topic pattern ({@code orders.>}, {@code orders.*.placed}, or an exact topic)
   * @return the import's settings
   * @throws IllegalArgumentException if the name or the pattern is invalid
   */
  public static NatsImport of(String name, String topics) {
    NatsNames.requireNamePart(name, "import name", MAX_NAME_LENGTH);
    TopicSyntax.requireValid(topics, true);
    return new NatsImport(name, topics, Duration.ofSeconds(30), -1, List.of(), 100);
  }

  /**
   * Sets how long NATS waits for the acknowledgement of a delivered message before delivering it
   * again.
   *
   * @param ackWait at least 1 s and at most 12 hours
   * @return settings with this ack wait
   * @throws IllegalArgumentException if out of that range
   */
  public NatsImport ackWait(Duration ackWait) {
    Objects.requireNonNull(ackWait, "ackWait");
    if (ackWait.compareTo(Duration.ofSeconds(1)) < 0 || ackWait.compareTo(Duration.ofHours(12)) > 0) {
      throw new IllegalArgumentException("an import's ack wait is from 1 s to 12 hours, not " + ackWait);
    }
    return new NatsImport(name, topics, ackWait, maxDeliver, backoff, batchSize);
  }

  /**
   * Sets how many times NATS delivers a message at most. After the last delivery NATS gives the
   * message up: a node that crashes that many times before acknowledging it never imports it, so
   * the default is unlimited. The bridge itself never lets a message run out of deliveries: it
   * parks what it cannot import and retries what its store cannot take.
   *
   * @param maxDeliver -1 for unlimited, or 1 to 10,000; more than the number of backoff delays
   * @return settings with this limit
   * @throws IllegalArgumentException if out of range
   */
  public NatsImport maxDeliver(int maxDeliver) {
    if (maxDeliver != -1 && (maxDeliver < 1 || maxDeliver > 10_000)) {
      throw new IllegalArgumentException(
          "an import's max deliver is -1 (unlimited) or 1 to 10000, not " + maxDeliver);
    }
    checkBackoff(maxDeliver, backoff);
    return new NatsImport(name, topics, ackWait, maxDeliver, backoff, batchSize);
  }

  /**
   * Sets the delays before each redelivery of an unacknowledged message, in place of the ack wait
   * (the last delay repeats).
   *
   * @param delays each from 1 s to 12 hours; fewer than the max deliver
   * @return settings with these delays
   * @throws IllegalArgumentException if a delay is out of range or there are too many
   */
  public NatsImport backoff(Duration... delays) {
    Objects.requireNonNull(delays, "delays");
    for (Duration delay : delays) {
      Objects.requireNonNull(delay, "delay");
      if (delay.compareTo(Duration.ofSeconds(1)) < 0 || delay.compareTo(Duration.ofHours(12)) > 0) {
        throw new IllegalArgumentException("an import's backoff delays are from 1 s to 12 hours, not " + delay);
      }
    }
    List<Duration> list = List.of(delays);
    checkBackoff(maxDeliver, list);
    return new NatsImport(name, topics, ackWait, maxDeliver, list, batchSize);
  }

  private void checkBackoff(int maxDeliver, List<Duration> backoff) {
    if (maxDeliver != -1 && !backoff.isEmpty() && maxDeliver <= backoff.size()) {
      throw new IllegalArgumentException(
          "import \"" + name + "\" has " + backoff.size() + " backoff delays, so its max deliver must"
              + " be more than that (NATS requires it), not " + maxDeliver);
    }
  }

  /**
   * Sets how many messages one fetch asks for.
   *
   * @param batchSize 1 to 1,000
   * @return settings with this batch size
   * @throws IllegalArgumentException if out of range
   */
  public NatsImport batchSize(int batchSize) {
    if (batchSize < 1 || batchSize > 1000) {
      throw new IllegalArgumentException("an import's batch size is 1 to 1000, not " + batchSize);
    }
    return new NatsImport(name, topics, ackWait, maxDeliver, backoff, batchSize);
  }

  /**
   * The import's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The topic pattern imported.
   *
   * @return the pattern
   */
  public String topics() {
    return topics;
  }

  /**
   * The ack wait.
   *
   * @return the ack wait
   */
  public Duration ackWait() {
    return ackWait;
  }

  /**
   * The most deliveries of a message, -1 for unlimited.
   *
   * @return the limit
   */
  public int maxDeliver() {
    return maxDeliver;
  }

  /**
   * The redelivery delays, empty for none.
   *
   * @return the delays
   */
  public List<Duration> backoff() {
    return backoff;
  }

  /**
   * Messages asked for per fetch.
   *
   * @return the batch size
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * The name of the durable subscription under which the store keeps this import's lease and
   * parked messages: {@code nats-import-<name>}.
   *
   * @return the subscription name
   */
  public String subscriptionName() {
    return "nats-import-" + name;
  }

  @Override
  public String toString() {
    return "NatsImport[" + name + ", topics " + topics + ", ack wait " + ackWait + ", max deliver "
        + maxDeliver + (backoff.isEmpty() ? "" : ", backoff " + backoff) + ", batch " + batchSize + "]";
  }
}
