package io.torematrix.eventbus;

import io.torematrix.eventbus.annotation.Priority;

/**
 * The state of one priority level's queue at the time of the snapshot.
 *
 * @param priority {@code NORMAL} or {@code DEFERRED} ({@code IMMEDIATE} handlers have no queue)
 * @param depth events holding a place in the queue: their handlers at this level are queued or
 *     running
 * @param running delivery tasks running right now on the level's threads
 * @param capacity the most events the queue takes
 */
public record LaneMetrics(Priority priority, int depth, long running, int capacity) {}
