package io.torematrix.eventbus.example.spring;

import io.torematrix.eventbus.HandlerFailure;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A small shop on the event bus starter: {@code POST /orders} publishes an {@code OrderPlaced},
 * which {@code @Component} listeners handle: billing invoices it, shipping ships it and publishes
 * {@code OrderShipped}, notifications tell the customer, and the sales ledger, a durable
 * subscription, enters it in the shop's database. The bus, its SQLite event store on the shop's
 * {@code DataSource} ({@code torematrix.eventbus.store=jdbc} in {@code application.properties}),
 * its listener registration, its metrics, the {@code eventbus} Actuator endpoint and its health all
 * come from the starter; this class adds only who hears of failures.
 *
 * <pre>
 * mvn -q -pl spring-boot-example -am package -DskipTests
 * java -jar spring-boot-example/target/shop.jar
 * curl -s -XPOST localhost:8080/orders -H 'Content-Type: application/json' -d '{"item":"book","quantity":2}'
 * curl -s localhost:8080/sales
 * curl -s localhost:8080/actuator/eventbus
 * </pre>
 */
@SpringBootApplication
public class ShopApplication {

  private static final Logger LOG = LoggerFactory.getLogger(ShopApplication.class);

  /** Runs the shop. */
  public static void main(String[] args) {
    SpringApplication.run(ShopApplication.class, args);
  }

  /** Hears of every handler failure; the bus has also put it in the publish result. */
  @Bean
  Consumer<HandlerFailure> failureLog() {
    return failure -> LOG.warn("{} failed on {}", failure.handler(), failure.event(), failure.error());
  }
}
