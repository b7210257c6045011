package io.torematrix.eventbus.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an {@code EventMiddleware} the processor wires in: it is listed, with its order and scope,
 * in the generated index, and every bus built with discovered middleware (the default) runs it for
 * the events in its scope.
 *
 * <pre>{@code
 * @Middleware(order = 10, events = OrderEvent.class, topics = "orders.>")
 * final class OrderAudit implements EventMiddleware {
 *   public CompletionStage<PublishResult> intercept(Chain chain) { ... }
 * }
 * }</pre>
 *
 * <p>The class must implement {@code EventMiddleware}, must not be abstract or private, and needs a
 * non-private no-argument constructor or a static no-argument {@code create()} method returning
 * it, through which generated code makes the instance (a bus can be given an instance instead, for
 * example one built by a dependency-injection container). Two middleware of one compilation may not
 * share an {@link #order()}. Each rule is checked at build time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Middleware {

  /**
   * {@return the position in the chain of discovered middleware: lower runs first (outermost)}
   * Unique among the middleware of one compilation, so that the chain is deterministic; any
   * {@code int}.
   */
  int order();

  /**
   * {@return the {@code @Event} types, and so their subtypes, this middleware applies to} Empty
   * (the default) means every type; a type that is not an {@code @Event} is a compile error.
   */
  Class<?>[] events() default {};

  /**
   * {@return the topic patterns this middleware applies to} {@code *} matches one token, {@code >}
   * the rest, as in {@link Subscribe#topics()}; empty (the default) means every topic, and an
   * invalid pattern is a compile error.
   */
  String[] topics() default {};
}
