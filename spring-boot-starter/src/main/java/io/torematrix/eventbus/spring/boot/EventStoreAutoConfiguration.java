package io.torematrix.eventbus.spring.boot;

import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import io.torematrix.eventbus.store.jdbc.PostgresOptions;
import io.torematrix.eventbus.store.jdbc.SqliteOptions;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Defines the bus's {@link EventStore} bean when {@code torematrix.eventbus.store} asks for one
 * and the application has no {@code EventStore} bean of its own (which the bus then keeps using):
 *
 * <ul>
 *   <li>{@code memory}: {@link EventStores#inMemory()};
 *   <li>{@code jdbc}: a JDBC store on the application's {@link DataSource} bean (the one, or the
 *       {@code @Primary} one), PostgreSQL or SQLite as the connection's metadata says, with the
 *       {@code torematrix.eventbus.jdbc.*} options. The data source must reach the database when
 *       the store is made, since the store prepares its tables then.
 * </ul>
 *
 * The bus closes the store when it closes. Without a usable data source, the start fails with a
 * message naming {@code torematrix.eventbus.store}.
 */
@AutoConfiguration(
    before = EventBusAutoConfiguration.class,
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
public class EventStoreAutoConfiguration {
  /** Made by Spring when the auto-configuration applies. */
  public EventStoreAutoConfiguration() {}


  private static final String STORE = "torematrix.eventbus.store";
  private static final String JDBC = "torematrix.eventbus.jdbc.";

  /**
   * An in-memory store, for {@code torematrix.eventbus.store=memory}.
   *
   * @return a new, empty store
   */
  @Bean
  @ConditionalOnMissingBean(EventStore.class)
  @Conditional(StoreIsMemory.class)
  public EventStore eventStore() {
    return EventStores.inMemory();
  }

  /**
   * A JDBC store on the application's data source, for {@code torematrix.eventbus.store=jdbc}.
   *
   * @param properties the starter's properties, for the {@code jdbc.*} options
   * @param dataSources the application's data sources: one, or one marked {@code @Primary}
   * @return the store, open
   * @throws InvalidConfigurationPropertyValueException if there is no single data source, it
   *     reaches a database other than PostgreSQL or SQLite, or a {@code jdbc.*} option is not
   *     usable there
   * @throws EventStoreException if the database cannot be reached or the store's tables prepared
   */
  @Bean
  @ConditionalOnMissingBean(EventStore.class)
  @Conditional(StoreIsJdbc.class)
  public EventStore jdbcEventStore(
      EventBusProperties properties, ObjectProvider<DataSource> dataSources) {
    return jdbcStore(dataSource(dataSources), properties.getJdbc());
  }

  private static DataSource dataSource(ObjectProvider<DataSource> dataSources) {
    DataSource dataSource = dataSources.getIfUnique();
    if (dataSource != null) {
      return dataSource;
    }
    long count = dataSources.stream().count();
    throw new InvalidConfigurationPropertyValueException(
        STORE,
        "jdbc",
        count == 0
            ? "The JDBC event store needs a DataSource bean, and there is none. Add"
                + " spring-boot-starter-jdbc and set spring.datasource.url (PostgreSQL or SQLite),"
                + " or define a DataSource bean; or choose another store."
            : "The JDBC event store needs one DataSource bean, and there are "
                + count
                + " with none of them @Primary. Mark the one for events @Primary, or define an"
                + " EventStore bean on it with JdbcEventStores.");
  }

  /** A store on {@code dataSource}, PostgreSQL or SQLite as its connections' metadata says. */
  static EventStore jdbcStore(DataSource dataSource, EventBusProperties.Jdbc jdbc) {
    String product;
    String version;
    try (Connection connection = dataSource.getConnection()) {
      DatabaseMetaData metaData = connection.getMetaData();
      product = metaData.getDatabaseProductName();
      version = metaData.getDatabaseProductVersion();
    } catch (SQLException e) {
      throw new EventStoreException(
          "cannot open the JDBC event store (" + STORE + "=jdbc): the DataSource " + dataSource
              + " gave no connection: " + e.getMessage(),
          e);
    }
    if ("PostgreSQL".equalsIgnoreCase(product)) {
      return JdbcEventStores.postgres(dataSource, postgresOptions(jdbc));
    }
    if ("SQLite".equalsIgnoreCase(product)) {
      return JdbcEventStores.sqlite(dataSource, sqliteOptions(jdbc));
    }
    throw new InvalidConfigurationPropertyValueException(
        STORE,
        "jdbc",
        "The DataSource reaches "
            + product
            + " "
            + version
            + ", but the JDBC event store runs on PostgreSQL and SQLite only. Point the DataSource"
            + " at one of them, define an EventStore bean of your own, or choose another store.");
  }

  private static PostgresOptions postgresOptions(EventBusProperties.Jdbc jdbc) {
    PostgresOptions options =
        option(PostgresOptions.defaults(), "table-prefix", jdbc.getTablePrefix(), o -> o.tablePrefix(jdbc.getTablePrefix()));
    if (jdbc.getSchema() != null) {
      options = option(options, "schema", jdbc.getSchema(), o -> o.schema(jdbc.getSchema()));
    }
    return options;
  }

  private static SqliteOptions sqliteOptions(EventBusProperties.Jdbc jdbc) {
    if (jdbc.getSchema() != null) {
      throw new InvalidConfigurationPropertyValueException(
          JDBC + "schema",
          jdbc.getSchema(),
          "The DataSource reaches SQLite, which has no schemas. Remove the property, or give the"
              + " store's tables a name of their own with " + JDBC + "table-prefix.");
    }
    SqliteOptions options =
        option(SqliteOptions.defaults(), "table-prefix", jdbc.getTablePrefix(), o -> o.tablePrefix(jdbc.getTablePrefix()));
    options = option(options, "max-group-size", jdbc.getMaxGroupSize(), o -> o.maxGroupSize(jdbc.getMaxGroupSize()));
    return jdbc.isSynchronousFull() ? options.synchronousFull() : options;
  }

  /** Applies one option, turning the store's refusal into an error naming the property. */
  private static <O> O option(O options, String property, Object value, UnaryOperator<O> set) {
    if (value == null) {
      throw new InvalidConfigurationPropertyValueException(
          JDBC + property, null, "The JDBC event store needs a value here.");
    }
    try {
      return set.apply(options);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(JDBC + property, value, e.getMessage());
    }
  }

  /**
   * Whether {@code torematrix.eventbus.store} names {@link #store}, as {@link EventBusProperties}
   * binds it: through Spring Boot's binder, so {@code jdbc}, {@code JDBC} and {@code jdbc } (a
   * trailing space a properties file keeps) all mean the JDBC store, and the store the properties
   * report is the one defined. A value that does not bind matches neither store; binding the
   * properties then fails the start, naming the property.
   */
  private abstract static class StoreCondition extends SpringBootCondition {
    private final EventBusProperties.Store store;

    StoreCondition(EventBusProperties.Store store) {
      this.store = store;
    }

    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      ConditionMessage.Builder message = ConditionMessage.forCondition(STORE + "=" + store);
      EventBusProperties.Store bound;
      try {
        bound =
            Binder.get(context.getEnvironment())
                .bind(STORE, EventBusProperties.Store.class)
                .orElse(null);
      } catch (BindException e) {
        return ConditionOutcome.noMatch(message.because("its value does not bind"));
      }
      return bound == store
          ? ConditionOutcome.match(message.because("it is " + bound))
          : ConditionOutcome.noMatch(message.because("it is " + bound));
    }
  }

  /** {@code torematrix.eventbus.store} is {@code memory}. */
  static final class StoreIsMemory extends StoreCondition {
    StoreIsMemory() {
      super(EventBusProperties.Store.MEMORY);
    }
  }

  /** {@code torematrix.eventbus.store} is {@code jdbc}. */
  static final class StoreIsJdbc extends StoreCondition {
    StoreIsJdbc() {
      super(EventBusProperties.Store.JDBC);
    }
  }
}
