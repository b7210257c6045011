package io.torematrix.eventbus.example.spring.orders;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventRejectedException;
import io.torematrix.eventbus.example.spring.listeners.SalesLedger;
import io.torematrix.eventbus.example.spring.listeners.SalesLedger.Sale;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Takes orders over HTTP and publishes them; lists the orders the store kept, and the sales. */
@RestController
public class OrderController {

  /** The body of {@code POST /orders}. */
  public record NewOrder(String item, int quantity) {}

  /** The answer to {@code POST /orders}: the order's id and how its handlers fared. */
  public record Accepted(String orderId, int delivered, int failed) {}

  private final EventBus bus;
  private final SalesLedger ledger;

  /** A controller publishing on {@code bus} and reading {@code ledger}. */
  public OrderController(EventBus bus, SalesLedger ledger) {
    this.bus = bus;
    this.ledger = ledger;
  }

  /**
   * Publishes an {@link OrderPlaced}; answers 202 once its IMMEDIATE and NORMAL handlers have run,
   * or 400 if the order was refused.
   */
  @PostMapping("/orders")
  public CompletionStage<ResponseEntity<Accepted>> place(@RequestBody NewOrder order) {
    String orderId = UUID.randomUUID().toString();
    return bus.publish(new OrderPlaced(orderId, order.item(), order.quantity()))
        .thenApply(
            result ->
                ResponseEntity.status(HttpStatus.ACCEPTED)
                    .body(new Accepted(orderId, result.delivered(), result.failed())));
  }

  /** Every order placed, read back from the event store. */
  @GetMapping("/orders")
  public CompletionStage<List<OrderPlaced>> orders() {
    return bus.getEvents(OrderPlaced.class, order -> true);
  }

  /** The sales ledger, which the durable subscription {@code sales-ledger} fills. */
  @GetMapping("/sales")
  public List<Sale> sales() {
    return ledger.sales();
  }

  /** A refused order: 400, with the middleware's reason. */
  @ExceptionHandler({EventRejectedException.class, CompletionException.class})
  public ResponseEntity<Map<String, String>> refused(RuntimeException e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (!(cause instanceof EventRejectedException)) {
      throw e;
    }
    return ResponseEntity.badRequest().body(Map.of("error", cause.getMessage()));
  }
}
