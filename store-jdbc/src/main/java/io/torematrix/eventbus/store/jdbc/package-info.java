/**
 * Durable {@link io.torematrix.eventbus.spi.EventStore}s over JDBC. {@link
 * io.torematrix.eventbus.store.jdbc.JdbcEventStores} makes them; the schema is created on first
 * use and versioned.
 */
package io.torematrix.eventbus.store.jdbc;
