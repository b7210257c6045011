package io.torematrix.eventbus.store.jdbc;

import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.spi.EventStore;

/** The contract, on the runtime's in-memory store. */
class InMemoryStoreContractTest extends EventStoreContract {
  @Override
  protected EventStore newStore() {
    return EventStores.inMemory();
  }
}
