package io.torematrix.eventbus.example.orders;

import io.torematrix.eventbus.EventMiddleware;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.annotation.Middleware;
import io.torematrix.eventbus.example.Console;
import java.util.concurrent.CompletionStage;

/**
 * Audits the order event family: the processor lists it in the generated index, and every bus
 * runs it for {@link OrderEvent}s, and for nothing else.
 */
@Middleware(order = 10, events = OrderEvent.class)
public final class OrderAuditMiddleware implements EventMiddleware {

  @Override
  public CompletionStage<PublishResult> intercept(Chain chain) {
    String what = chain.context().typeName() + " " + ((OrderEvent) chain.event()).orderId();
    return chain
        .proceed()
        .whenComplete(
            (result, error) ->
                Console.handler(
                    "OrderAuditMiddleware",
                    what
                        + (error != null
                            ? " refused: " + error.getMessage()
                            : " handled by " + result.delivered() + ", " + result.failed() + " failed")));
  }
}
