package io.torematrix.eventbus.example.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.example.spring.listeners.SalesLedger;
import io.torematrix.eventbus.example.spring.listeners.SalesLedger.Sale;
import io.torematrix.eventbus.example.spring.orders.OrderPlaced;
import io.torematrix.eventbus.example.spring.orders.OrderShipped;
import io.torematrix.eventbus.testing.EventRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The README's recipe for tests, word for word: direct execution makes every handler run before
 * {@code publish} returns, an {@link EventRecorder} bean, picked up as middleware, records what was
 * published, and {@code drain} awaits the durable subscriptions, which run on threads of their own.
 */
@SpringBootTest(properties = "torematrix.eventbus.direct-execution=true")
class OrderFlowTest {
  @TestConfiguration
  static class Recording {
    @Bean
    EventRecorder eventRecorder() {
      return new EventRecorder();
    }
  }

  @Autowired EventBus bus;
  @Autowired EventRecorder recorder;
  @Autowired SalesLedger ledger;

  @BeforeEach
  void forgetEarlierTests() {
    recorder.clear(); // the context, and so the recorder, is shared by the tests
  }

  @Test
  void aPlacedOrderIsShippedAsItsConsequence() {
    bus.publish(new OrderPlaced("o-1", "book", 1)); // every handler has run when it returns

    OrderShipped shipped = recorder.single(OrderShipped.class);
    assertEquals("TRK-o-1", shipped.trackingCode());
    assertEquals( // Shipping published it as a consequence of the order
        Optional.of(recorder.recorded().get(0).context().eventId()),
        recorder.recorded().get(1).context().causationId());
  }

  @Test
  void anOrderOfNothingIsNeverShipped() {
    bus.publish(new OrderPlaced("o-2", "air", 0)); // refused by the OrderValidation middleware

    recorder.assertNotPublished(OrderShipped.class);
  }

  @Test
  void theDurableLedgerIsAwaitedWithDrain() throws InterruptedException {
    bus.publish(new OrderPlaced("o-3", "lamp", 2));
    assertTrue(bus.drain(Duration.ofSeconds(10))); // durable subscriptions run on their own threads

    List<Sale> sales = ledger.sales().stream().filter(s -> s.orderId().equals("o-3")).toList();
    assertEquals(List.of(new Sale("o-3", "lamp", 2, 1)), sales);
  }
}
