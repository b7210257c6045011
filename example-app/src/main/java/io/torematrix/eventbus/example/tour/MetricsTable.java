package io.torematrix.eventbus.example.tour;

import static io.torematrix.eventbus.example.Console.heading;
import static io.torematrix.eventbus.example.Console.say;

import io.torematrix.eventbus.EventBusMetrics;
import io.torematrix.eventbus.EventTypeMetrics;
import io.torematrix.eventbus.LaneMetrics;
import java.time.Duration;

/** Prints a bus's metrics as a table. */
public final class MetricsTable {
  private static final String ROW = "%-28s %9s %9s %8s %6s %4s %6s %9s %9s";

  private MetricsTable() {}

  public static void print(EventBusMetrics metrics) {
    heading("15. Metrics: what the shop's bus counted in sections 0 to 9");
    say(String.format(ROW, "event type", "published", "delivered", "filtered", "failed", "dead", "err%", "p50", "p99"));
    for (EventTypeMetrics type : metrics.eventTypes()) {
      if (type.published() > 0) {
        say(row(type));
      }
    }
    say(row(metrics.total()));
    for (LaneMetrics lane : metrics.lanes()) {
      say(lane.priority() + " queue: " + lane.depth() + " of " + lane.capacity() + ", " + lane.running() + " running");
    }
    say(
        "in flight: "
            + metrics.inFlight()
            + "; handler times from "
            + metrics.total().handlerTime().count()
            + " timed invocations");
  }

  private static String row(EventTypeMetrics type) {
    return String.format(
        ROW,
        type.eventType(),
        type.published(),
        type.delivered(),
        type.filtered(),
        type.failed(),
        type.dead(),
        String.format("%.1f", type.errorRate() * 100),
        micros(type.handlerTime().p50()),
        micros(type.handlerTime().p99()));
  }

  private static String micros(Duration duration) {
    return duration.toNanos() / 1_000 + " µs";
  }
}
