package io.torematrix.eventbus.annotation;

/**
 * Where a durable subscription seen for the first time starts reading the store. Once it has a
 * checkpoint, it always resumes after that checkpoint, whatever this says.
 */
public enum DurableStart {
  /**
   * After the last event stored when the subscription is made: it receives the events published
   * from then on. The default.
   */
  HEAD,

  /** Before the first stored event: it receives every stored event of its types, oldest first. */
  BEGINNING
}
