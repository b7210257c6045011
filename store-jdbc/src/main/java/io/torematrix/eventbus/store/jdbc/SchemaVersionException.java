package io.torematrix.eventbus.store.jdbc;

import io.torematrix.eventbus.EventStoreException;

/**
 * A database holds no event store this code can use: it has none at all ({@link #foundVersion()}
 * is 0: an empty file, another application's database, a file that is not a database, tables
 * missing), or one whose schema is newer than {@link #supportedVersion()}, written by a later
 * release. A store opened read-only ({@link SqliteOptions#readOnly()}, {@link
 * PostgresOptions#readOnly()}) throws it for both, since it never creates or migrates a schema; a
 * writable store throws it for a newer schema only.
 */
public final class SchemaVersionException extends EventStoreException {
  private static final long serialVersionUID = 1L;

  /** The schema version found; 0 if the database holds no event store. */
  private final int foundVersion;
  /** The newest schema version the code that threw reads and writes. */
  private final int supportedVersion;

  SchemaVersionException(String message, int foundVersion, int supportedVersion) {
    super(message);
    this.foundVersion = foundVersion;
    this.supportedVersion = supportedVersion;
  }

  /** {@return the schema version found; 0 if the database holds no event store} */
  public int foundVersion() {
    return foundVersion;
  }

  /** {@return the newest schema version this code reads and writes} */
  public int supportedVersion() {
    return supportedVersion;
  }

  /**
   * {@return whether the database holds an event store at all (of a version this code does not
   * know)}
   */
  public boolean isEventStore() {
    return foundVersion > 0;
  }
}
