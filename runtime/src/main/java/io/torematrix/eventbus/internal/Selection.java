package io.torematrix.eventbus.internal;

/**
 * The subscribers one event reaches, by lane, each array in delivery order. {@code NORMAL}
 * subscribers are split: the unordered ones share one task, each ordered one has its queue.
 * Durable subscribers are not delivered to here: their workers read the event from the store,
 * once woken.
 */
final class Selection {
  static final Subscriber<?>[] NONE = new Subscriber<?>[0];
  static final Selection EMPTY = new Selection(NONE, NONE, NONE, NONE, NONE);

  final Subscriber<?>[] immediate;
  final Subscriber<?>[] normal;
  final Subscriber<?>[] ordered;
  final Subscriber<?>[] deferred;
  final Subscriber<?>[] durable;
  /** Whether every subscriber is {@code IMMEDIATE} and synchronous: all run during publish. */
  final boolean immediateSyncOnly;
  /**
   * Whether every subscriber is {@code NORMAL}, unordered and synchronous: a {@code post} hands the
   * event to the lane's ring (see {@link Deliverer#postToLane}).
   */
  final boolean normalSyncOnly;

  Selection(
      Subscriber<?>[] immediate,
      Subscriber<?>[] normal,
      Subscriber<?>[] ordered,
      Subscriber<?>[] deferred,
      Subscriber<?>[] durable) {
    this.immediate = immediate;
    this.normal = normal;
    this.ordered = ordered;
    this.deferred = deferred;
    this.durable = durable;
    boolean syncOnly =
        immediate.length > 0
            && normal.length == 0
            && ordered.length == 0
            && deferred.length == 0
            && durable.length == 0;
    for (Subscriber<?> subscriber : immediate) {
      syncOnly &= subscriber.syncHandler != null && subscriber.batcher() == null;
    }
    this.immediateSyncOnly = syncOnly;
    boolean normalOnly =
        normal.length > 0
            && immediate.length == 0
            && ordered.length == 0
            && deferred.length == 0
            && durable.length == 0;
    for (Subscriber<?> subscriber : normal) {
      normalOnly &= subscriber.syncHandler != null && subscriber.batcher() == null;
    }
    this.normalSyncOnly = normalOnly;
  }

  boolean hasNormal() {
    return normal.length > 0 || ordered.length > 0;
  }

  boolean isEmpty() {
    return immediate.length == 0 && !hasNormal() && deferred.length == 0 && durable.length == 0;
  }
}
