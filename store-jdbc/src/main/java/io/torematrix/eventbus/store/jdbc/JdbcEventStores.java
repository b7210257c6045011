package io.torematrix.eventbus.store.jdbc;

import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.spi.EventStore;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;

/**
 * Makes durable event stores. The schema is created on first use and versioned.
 *
 * <pre>{@code
 * EventBus bus = EventBus.builder()
 *     .store(JdbcEventStores.sqlite(Path.of("events.db")))      // embedded, one file
 *     .build();
 *
 * EventStore shared = JdbcEventStores.postgres("jdbc:postgresql://db:5432/app?user=app&password=secret");
 * }</pre>
 */
public final class JdbcEventStores {
  private JdbcEventStores() {}

  /**
   * A store in the SQLite file {@code file} (created if missing; its directory must exist), with
   * the default options: WAL, {@code synchronous=NORMAL}. Needs {@code org.xerial:sqlite-jdbc}.
   *
   * @throws EventStoreException if the file cannot be opened or prepared
   */
  public static EventStore sqlite(Path file) {
    return sqlite(file, SqliteOptions.defaults());
  }

  /** A store in the SQLite file {@code file} with {@code options}. */
  public static EventStore sqlite(Path file, SqliteOptions options) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(options, "options");
    return SqliteEventStore.open(file, options);
  }

  /**
   * A store in the PostgreSQL database at {@code jdbcUrl} ({@code jdbc:postgresql://host:port/db},
   * credentials as URL parameters). Needs {@code org.postgresql:postgresql} and PostgreSQL 13 or
   * newer.
   *
   * @throws EventStoreException if the server cannot be reached or the schema prepared
   */
  public static EventStore postgres(String jdbcUrl) {
    return postgres(jdbcUrl, new Properties());
  }

  /** A store in the PostgreSQL database at {@code jdbcUrl}, with connection {@code properties}. */
  public static EventStore postgres(String jdbcUrl, Properties properties) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "\"" + jdbcUrl + "\" is not a PostgreSQL JDBC URL: it should start with jdbc:postgresql://");
    }
    return PostgresEventStore.open(jdbcUrl, properties);
  }
}
