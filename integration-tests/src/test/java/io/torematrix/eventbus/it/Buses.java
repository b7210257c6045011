package io.torematrix.eventbus.it;

import io.torematrix.eventbus.HandlerFailure;
import io.torematrix.eventbus.PublishResult;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Helpers shared by the integration tests. */
final class Buses {
  private Buses() {}

  /** Waits for a publish result, at most ten seconds. */
  static PublishResult await(CompletionStage<PublishResult> stage) {
    try {
      return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("publish did not complete normally", e);
    }
  }

  /** Collects what the bus's error handler is told. */
  static final class Failures implements java.util.function.Consumer<HandlerFailure> {
    final List<HandlerFailure> seen = new CopyOnWriteArrayList<>();

    @Override
    public void accept(HandlerFailure failure) {
      seen.add(failure);
    }
  }
}
