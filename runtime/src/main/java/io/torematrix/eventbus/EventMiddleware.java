package io.torematrix.eventbus;

import java.util.concurrent.CompletionStage;

/**
 * Observes, changes the fate of, or rejects each published event, in the manner of an OkHttp
 * interceptor. The bus composes its middleware into a chain once, when it is built; an event runs
 * through it on the publisher's thread after its context exists and before any handler runs.
 *
 * <pre>{@code
 * final class Timing implements EventMiddleware {
 *   public CompletionStage<PublishResult> intercept(Chain chain) {
 *     long start = System.nanoTime();                       // before
 *     return chain.proceed().whenComplete((result, error) ->  // after: result and failures
 *         metrics.record(chain.context().typeName(), System.nanoTime() - start));
 *   }
 * }
 * }</pre>
 *
 * <p>A middleware calls {@link Chain#proceed()} at most once. Not calling it short-circuits the
 * event: no handler runs and the stage the middleware returns is the publisher's. To reject an
 * event, throw {@link EventRejectedException} (or any exception): the publish stage fails with it.
 * So does anything else a middleware throws, an {@code Error} included: the event is then not
 * accepted, and nothing of it stays counted.
 */
@FunctionalInterface
public interface EventMiddleware {

  /**
   * Handles one event: usually does something, calls {@code chain.proceed()}, and returns its
   * stage, perhaps with more work attached.
   *
   * @param chain the event, its context, and the rest of the chain
   * @return the stage of the publish result, usually {@code chain.proceed()}'s
   * @throws Exception to reject the event; the publish stage fails with it
   */
  CompletionStage<PublishResult> intercept(Chain chain) throws Exception;

  /** The event passing through, and the rest of the chain. */
  interface Chain {

    /** {@return the event being published} */
    Object event();

    /** {@return its context: id, type, topic, correlation} */
    EventContext context();

    /**
     * Passes the event to the next middleware, or, after the last one, to the handlers.
     *
     * @return the stage of the publish result
     * @throws IllegalStateException if called a second time by the same middleware
     */
    CompletionStage<PublishResult> proceed();
  }
}
