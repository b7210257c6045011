package io.torematrix.eventbus.spring.boot;

import static io.torematrix.eventbus.spring.boot.Contexts.await;
import static io.torematrix.eventbus.spring.boot.Contexts.runner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.torematrix.eventbus.DurableSubscriptionStatus;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.annotation.DurableStart;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.spi.EventStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** {@code torematrix.eventbus.store}: the store the starter defines, and its errors. */
class EventStoreTest {
  private static final String POSTGRES_URL =
      System.getProperty("eventbus.postgresUrl", "jdbc:postgresql://127.0.0.1:5432/test?user=root");

  @TempDir Path directory;

  private static ApplicationContextRunner withDataSource() {
    return runner()
        .withConfiguration(
            AutoConfigurations.of(
                DataSourceAutoConfiguration.class, EventStoreAutoConfiguration.class));
  }

  /** A durable subscription, as an application declares it: it sees every stored greeting. */
  static class GreetingLog {
    final List<String> texts = new CopyOnWriteArrayList<>();

    @Subscribe(durable = "greeting-log", startAt = DurableStart.BEGINNING)
    void logged(Greeting greeting) {
      texts.add(greeting.text());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class DurableListener {
    @Bean
    GreetingLog greetingLog() {
      return new GreetingLog();
    }
  }

  @Test
  void aSqliteDataSourceGivesTheBusASqliteStoreOnWhichDurableSubscriptionsRun() {
    Path file = directory.resolve("events.db");
    withDataSource()
        .withUserConfiguration(DurableListener.class)
        .withPropertyValues(
            "spring.datasource.url=jdbc:sqlite:" + file,
            "torematrix.eventbus.store=jdbc",
            "torematrix.eventbus.jdbc.table-prefix=shop_")
        .run(
            context -> {
              EventBus bus = context.getBean(EventBus.class);
              await(bus.publish(new Greeting("one")));
              await(bus.publish(new Greeting("two")));

              assertTrue(bus.drain(Duration.ofSeconds(10)));
              assertEquals(List.of("one", "two"), context.getBean(GreetingLog.class).texts);
              DurableSubscriptionStatus status = bus.durable().status("greeting-log").orElseThrow();
              assertEquals(0, status.lag());
              assertEquals(0, status.parked());
              assertTrue(status.runningHere());
            });

    assertEquals(2, count("jdbc:sqlite:" + file, "SELECT count(*) FROM shop_events"));
    assertEquals(
        1, count("jdbc:sqlite:" + file, "SELECT count(*) FROM shop_subscriptions"), "checkpoint kept");
  }

  @Test
  void aPostgresDataSourceGivesTheBusAPostgresStoreInTheSchemaAsked() {
    String schema = "eventbus_boot_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    requirePostgres();
    try {
      withDataSource()
          .withUserConfiguration(DurableListener.class)
          .withPropertyValues(
              "spring.datasource.url=" + POSTGRES_URL,
              "torematrix.eventbus.store=jdbc",
              "torematrix.eventbus.jdbc.schema=" + schema)
          .run(
              context -> {
                EventBus bus = context.getBean(EventBus.class);
                await(bus.publish(new Greeting("one")));

                assertTrue(bus.drain(Duration.ofSeconds(10)));
                assertEquals(List.of("one"), context.getBean(GreetingLog.class).texts);
                assertEquals(0, bus.durable().status("greeting-log").orElseThrow().lag());
              });

      assertEquals(1, count(POSTGRES_URL, "SELECT count(*) FROM " + schema + ".eventbus_events"));
    } finally {
      execute(POSTGRES_URL, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  @Test
  void aJdbcStoreWithoutADataSourceFailsTheStartNamingTheProperty() {
    runner()
        .withConfiguration(AutoConfigurations.of(EventStoreAutoConfiguration.class))
        .withPropertyValues("torematrix.eventbus.store=jdbc")
        .run(
            context -> {
              InvalidConfigurationPropertyValueException e = startupFailure(context.getStartupFailure());
              assertEquals("torematrix.eventbus.store", e.getName());
              assertEquals("jdbc", e.getValue());
              assertEquals(
                  "The JDBC event store needs a DataSource bean, and there is none. Add"
                      + " spring-boot-starter-jdbc and set spring.datasource.url (PostgreSQL or"
                      + " SQLite), or define a DataSource bean; or choose another store.",
                  e.getReason());
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoDataSources {
    @Bean
    DataSource ordersDataSource() {
      return new DriverManagerDataSource("jdbc:sqlite::memory:");
    }

    @Bean
    DataSource reportsDataSource() {
      return new DriverManagerDataSource("jdbc:sqlite::memory:");
    }
  }

  @Test
  void aJdbcStoreWithTwoDataSourcesAndNoPrimaryFailsTheStartNamingTheProperty() {
    runner()
        .withConfiguration(AutoConfigurations.of(EventStoreAutoConfiguration.class))
        .withUserConfiguration(TwoDataSources.class)
        .withPropertyValues("torematrix.eventbus.store=jdbc")
        .run(
            context -> {
              InvalidConfigurationPropertyValueException e = startupFailure(context.getStartupFailure());
              assertEquals("torematrix.eventbus.store", e.getName());
              assertEquals(
                  "The JDBC event store needs one DataSource bean, and there are 2 with none of"
                      + " them @Primary. Mark the one for events @Primary, or define an"
                      + " EventStore bean on it with JdbcEventStores.",
                  e.getReason());
            });
  }

  @Test
  void aDatabaseOtherThanPostgresOrSqliteFailsTheStartNamingTheProperty() {
    withDataSource()
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:unsupported", "torematrix.eventbus.store=jdbc")
        .run(
            context -> {
              InvalidConfigurationPropertyValueException e = startupFailure(context.getStartupFailure());
              assertEquals("torematrix.eventbus.store", e.getName());
              assertTrue(
                  e.getReason().startsWith("The DataSource reaches H2 "), e.getReason());
              assertTrue(
                  e.getReason().endsWith(
                      ", but the JDBC event store runs on PostgreSQL and SQLite only. Point the"
                          + " DataSource at one of them, define an EventStore bean of your own, or"
                          + " choose another store."),
                  e.getReason());
            });
  }

  @Test
  void aSchemaOnSqliteFailsTheStartNamingTheProperty() {
    withDataSource()
        .withPropertyValues(
            "spring.datasource.url=jdbc:sqlite:" + directory.resolve("schema.db"),
            "torematrix.eventbus.store=jdbc",
            "torematrix.eventbus.jdbc.schema=billing")
        .run(
            context -> {
              InvalidConfigurationPropertyValueException e = startupFailure(context.getStartupFailure());
              assertEquals("torematrix.eventbus.jdbc.schema", e.getName());
              assertEquals("billing", e.getValue());
            });
  }

  @Test
  void aTablePrefixTheStoreRefusesFailsTheStartNamingTheProperty() {
    withDataSource()
        .withPropertyValues(
            "spring.datasource.url=jdbc:sqlite:" + directory.resolve("prefix.db"),
            "torematrix.eventbus.store=jdbc",
            "torematrix.eventbus.jdbc.table-prefix=Shop-")
        .run(
            context -> {
              InvalidConfigurationPropertyValueException e = startupFailure(context.getStartupFailure());
              assertEquals("torematrix.eventbus.jdbc.table-prefix", e.getName());
              assertEquals("Shop-", e.getValue());
              assertTrue(e.getReason().contains("table prefix"), e.getReason());
            });
  }

  @Test
  void aLeaseTimeoutTheBusRefusesFailsTheStartNamingTheProperty() {
    runner()
        .withPropertyValues("torematrix.eventbus.durable.lease-timeout=10ms")
        .run(
            context -> {
              InvalidConfigurationPropertyValueException e = startupFailure(context.getStartupFailure());
              assertEquals("torematrix.eventbus.durable.lease-timeout", e.getName());
              assertEquals(Duration.ofMillis(10), e.getValue());
            });
  }

  @Test
  void aMemoryStoreKeepsTheHistory() {
    runner()
        .withConfiguration(AutoConfigurations.of(EventStoreAutoConfiguration.class))
        .withPropertyValues("torematrix.eventbus.store=memory")
        .run(
            context -> {
              EventBus bus = context.getBean(EventBus.class);
              await(bus.publish(new Greeting("kept")));

              List<Greeting> kept =
                  bus.getEvents(Greeting.class, g -> true).toCompletableFuture().join();
              assertEquals(List.of(new Greeting("kept")), kept);
              assertNotNull(context.getBean(EventStore.class));
            });
  }

  @Test
  void aStoreValueSpringBindsDefinesThatStoreAsThePropertiesSay() {
    // a trailing space, as a .properties file keeps it: the property binds to MEMORY, so the
    // store it names must be defined, not a bus left without a store
    runner()
        .withConfiguration(AutoConfigurations.of(EventStoreAutoConfiguration.class))
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new MapPropertySource(
                            "application", Map.of("torematrix.eventbus.store", "memory "))))
        .run(
            context -> {
              assertEquals(
                  EventBusProperties.Store.MEMORY,
                  context.getBean(EventBusProperties.class).getStore());
              assertNotNull(context.getBean(EventStore.class));
              EventBus bus = context.getBean(EventBus.class);
              await(bus.publish(new Greeting("kept")));
              assertEquals(
                  List.of(new Greeting("kept")),
                  bus.getEvents(Greeting.class, g -> true)
                      .toCompletableFuture()
                      .get(10, TimeUnit.SECONDS));
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnStore {
    @Bean
    EventStore myStore() {
      return EventStores.inMemory();
    }
  }

  @Test
  void theApplicationsOwnStoreBeanWinsOverTheProperty() {
    withDataSource()
        .withUserConfiguration(OwnStore.class)
        .withPropertyValues("torematrix.eventbus.store=jdbc")
        .run(
            context -> {
              assertSame(context.getBean("myStore"), context.getBean(EventStore.class));
              EventBus bus = context.getBean(EventBus.class);
              await(bus.publish(new Greeting("mine")));
              assertEquals(1, context.getBean(EventStore.class).head().position());
            });
  }

  private static InvalidConfigurationPropertyValueException startupFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidConfigurationPropertyValueException e) {
        return e;
      }
    }
    throw new AssertionError("the start did not fail naming a property", failure);
  }

  private static long count(String url, String sql) {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new AssertionError(sql, e);
    }
  }

  private static void execute(String url, String sql) {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new AssertionError(sql, e);
    }
  }

  /** Skips, or with {@code -Deventbus.requirePostgres=true} fails, without a PostgreSQL server. */
  private static void requirePostgres() {
    try (Connection connection = DriverManager.getConnection(POSTGRES_URL)) {
      assertInstanceOf(Connection.class, connection);
    } catch (SQLException e) {
      String why = "PostgreSQL is not reachable at " + POSTGRES_URL + " (" + e.getMessage() + ")";
      if (Boolean.getBoolean("eventbus.requirePostgres")) {
        fail(why + "; it is required here (-Deventbus.requirePostgres=true)");
      }
      assumeTrue(
          false,
          why
              + ": skipping. Start PostgreSQL with a database 'test' (or pass"
              + " -Deventbus.postgresUrl=jdbc:postgresql://...) to run this test; .ci/run requires"
              + " it.");
    }
  }
}
