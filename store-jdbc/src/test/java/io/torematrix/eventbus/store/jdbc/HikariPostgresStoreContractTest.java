package io.torematrix.eventbus.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.torematrix.eventbus.spi.EventStore;

/** The contract, on PostgreSQL through a HikariCP pool, with a table prefix of its own,
 * and connections that come with auto-commit off. */
class HikariPostgresStoreContractTest extends JdbcStoreContract {
  private String schema;
  private HikariDataSource pool;

  @Override
  protected EventStore newStore() {
    schema = PostgresSupport.newSchema();
    PostgresSupport.execute("CREATE SCHEMA " + schema);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(PostgresSupport.URL);
    config.setMaximumPoolSize(4);
    // The pool hands out connections with auto-commit off, as many applications configure it
    // (Spring with JPA, say): the store must not depend on the pool's default.
    config.setAutoCommit(false);
    config.setSchema(schema);
    pool = new HikariDataSource(config);
    return JdbcEventStores.postgres(pool, PostgresOptions.defaults().tablePrefix("billing_"));
  }

  @Override
  protected void cleanUp() {
    if (pool != null) {
      pool.close();
    }
    PostgresSupport.dropSchema(schema);
  }
}
