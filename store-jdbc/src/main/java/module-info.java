/**
 * Durable event stores for Torematrix Event Bus: SQLite, the embedded default, and PostgreSQL.
 * Both drivers are optional dependencies: add the one you use.
 */
@SuppressWarnings("requires-automatic") // the PostgreSQL driver ships no module descriptor
module io.torematrix.eventbus.store.jdbc {
  requires transitive io.torematrix.eventbus;
  requires transitive java.sql;
  requires static org.xerial.sqlitejdbc;
  requires static org.postgresql.jdbc;

  exports io.torematrix.eventbus.store.jdbc;
}
