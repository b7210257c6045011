package io.torematrix.eventbus.internal;

/** Queued work that can report itself as failed when it will never run. */
interface Abandonable {

  /** Reports every delivery this work would have made as failed with {@code reason}. */
  void abandon(Throwable reason);
}
