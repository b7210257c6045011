package io.torematrix.eventbus.it.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.annotation.Event;
import io.torematrix.eventbus.middleware.LoggingMiddleware;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The bus logs through {@link System.Logger}; with {@code org.slf4j:slf4j-jdk-platform-logging}
 * and Logback on the class path (this module's test class path, as the README shows), its records
 * arrive in Logback under the bus's logger names, at the matching level, with their exception.
 */
class SystemLoggerToSlf4jTest {

  @Event(name = "logging.order-placed")
  record OrderPlaced(String orderId) {}

  private final ListAppender<ILoggingEvent> received = new ListAppender<>();
  private final Logger busLogger = (Logger) LoggerFactory.getLogger("io.torematrix.eventbus");
  private Level levelBefore;

  @BeforeEach
  void listen() {
    received.start();
    busLogger.addAppender(received);
    levelBefore = busLogger.getLevel();
    busLogger.setLevel(Level.DEBUG);
  }

  @AfterEach
  void stopListening() {
    busLogger.detachAppender(received);
    busLogger.setLevel(levelBefore);
  }

  @Test
  void theJdkHandsSystemLoggersToSlf4j() {
    assertEquals(
        "org.slf4j.jdk.platform.logging.SLF4JSystemLoggerFinder",
        System.LoggerFinder.getLoggerFinder().getClass().getName());
  }

  @Test
  void aHandlerFailureReportedByTheDefaultErrorHandlerIsALogbackWarningWithItsException() {
    IllegalStateException boom = new IllegalStateException("card declined");
    PublishResult result;
    try (EventBus bus = EventBus.builder().directExecution().build()) {
      bus.subscribe(
          OrderPlaced.class,
          order -> {
            throw boom;
          });
      result = bus.publish(new OrderPlaced("o-1")).toCompletableFuture().join();
    }

    assertEquals(1, result.failed());
    List<ILoggingEvent> warnings =
        received.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    assertEquals(1, warnings.size(), received.list::toString);
    ILoggingEvent warning = warnings.get(0);
    assertEquals("io.torematrix.eventbus", warning.getLoggerName());
    assertTrue(
        warning.getFormattedMessage().startsWith("lambda subscriber #1 of OrderPlaced failed (HANDLER) on logging.order-placed event "),
        warning.getFormattedMessage());
    assertEquals(IllegalStateException.class.getName(), warning.getThrowableProxy().getClassName());
    assertEquals("card declined", warning.getThrowableProxy().getMessage());
  }

  @Test
  void loggingMiddlewareWritesDebugRecordsToItsOwnLogger() {
    Logger eventsLogger = (Logger) LoggerFactory.getLogger("io.torematrix.eventbus.events");
    try (EventBus bus =
        EventBus.builder().directExecution().middleware(new LoggingMiddleware()).build()) {
      bus.subscribe(OrderPlaced.class, order -> {});
      bus.publish(new OrderPlaced("o-2")).toCompletableFuture().join();
    }

    List<ILoggingEvent> events =
        received.list.stream().filter(e -> e.getLoggerName().equals(eventsLogger.getName())).toList();
    assertEquals(List.of(Level.DEBUG, Level.DEBUG), events.stream().map(ILoggingEvent::getLevel).toList());
    assertTrue(events.get(0).getFormattedMessage().startsWith("publishing logging.order-placed event "));
    assertTrue(events.get(1).getFormattedMessage().startsWith("handled logging.order-placed event "));
  }
}
