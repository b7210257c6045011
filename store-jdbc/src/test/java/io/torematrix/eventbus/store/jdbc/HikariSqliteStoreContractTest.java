package io.torematrix.eventbus.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.torematrix.eventbus.spi.EventStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract, on a SQLite file through a HikariCP pool, with a table prefix of its own,
 * and connections that come with auto-commit off. */
class HikariSqliteStoreContractTest extends JdbcStoreContract {
  @TempDir Path directory;
  private HikariDataSource pool;

  @Override
  protected EventStore newStore() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:sqlite:" + directory.resolve("app.db"));
    config.setMaximumPoolSize(5);
    // The pool hands out connections with auto-commit off, as many applications configure it
    // (Spring with JPA, say): the store must not depend on the pool's default.
    config.setAutoCommit(false);
    pool = new HikariDataSource(config);
    return JdbcEventStores.sqlite(pool, SqliteOptions.defaults().tablePrefix("orders_"));
  }

  @Override
  protected void cleanUp() {
    if (pool != null) {
      pool.close();
    }
  }
}
