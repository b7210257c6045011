package io.torematrix.eventbus.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An event's share of one lane: the tasks that deliver it there. When the last one is done, the
 * lane's room is released and the publication's part arrives.
 */
final class LanePart implements Runnable {
  private final Lane lane;
  private final Publication publication;
  private final AtomicInteger remaining;

  /** Adds a part to {@code publication} that arrives once {@code tasks} tasks have run. */
  LanePart(Lane lane, Publication publication, int tasks) {
    this.lane = lane;
    this.publication = publication;
    this.remaining = new AtomicInteger(tasks);
    publication.expect();
  }

  /** Marks one task done. */
  @Override
  public void run() {
    if (remaining.decrementAndGet() == 0) {
      lane.release();
      publication.arrive();
    }
  }
}
