package io.torematrix.eventbus.example.tour;

import static io.torematrix.eventbus.example.Console.heading;
import static io.torematrix.eventbus.example.Console.say;
import static io.torematrix.eventbus.example.tour.Summary.summary;

import io.torematrix.eventbus.DeadEvent;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.HandlerFailure;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.example.Console;
import io.torematrix.eventbus.example.listeners.AuditTrail;
import io.torematrix.eventbus.example.listeners.Billing;
import io.torematrix.eventbus.example.listeners.Inventory;
import io.torematrix.eventbus.example.listeners.Shipping;
import io.torematrix.eventbus.example.listeners.VipDesk;
import io.torematrix.eventbus.example.orders.OrderPlaced;
import io.torematrix.eventbus.example.orders.OrderShipped;
import io.torematrix.eventbus.example.orders.StockCounted;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * The basics: generated registration, publishing and awaiting, a failing handler, a filter,
 * topics and a dead event.
 */
public final class Basics {
  private Basics() {}

  /** Runs the steps on {@code bus}; returns the inventory so the end of the tour can show it. */
  public static Inventory run(EventBus bus) throws InterruptedException {
    Inventory inventory = new Inventory();
    registerListeners(bus, inventory);
    publishAndAwait(bus);
    failingHandler(bus);
    filterAtWork(bus);
    topics(bus);
    deadEvent(bus);
    posting(bus);
    return inventory;
  }

  private static void registerListeners(EventBus bus, Inventory inventory) {
    heading("1. Listeners are registered through generated dispatchers (no reflection)");
    Object[] listeners = {
      inventory, new Billing(), new AuditTrail(), new VipDesk(), new Shipping(bus)
    };
    for (Object listener : listeners) {
      Subscription subscription = bus.register(listener);
      say("registered " + listener.getClass().getSimpleName() + " -> " + subscription);
    }
    bus.subscribe(
        OrderShipped.class,
        shipped -> Console.handler("lambda", shipped.orderId() + " shipped with " + shipped.carrier()),
        SubscribeOptions.defaults().priority(Priority.IMMEDIATE));
    say("subscribed a lambda to OrderShipped (IMMEDIATE)");
    say("Each line a handler prints reads [handler @ thread]. IMMEDIATE handlers run on the");
    say("publishing thread, here " + Thread.currentThread().getName() + "; NORMAL ones on the bus's");
    say("pool, torematrix-eventbus-<b>-normal-<n>, where b numbers the buses of the process (the");
    say("shop's bus is the first); DEFERRED ones on torematrix-eventbus-<b>-deferred-1. Billing");
    say("charges cards on a thread of its own, payment-gateway; the bus awaits its stage.");
  }

  private static void publishAndAwait(EventBus bus) throws InterruptedException {
    heading("2. Publishing an order and awaiting every IMMEDIATE and NORMAL handler");
    OrderPlaced order = new OrderPlaced("o-1", "ada", "book", 2, new BigDecimal("40.00"));
    say("publish(" + order + ")");
    PublishResult result = bus.publish(order).toCompletableFuture().join();
    say("-> " + summary(result));
    say("   the result counts handlers: delivered ran to the end, filtered were turned away by");
    say("   their filter (VipDesk greets orders of 100.00 or more: section 4), failed threw, and");
    say("   deferred are DEFERRED handlers, which publish does not wait for.");
    bus.drain(Duration.ofSeconds(5));
    say("Shipping published OrderShipped from its handler: same correlation, caused by o-1");
  }

  private static void failingHandler(EventBus bus) throws InterruptedException {
    heading("3. A failing handler is reported three times over, never lost");
    OrderPlaced order = new OrderPlaced("o-2", "bob", "piano", 1, new BigDecimal("900.00"));
    say("publish(" + order + ")");
    PublishResult result = bus.publish(order).toCompletableFuture().join();
    say("-> " + summary(result));
    for (HandlerFailure failure : result.failures()) {
      say("   failure in result: " + failure.handler() + ": " + failure.error().getMessage());
    }
    bus.drain(Duration.ofSeconds(5));
  }

  private static void filterAtWork(EventBus bus) throws InterruptedException {
    heading("4. A filter at work: VipDesk only greets orders of 100.00 or more");
    PublishResult small =
        bus.publish(new OrderPlaced("o-3", "cy", "pen", 1, new BigDecimal("3.50"))).toCompletableFuture().join();
    say("-> small order: " + summary(small));
    PublishResult big =
        bus.publish(new OrderPlaced("o-4", "di", "book", 5, new BigDecimal("120.00"))).toCompletableFuture().join();
    say("-> big order:   " + summary(big));
    bus.drain(Duration.ofSeconds(5));
  }

  private static void topics(EventBus bus) throws InterruptedException {
    heading("5. Topics: VipDesk listens on orders.* only");
    PublishResult elsewhere =
        bus.publish(new OrderPlaced("o-5", "ed", "book", 9, new BigDecimal("200.00")), "wholesale.eu.placed")
            .toCompletableFuture()
            .join();
    say("-> published on wholesale.eu.placed: " + summary(elsewhere) + " (no VipDesk greeting)");
    bus.drain(Duration.ofSeconds(5));
  }

  private static void deadEvent(EventBus bus) {
    heading("6. An event nobody listens to is reported as dead");
    bus.subscribe(
        DeadEvent.class,
        dead -> Console.handler("dead letters", "nobody handled " + dead.context().typeName() + ": " + dead.event()),
        SubscribeOptions.defaults().priority(Priority.IMMEDIATE));
    PublishResult result = bus.publish(new StockCounted("book", 84)).toCompletableFuture().join();
    say("-> " + summary(result) + (result.isDead() ? "  DEAD: no subscription matched" : ""));
  }

  private static void posting(EventBus bus) throws InterruptedException {
    heading("6b. post: publishing when nobody awaits a result");
    say("post(OrderShipped[o-2, parcel post])");
    bus.post(new OrderShipped("o-2", "parcel post"));
    say("-> post returned, with no stage to complete: the IMMEDIATE handlers ran before it, and it");
    say("   was stored first; failures still reach onError and the error handler, and drain and");
    say("   close await the NORMAL and DEFERRED handlers still to run.");
    bus.drain(Duration.ofSeconds(10));
  }

}
