package io.torematrix.eventbus.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.internal.TestEvents.Ping;
import io.torematrix.eventbus.spi.HandlerSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Routes patched in place: a change of subscribers makes a new route from the old one, which keeps
 * delivery order, shares what did not change, and gives publishers back the route they had when a
 * subscription goes as it came.
 */
class RouteTest {
  private long sequence;

  private Subscriber<?> subscriber(Priority priority, int order, String... topics) {
    return Subscriber.of(
        HandlerSpec.of(Ping.class, "handler " + sequence)
            .priority(priority)
            .order(order)
            .topics(topics)
            .sync((event, context) -> {}),
        sequence++,
        null,
        null,
        null);
  }

  @Test
  void addedSubscribersTakeTheirPlaceByPriorityThenOrderThenRegistration() {
    Subscriber<?> normal = subscriber(Priority.NORMAL, 0);
    Subscriber<?> late = subscriber(Priority.IMMEDIATE, 5);
    Subscriber<?> early = subscriber(Priority.IMMEDIATE, -5);
    Subscriber<?> deferred = subscriber(Priority.DEFERRED, -9);
    Subscriber<?> sameOrderLater = subscriber(Priority.IMMEDIATE, 5);

    Route route =
        Route.EMPTY
            .with(new Subscriber<?>[] {normal})
            .with(new Subscriber<?>[] {early, late})
            .with(new Subscriber<?>[] {deferred})
            .with(new Subscriber<?>[] {sameOrderLater});

    Selection selection = route.select("any.topic");
    assertArrayEquals(new Subscriber<?>[] {early, late, sameOrderLater}, selection.immediate);
    assertArrayEquals(new Subscriber<?>[] {normal}, selection.normal);
    assertArrayEquals(new Subscriber<?>[] {deferred}, selection.deferred);
  }

  @Test
  void removingWhatWasJustAddedGivesBackTheRouteItWasAddedTo() {
    Route before =
        Route.EMPTY.with(
            new Subscriber<?>[] {
              subscriber(Priority.IMMEDIATE, 0), subscriber(Priority.NORMAL, 0)
            });
    Subscriber<?> passing = subscriber(Priority.IMMEDIATE, 1);

    Route during = before.with(new Subscriber<?>[] {passing});
    Route after = during.without(new Subscriber<?>[] {passing});

    assertNotSame(before, during);
    assertSame(before, after);
    assertSame(before.select("t"), after.select("t"));
  }

  @Test
  void aRouteMadeBySeveralAdditionsIsRemadeWhenOneIsRemoved() {
    Subscriber<?> a = subscriber(Priority.IMMEDIATE, 0);
    Subscriber<?> b = subscriber(Priority.IMMEDIATE, 0);
    Subscriber<?> c = subscriber(Priority.IMMEDIATE, 0);
    Route ab = Route.EMPTY.with(new Subscriber<?>[] {a}).with(new Subscriber<?>[] {b});
    Route abc = ab.with(new Subscriber<?>[] {c});

    Route ac = abc.without(new Subscriber<?>[] {b});

    assertArrayEquals(new Subscriber<?>[] {a, c}, ac.select("t").immediate);
    assertArrayEquals(new Subscriber<?>[] {a, b, c}, abc.select("t").immediate);
  }

  @Test
  void aLaneNoChangeTouchesKeepsItsArray() {
    Route route =
        Route.EMPTY.with(
            new Subscriber<?>[] {subscriber(Priority.NORMAL, 0), subscriber(Priority.DEFERRED, 0)});

    Route patched = route.with(new Subscriber<?>[] {subscriber(Priority.IMMEDIATE, 0)});

    assertSame(route.select("t").normal, patched.select("t").normal);
    assertSame(route.select("t").deferred, patched.select("t").deferred);
    assertEquals(1, patched.select("t").immediate.length);
  }

  @Test
  void removingSubscribersTheRouteDoesNotHoldChangesNothing() {
    Route route = Route.EMPTY.with(new Subscriber<?>[] {subscriber(Priority.IMMEDIATE, 0)});

    assertSame(route, route.without(new Subscriber<?>[] {subscriber(Priority.IMMEDIATE, 0)}));
  }

  @Test
  void removingEverySubscriberLeavesTheEmptyRoute() {
    Subscriber<?> only = subscriber(Priority.NORMAL, 0);
    Route route = Route.EMPTY.with(new Subscriber<?>[] {subscriber(Priority.IMMEDIATE, 0)});
    Route withOnly = route.with(new Subscriber<?>[] {only});

    Route emptied =
        withOnly.without(new Subscriber<?>[] {only}).without(route.select("t").immediate);

    assertSame(Route.EMPTY, emptied);
    assertTrue(emptied.select("t").isEmpty());
  }

  @Test
  void subscribersOnTopicsAreSelectedByTopic() {
    Subscriber<?> everywhere = subscriber(Priority.IMMEDIATE, 0);
    Subscriber<?> orders = subscriber(Priority.IMMEDIATE, 1, "orders.>");
    Route route = Route.EMPTY.with(new Subscriber<?>[] {everywhere, orders});

    assertArrayEquals(
        new Subscriber<?>[] {everywhere, orders}, route.select("orders.new").immediate);
    assertArrayEquals(new Subscriber<?>[] {everywhere}, route.select("users.new").immediate);
    assertSame(route.select("orders.new"), route.select("orders.new"));
    assertArrayEquals(
        new Subscriber<?>[] {everywhere},
        route.without(new Subscriber<?>[] {orders}).select("orders.new").immediate);
  }

  @Test
  void theRegistryCountsEachChangeAndGivesTheChangedTypeANewRoute() {
    EventTypes types = EventTypes.merge(List.of(new TestEvents()));
    SubscriberRegistry registry = new SubscriberRegistry(types);
    EventType ping = types.find(Ping.class);
    EventType pong = types.find(TestEvents.Pong.class);
    Route pingBefore = registry.route(ping);
    Route pongBefore = registry.route(pong);
    long versionBefore = registry.version();
    List<Subscriber<?>> added = List.of(subscriber(Priority.IMMEDIATE, 0));
    Routing routing = registry.routingAlone(Ping.class);

    registry.add(null, added, routing);

    assertNotSame(pingBefore, registry.route(ping));
    assertSame(pongBefore, registry.route(pong));
    assertEquals(versionBefore + 1, registry.version());
    assertArrayEquals(added.toArray(), registry.route(ping).select("t").immediate);

    registry.remove(null, added, routing);

    assertEquals(versionBefore + 2, registry.version());
    assertTrue(registry.route(ping).select("t").isEmpty());
  }
}
