package io.torematrix.eventbus.store.jdbc;

import io.torematrix.eventbus.spi.EventStore;

/** The contract, on the real PostgreSQL server. */
class PostgresStoreContractTest extends EventStoreContract {
  @Override
  protected EventStore newStore() {
    PostgresSupport.requireEmptyDatabase();
    return JdbcEventStores.postgres(PostgresSupport.URL);
  }
}
