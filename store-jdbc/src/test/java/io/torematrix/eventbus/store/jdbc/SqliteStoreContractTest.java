package io.torematrix.eventbus.store.jdbc;

import io.torematrix.eventbus.spi.EventStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract, on a SQLite file. */
class SqliteStoreContractTest extends JdbcStoreContract {
  @TempDir Path directory;

  @Override
  protected EventStore newStore() {
    return JdbcEventStores.sqlite(directory.resolve("events.db"));
  }
}
