package io.torematrix.eventbus.cli;

import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which store to inspect: a SQLite file or a PostgreSQL database, exactly one. */
final class StoreOptions {
  Source source;

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
   * Opens the store.
   *
   * @throws InspectorException if the file does not exist (the inspector never creates one)
   */
  EventStore open() {
    if (source.sqlite != null) {
      Path file = source.sqlite.toAbsolutePath();
      if (!Files.isRegularFile(file)) {
        throw new InspectorException("no SQLite event store at " + file + ": the file does not exist");
      }
      return JdbcEventStores.sqlite(file);
    }
    return JdbcEventStores.postgres(source.postgres);
  }
}
