/**
 * Durable {@link io.torematrix.eventbus.spi.EventStore}s over JDBC. {@link
 * io.torematrix.eventbus.store.jdbc.JdbcEventStores} makes them from a SQLite file, a PostgreSQL
 * URL or a {@code DataSource}; {@link io.torematrix.eventbus.store.jdbc.SqliteOptions} and {@link
 * io.torematrix.eventbus.store.jdbc.PostgresOptions} choose table names, durability and read-only
 * opening. Both keep, beside the events, the durable subscriptions' checkpoints, leases and parked
 * events ({@code EventStore.subscriptions()}), and read in the order of {@link
 * io.torematrix.eventbus.Cursor}s. The schema is created on first use and versioned; {@link
 * io.torematrix.eventbus.store.jdbc.SchemaVersionException} reports a database that holds no event
 * store or a newer one.
 */
package io.torematrix.eventbus.store.jdbc;
