package io.torematrix.eventbus.internal;

/**
 * A release a thread could not make because its stack overflowed, kept in its {@link
 * ThreadState} until a frame with stack to spare makes it. {@link #settle()} lets go of one thing:
 * a count of work in flight, room on a lane, an invocation of a subscriber, a part of a
 * publication.
 *
 * <p>It may be called again after it threw, so it either throws before it had any effect, or
 * records how far it got and carries on from there. It throws nothing but errors.
 */
interface Owed {

  /** Makes the release, or the rest of it. */
  void settle();
}
