package io.torematrix.eventbus.example;

import static io.torematrix.eventbus.example.Console.heading;
import static io.torematrix.eventbus.example.Console.say;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.HandlerFailure;
import io.torematrix.eventbus.HandlerTiming;
import io.torematrix.eventbus.example.listeners.Inventory;
import io.torematrix.eventbus.example.listeners.SalesLedger;
import io.torematrix.eventbus.example.tour.Basics;
import io.torematrix.eventbus.example.tour.Durability;
import io.torematrix.eventbus.example.tour.History;
import io.torematrix.eventbus.example.tour.MetricsTable;
import io.torematrix.eventbus.example.tour.Patterns;
import io.torematrix.eventbus.example.tour.Resilience;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A tour of Torematrix Event Bus on a small shop: each step prints what the bus and the handlers
 * did. Run it with the command in the README.
 */
public final class ExampleApp {
  private ExampleApp() {}

  /** Runs the tour; the optional argument is the SQLite file, by default in the temp directory. */
  public static void main(String[] args) throws Exception {
    Path file =
        args.length > 0
            ? Path.of(args[0])
            : Path.of(System.getProperty("java.io.tmpdir"), "torematrix-eventbus-example.db");
    try (EventBus bus =
        EventBus.builder()
            .store(JdbcEventStores.sqlite(file))
            .errorHandler(ExampleApp::busErrorHandler)
            .handlerTiming(HandlerTiming.ALL)
            .build()) {
      History.begin(bus, file);
      SalesLedger ledger = Durability.begin(bus);
      Inventory inventory = Basics.run(bus);
      Patterns.run(bus);
      Resilience.run();
      bus.drain(Duration.ofSeconds(5));
      Durability.end(bus, ledger);
      MetricsTable.print(bus.metrics());
      heading("16. Closing: the bus drains what it accepted, then stops its threads");
      say("books reserved in total: " + inventory.reserved("book"));
    }
    say("closed.");
  }

  private static void busErrorHandler(HandlerFailure failure) {
    Console.handler(
        "bus error handler",
        failure.handler() + " failed (" + failure.step() + "): " + failure.error().getMessage());
  }
}
