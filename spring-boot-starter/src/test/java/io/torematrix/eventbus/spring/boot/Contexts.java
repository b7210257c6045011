package io.torematrix.eventbus.spring.boot;

import io.torematrix.eventbus.PublishResult;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Helpers shared by the starter's tests. */
final class Contexts {
  private Contexts() {}

  /** A runner for real application contexts with the bus's auto-configuration. */
  static ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(LifecycleAutoConfiguration.class, EventBusAutoConfiguration.class));
  }

  /** Waits for a publish result, at most ten seconds. */
  static PublishResult await(CompletionStage<PublishResult> stage) {
    try {
      return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("publish did not complete normally", e);
    }
  }
}
