package io.torematrix.eventbus.cli;

import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import io.torematrix.eventbus.store.jdbc.PostgresOptions;
import io.torematrix.eventbus.store.jdbc.SqliteOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which store to inspect: a SQLite file or a PostgreSQL database, exactly one, opened read-only. */
final class StoreOptions {
  Source source;

  @Option(names = "--table-prefix", paramLabel = "PREFIX", description = "the store's table prefix (default eventbus_)")
  String tablePrefix;

  @Option(names = "--schema", paramLabel = "SCHEMA", description = "the PostgreSQL schema of the store's tables (default: the current one)")
  String schema;

  /** The two ways to name a store; picocli allows exactly one. */
  static final class Source {
    @Option(names = "--sqlite", paramLabel = "FILE", description = "a SQLite event store file")
    Path sqlite;

    @Option(
        names = "--postgres",
        paramLabel = "JDBC_URL",
        description = "a PostgreSQL event store, such as jdbc:postgresql://host:5432/db?user=me")
    String postgres;
  }

  /**
   * Opens the store read-only: nothing is created, migrated or written.
   *
   * @throws InspectorException if the file does not exist, or an option does not fit the store
   */
  EventStore open() {
    if (source.sqlite != null) {
      Path file = source.sqlite.toAbsolutePath();
      if (!Files.isRegularFile(file)) {
        throw new InspectorException("no SQLite event store at " + file + ": the file does not exist");
      }
      if (schema != null) {
        throw new InspectorException("--schema is for PostgreSQL stores; a SQLite store has tables only");
      }
      SqliteOptions options = SqliteOptions.defaults().readOnly();
      if (tablePrefix != null) {
        options = options.tablePrefix(tablePrefix);
      }
      return JdbcEventStores.sqlite(file, options);
    }
    PostgresOptions options = PostgresOptions.defaults().readOnly().maxConnections(1);
    if (schema != null) {
      options = options.schema(schema);
    }
    if (tablePrefix != null) {
      options = options.tablePrefix(tablePrefix);
    }
    return JdbcEventStores.postgres(source.postgres, options);
  }
}
