package io.torematrix.eventbus.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An event's share of one lane: the tasks that deliver it there. When the last one is done, the
 * lane's room is released and the publication's part arrives.
 */
final class LanePart implements Owed {
  final Lane lane;
  private final Publication publication;
  private final AtomicInteger remaining;
  /** Set by the thread that marked the last task done, before it releases anything. */
  private boolean finishing;

  private boolean released;

  /**
   * A share of {@code lane} that, once {@code tasks} tasks have run, releases room reserved there
   * and brings a part of {@code publication}: its maker {@linkplain Publication#expect() adds}
   * that part, and hands the room over, once the share and its tasks exist.
   */
  LanePart(Lane lane, Publication publication, int tasks) {
    this.lane = lane;
    this.publication = publication;
    this.remaining = new AtomicInteger(tasks);
  }

  /**
   * Marks one task done. It throws, a {@link StackOverflowError} say, either before it marked
   * anything or after it recorded that it is finishing the part: calling it again, owed, carries
   * on where it stopped.
   */
  @Override
  public void settle() {
    if (finishing) {
      finish();
    } else if (remaining.decrementAndGet() == 0) {
      finishing = true;
      finish();
    }
  }

  private void finish() {
    if (!released) {
      lane.release();
      released = true;
    }
    publication.settle();
  }
}
