package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.HandlerFailure;
import io.torematrix.eventbus.PublishOptions;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.annotation.Priority;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * Request and reply over topics, as NATS does: a request is published with a unique reply topic
 * ({@code _INBOX.<id>}) in its context, on which an {@code IMMEDIATE} subscription awaits the
 * first reply until the request's deadline. The subscription and the deadline are let go as soon
 * as the request completes, however it completes. Once the bus is closed nothing can be published,
 * so no reply can come: {@link #failWaiting} fails the requests still waiting.
 */
final class RequestReply {
  private final EventTypes types;
  private final Publisher publisher;
  private final HandlerBinder binder;
  private final EventIds ids;
  private final BusClock clock;
  /** The requests awaiting their reply, each with what it awaits, as its failure will say. */
  private final Map<CompletableFuture<?>, String> waiting = new ConcurrentHashMap<>();

  RequestReply(
      EventTypes types, Publisher publisher, HandlerBinder binder, EventIds ids, BusClock clock) {
    this.types = types;
    this.publisher = publisher;
    this.binder = binder;
    this.ids = ids;
    this.clock = clock;
  }

  <R> CompletionStage<R> request(Object request, Class<R> responseType, Duration timeout) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(responseType, "responseType");
    Objects.requireNonNull(timeout, "timeout");
    String what = types.require(request.getClass()).info().name() + " request";
    String responseName = types.require(responseType).info().name();
    String replyTo = "_INBOX." + ids.next().toString().replace("-", "");
    String awaited = responseName + " reply to the " + what + " arrived on " + replyTo;
    CompletableFuture<R> response = new CompletableFuture<>();
    Subscription listener =
        binder.subscribe(
            responseType,
            response::complete,
            SubscribeOptions.<R>defaults().priority(Priority.IMMEDIATE).topics(replyTo));
    waiting.put(response, awaited);
    response.whenComplete(
        (value, error) -> {
          listener.close();
          waiting.remove(response);
        });
    CompletionStage<PublishResult> published;
    try {
      published = publisher.publish(request, PublishOptions.defaults(), replyTo);
    } catch (RuntimeException refused) {
      listener.close();
      waiting.remove(response);
      throw refused;
    }
    published.whenComplete(
        (result, error) -> {
          if (error != null) {
            response.completeExceptionally(error);
          } else if (result.isDead()) {
            response.completeExceptionally(
                new IllegalStateException(
                    "no subscription received the "
                        + what
                        + " "
                        + result.context().eventId()
                        + ", so nobody can reply to it"));
          } else if (result.delivered() == 0
              && result.deferred() == 0
              && !result.failures().isEmpty()) {
            HandlerFailure first = result.failures().get(0);
            response.completeExceptionally(
                new IllegalStateException(
                    "every handler of the "
                        + what
                        + " failed, so nobody replied; "
                        + first.handler()
                        + " threw",
                    first.error()));
          }
        });
    if (!response.isDone()) {
      Future<?> deadline =
          clock.afterDelay(
              timeout,
              () ->
                  response.completeExceptionally(
                      new TimeoutException("no " + awaited + " within " + timeout)));
      response.whenComplete((value, error) -> deadline.cancel(false));
    }
    return response;
  }

  /**
   * Fails every request still waiting for its reply, once the bus is closed: from then on nothing
   * can be published, so no reply can come, and the request would otherwise wait (holding its
   * subscription and its deadline) until it timed out.
   */
  void failWaiting() {
    waiting.forEach(
        (response, awaited) ->
            response.completeExceptionally(
                new IllegalStateException("the bus closed before a " + awaited)));
  }

  CompletionStage<PublishResult> reply(EventContext request, Object response) {
    Objects.requireNonNull(request, "request");
    String replyTo =
        request
            .replyTo()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the "
                            + request.typeName()
                            + " event "
                            + request.eventId()
                            + " expects no reply: it was published, not sent with"
                            + " bus.request(...)"));
    return publisher.publish(
        response, PublishOptions.defaults().topic(replyTo).causedBy(request), null);
  }
}
