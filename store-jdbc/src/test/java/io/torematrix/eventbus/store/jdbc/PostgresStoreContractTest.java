package io.torematrix.eventbus.store.jdbc;

import io.torematrix.eventbus.spi.EventStore;

/** The contract, on the real PostgreSQL server, in a schema of the test's own. */
class PostgresStoreContractTest extends JdbcStoreContract {
  private String schema;

  @Override
  protected EventStore newStore() {
    schema = PostgresSupport.newSchema();
    return JdbcEventStores.postgres(PostgresSupport.URL, PostgresOptions.defaults().schema(schema));
  }

  @Override
  protected void cleanUp() {
    PostgresSupport.dropSchema(schema);
  }
}
