package io.torematrix.eventbus.store.jdbc;

import io.torematrix.eventbus.EventStoreException;

/**
 * Checks, before a store connects by URL, that the JDBC driver it needs is on the class or module
 * path: both drivers are optional dependencies of this module, and without one the JDK would say
 * only "No suitable driver" or {@code NoClassDefFoundError}. Called once per store opened, never
 * while appending or reading.
 */
final class Drivers {
  private Drivers() {}

  static void requireSqlite() {
    require("org.sqlite.JDBC", "org.xerial", "sqlite-jdbc", "SQLite");
  }

  static void requirePostgres() {
    require("org.postgresql.Driver", "org.postgresql", "postgresql", "PostgreSQL");
  }

  private static void require(String driverClass, String groupId, String artifactId, String database) {
    try {
      Class.forName(driverClass, false, Drivers.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new EventStoreException(
          "the "
              + database
              + " event store needs the JDBC driver "
              + groupId
              + ":"
              + artifactId
              + ", which is not on the class path: add the dependency <groupId>"
              + groupId
              + "</groupId><artifactId>"
              + artifactId
              + "</artifactId> (Gradle: \""
              + groupId
              + ":"
              + artifactId
              + ":<version>\")",
          e);
    }
  }
}
