package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.annotation.TopicSyntax;

/** Run-time checks of topics given to {@code publish}, against {@link TopicSyntax}. */
final class Topics {
  private Topics() {}

  /**
   * Returns {@code topic} if it is a valid topic (no wildcards).
   *
   * @throws IllegalArgumentException naming the fault
   */
  static String requireTopic(String topic) {
    String problem = TopicSyntax.problem(topic, false);
    if (problem != null) {
      throw new IllegalArgumentException("invalid topic \"" + topic + "\": " + problem);
    }
    return topic;
  }
}
