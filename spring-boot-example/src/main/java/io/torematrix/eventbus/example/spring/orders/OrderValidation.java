package io.torematrix.eventbus.example.spring.orders;

import io.torematrix.eventbus.EventMiddleware;
import io.torematrix.eventbus.EventRejectedException;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.annotation.Middleware;
import java.util.concurrent.CompletionStage;
import org.springframework.stereotype.Component;

/**
 * Refuses orders of nothing before any handler sees them. A {@code @Middleware} class scoped to
 * {@link OrderPlaced}, wired by generated code; being a bean too, the starter hands this bean to
 * the bus as its instance, so it runs once.
 */
@Middleware(order = 10, events = OrderPlaced.class)
@Component
public final class OrderValidation implements EventMiddleware {

  @Override
  public CompletionStage<PublishResult> intercept(Chain chain) {
    OrderPlaced order = (OrderPlaced) chain.event();
    if (order.quantity() < 1) {
      throw new EventRejectedException(
          "an order needs a quantity of at least 1, not " + order.quantity());
    }
    return chain.proceed();
  }
}
