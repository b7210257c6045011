package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.spi.EventBusIndex;
import io.torematrix.eventbus.spi.EventTypeInfo;
import io.torematrix.eventbus.spi.HandlerRegistrar;
import io.torematrix.eventbus.spi.HandlerSpec;
import io.torematrix.eventbus.spi.ListenerDispatcher;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Events and a listener for runtime tests, with the index and dispatcher the processor would
 * generate for them written by hand (the runtime's own tests run without the processor).
 */
final class TestEvents implements EventBusIndex {
  record Ping(int number) {}

  record Pong(int number) {}

  /** Answers each {@link Ping} request with a {@link Pong}, at once or when told to. */
  static final class Responder {
    private final EventBus bus;
    private final boolean later;
    final Queue<EventContext> pending = new ConcurrentLinkedQueue<>();

    /** @param later keep the requests until {@link #replyToPending} instead of replying at once */
    Responder(EventBus bus, boolean later) {
      this.bus = bus;
      this.later = later;
    }

    void onPing(Ping ping, EventContext context) {
      if (later) {
        pending.add(context);
      } else {
        bus.reply(context, new Pong(ping.number()));
      }
    }

    /** Replies to every request kept so far; returns how many. */
    int replyToPending() {
      int replied = 0;
      EventContext request;
      while ((request = pending.poll()) != null) {
        bus.reply(request, new Pong(replied++));
      }
      return replied;
    }
  }

  @Override
  public List<EventTypeInfo> eventTypes() {
    return List.of(
        EventTypeInfo.of(Ping.class, "test.ping", 1, "test.ping"),
        EventTypeInfo.of(Pong.class, "test.pong", 1, "test.pong"));
  }

  @Override
  public List<ListenerDispatcher> dispatchers() {
    return List.of(
        new ListenerDispatcher() {
          @Override
          public Class<?> listenerType() {
            return Responder.class;
          }

          @Override
          public void bind(Object listener, HandlerRegistrar registrar) {
            Responder target = (Responder) listener;
            registrar.add(
                HandlerSpec.of(Ping.class, "Responder.onPing(Ping, EventContext)")
                    .priority(Priority.IMMEDIATE)
                    .sync(target::onPing));
          }
        });
  }
}
