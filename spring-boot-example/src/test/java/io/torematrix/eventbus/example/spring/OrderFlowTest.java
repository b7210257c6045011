package io.torematrix.eventbus.example.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.example.spring.orders.OrderPlaced;
import io.torematrix.eventbus.example.spring.orders.OrderShipped;
import io.torematrix.eventbus.testing.EventRecorder;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The README's recipe for tests: direct execution makes every handler run before {@code publish}
 * returns, and an {@link EventRecorder} bean, picked up as middleware, records what was published.
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

  @BeforeEach
  void forgetEarlierTests() {
    recorder.clear();
  }

  @Test
  void aPlacedOrderIsShippedAsItsConsequence() {
    bus.publish(new OrderPlaced("o-1", "book", 1));

    OrderShipped shipped = recorder.single(OrderShipped.class);
    assertEquals("TRK-o-1", shipped.trackingCode());
    assertEquals(
        Optional.of(recorder.recorded().get(0).context().eventId()),
        recorder.recorded().get(1).context().causationId(),
        "shipping publishes as a consequence of the order");
  }

  @Test
  void anOrderOfNothingIsNeverShipped() {
    bus.publish(new OrderPlaced("o-2", "air", 0));

    recorder.assertNotPublished(OrderShipped.class);
  }
}
