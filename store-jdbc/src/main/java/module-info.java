/**
 * Durable event stores for Torematrix Event Bus: SQLite, the embedded default, and PostgreSQL,
 * from a file or URL or on the application's {@code javax.sql.DataSource}. The JDBC drivers are
 * optional dependencies, loaded through {@code java.sql.DriverManager}: add the one you use.
 */
module io.torematrix.eventbus.store.jdbc {
  requires transitive io.torematrix.eventbus;
  requires transitive java.sql;

  exports io.torematrix.eventbus.store.jdbc;
}
