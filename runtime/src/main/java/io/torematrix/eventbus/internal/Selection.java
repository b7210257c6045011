package io.torematrix.eventbus.internal;

/** The subscribers one event reaches, by priority level, each array in delivery order. */
final class Selection {
  static final Subscriber<?>[] NONE = new Subscriber<?>[0];
  static final Selection EMPTY = new Selection(NONE, NONE, NONE);

  final Subscriber<?>[] immediate;
  final Subscriber<?>[] normal;
  final Subscriber<?>[] deferred;

  Selection(Subscriber<?>[] immediate, Subscriber<?>[] normal, Subscriber<?>[] deferred) {
    this.immediate = immediate;
    this.normal = normal;
    this.deferred = deferred;
  }

  boolean isEmpty() {
    return immediate.length == 0 && normal.length == 0 && deferred.length == 0;
  }
}
