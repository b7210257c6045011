package io.torematrix.eventbus.spring.boot;

import io.torematrix.eventbus.EventMiddleware;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.annotation.Middleware;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A discovered {@code @Middleware} class: the bus makes an instance unless the application gives
 * one, as a bean. Counts what each instance saw, and what all instances saw together.
 */
@Middleware(order = 1, events = Audited.class)
public final class AuditMiddleware implements EventMiddleware {
  /** Events seen by every instance together. */
  static final AtomicInteger ALL_INSTANCES = new AtomicInteger();

  /** Events seen by this instance. */
  final AtomicInteger seen = new AtomicInteger();

  /** Made by the bus, or by a bean method. */
  public AuditMiddleware() {}

  @Override
  public CompletionStage<PublishResult> intercept(Chain chain) {
    seen.incrementAndGet();
    ALL_INSTANCES.incrementAndGet();
    return chain.proceed();
  }
}
