package io.torematrix.eventbus.internal;

import java.time.Duration;
import java.util.concurrent.Future;

/** Ends the windows of batches: flushes a batcher on the {@code DEFERRED} thread after a delay. */
interface BatchWindows {

  /** Flushes {@code batcher} after {@code window}, unless the returned future is cancelled. */
  Future<?> expireAfter(Duration window, Batcher<?> batcher);
}
