package io.torematrix.eventbus.store.jdbc;

import io.torematrix.eventbus.EventStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Checks, before a store connects by URL, that the JDBC driver it needs is on the class or module
 * path: both drivers are optional dependencies of this module, and without one the JDK would say
 * only "No suitable driver" or {@code NoClassDefFoundError}. The message names the artifact and
 * the version this store is tested with, which Maven writes into {@code drivers.properties} from
 * the root pom when it builds this module. Called once per store opened, never while appending or
 * reading.
 */
final class Drivers {
  private static final String VERSIONS = "drivers.properties";

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
      String version = null;
      IOException unreadable = null;
      try {
        version = testedVersion(artifactId);
      } catch (IOException notFiltered) {
        unreadable = notFiltered;
      }
      EventStoreException missing = new EventStoreException(message(database, groupId, artifactId, version), e);
      if (unreadable != null) {
        missing.addSuppressed(unreadable);
      }
      throw missing;
    }
  }

  /**
   * The version of {@code artifactId} in {@value #VERSIONS}.
   *
   * @throws IOException if the file is missing, unreadable, or does not hold a version for it (a
   *     build that did not filter it)
   */
  private static String testedVersion(String artifactId) throws IOException {
    Properties versions = new Properties();
    try (InputStream in = Drivers.class.getResourceAsStream(VERSIONS)) {
      if (in == null) {
        throw new IOException(VERSIONS + " is missing beside " + Drivers.class.getName());
      }
      versions.load(in);
    }
    String version = versions.getProperty(artifactId);
    if (version == null || !version.matches("[0-9][0-9A-Za-z.-]*")) {
      throw new IOException(VERSIONS + " holds no version of " + artifactId + ": " + version);
    }
    return version;
  }

  /** What to add; without a known {@code version}, the artifact alone. */
  private static String message(String database, String groupId, String artifactId, String version) {
    return "the "
        + database
        + " event store needs the JDBC driver "
        + groupId
        + ":"
        + artifactId
        + ", which is not on the class path: add the dependency <groupId>"
        + groupId
        + "</groupId><artifactId>"
        + artifactId
        + "</artifactId>"
        + (version == null
            ? " (Gradle: \"" + groupId + ":" + artifactId + ":<version>\")"
            : "<version>"
                + version
                + "</version> (Gradle: \""
                + groupId
                + ":"
                + artifactId
                + ":"
                + version
                + "\"), the version this store is tested with");
  }
}
