package io.torematrix.eventbus.store.jdbc;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.LeaseLostException;
import io.torematrix.eventbus.annotation.DurableNames;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.Lease;
import io.torematrix.eventbus.spi.ParkedEvent;
import io.torematrix.eventbus.spi.StorableText;
import io.torematrix.eventbus.spi.SubscriptionState;
import io.torematrix.eventbus.spi.SubscriptionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The durable subscriptions' state in the tables of a JDBC store ({@link Schema}, version 2): one
 * row per subscription in {@code <prefix>subscriptions} (checkpoint, lease holder, fencing epoch,
 * expiry), one per parked event in {@code <prefix>parked} (the record as stored, the error, the
 * attempts). Thread-safe; every method borrows a connection for its work and hands it back.
 *
 * <p><b>Leases.</b> Taking, renewing and releasing a lease and saving a checkpoint are each one
 * conditional statement, so two processes can never both hold a lease: taking it is an {@code
 * INSERT ... ON CONFLICT (name) DO UPDATE ... WHERE} the lease is free, expired or already the
 * caller's, which the database applies to one row at a time; the others match the row's owner and
 * epoch. Parking an event and resolving a retried one run in a transaction that first checks the
 * lease, holding the row ({@code SELECT ... FOR UPDATE} on PostgreSQL; {@code BEGIN IMMEDIATE},
 * which takes SQLite's write lock, on SQLite), so a former holder's park cannot interleave with a
 * takeover. Expiry is measured by the database's clock: {@code clock_timestamp()} on PostgreSQL,
 * {@code julianday('now')} (the system clock, in milliseconds) on SQLite; timestamps are epoch
 * nanoseconds.
 *
 * <p><b>Stored rows are input.</b> What is read back is bounded (a name to {@value
 * DurableNames#MAX_LENGTH} characters and checked by {@link DurableNames}, an owner to {@value
 * #MAX_OWNER_CHARS}, an error to {@link ParkedEvent#MAX_ERROR_CHARS}) and checked; a row that
 * breaks a rule is reported as corrupt, naming it.
 *
 * <p><b>Read-only stores</b> list states and parked events and accept the two decisions an
 * operator takes on a parked event, {@link #requestRetry} and {@link #discard}, which change that
 * event's row and nothing else; leases, checkpoints and parking are refused.
 *
 * <p>On PostgreSQL, work whose connection was lost is repeated once on a new connection when
 * repeating it is harmless (everything but {@link #discard}), so that a caller hears the outcome.
 */
final class JdbcSubscriptionStore implements SubscriptionStore {
  /** The most characters of a lease owner kept, and read back. */
  static final int MAX_OWNER_CHARS = 255;

  /** The longest lease: a year, far beyond any heartbeat, and safe from overflow in nanoseconds. */
  static final Duration MAX_TTL = Duration.ofDays(365);

  private static final String PARKED = "PARKED";
  private static final String RETRY_REQUESTED = "RETRY_REQUESTED";

  /** The record columns of {@code <prefix>parked}, in the order of {@link Rows#record}. */
  private static final String PARKED_RECORD = "position, " + Rows.INSERT_COLUMNS + ", tx";

  /** What {@link #readParked} reads: the record, then what is particular to a parked event. */
  private static final String PARKED_SELECT =
      PARKED_RECORD
          + ", substr(subscription, 1, "
          + (DurableNames.MAX_LENGTH + 1)
          + "), substr(error, 1, "
          + ParkedEvent.MAX_ERROR_CHARS
          + "), attempts, first_failed_at, parked_at, substr(status, 1, 32)";

  private final Supplier<ConnectionSource> connections;
  private final Supplier<ConnectionSource> operator;
  private final Tables tables;
  private final boolean postgres;
  private final String store;
  private final boolean readOnly;
  private final Runnable requireOpen;
  /** The database's clock, in epoch nanoseconds, as an SQL expression. */
  private final String now;

  /**
   * A subscription store on a store's tables.
   *
   * @param connections where its work gets connections (asked each time: a SQLite store may
   *     replace its readers)
   * @param operator where {@link #requestRetry} and {@link #discard} get theirs
   * @param store how messages name the store: "the event store at ..."
   * @param requireOpen throws if the store is closed
   */
  JdbcSubscriptionStore(
      Supplier<ConnectionSource> connections,
      Supplier<ConnectionSource> operator,
      Tables tables,
      boolean postgres,
      String store,
      boolean readOnly,
      Runnable requireOpen) {
    this.connections = connections;
    this.operator = operator;
    this.tables = tables;
    this.postgres = postgres;
    this.store = store;
    this.readOnly = readOnly;
    this.requireOpen = requireOpen;
    this.now =
        postgres
            ? "(extract(epoch FROM clock_timestamp()) * 1000000000)::bigint"
            : "(CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 1000000)";
  }

  // ------------------------------------------------------------------ leases

  @Override
  public Optional<Lease> acquire(String subscription, String owner, Duration ttl, Cursor initial) {
    requireOpen.run();
    DurableNames.requireValid(subscription);
    requireOwner(owner);
    long ttlNanos = ttlNanos(ttl);
    Objects.requireNonNull(initial, "initial");
    requireWritable("take the lease of durable subscription \"" + subscription + "\"");
    String sql =
        "INSERT INTO "
            + tables.subscriptions()
            + " AS s (name, checkpoint_tx, checkpoint_position, owner, epoch, lease_expires_at, created_at)"
            + " VALUES (?, ?, ?, ?, 1, " + now + " + ?, " + now + ")"
            + " ON CONFLICT (name) DO UPDATE SET"
            + " epoch = CASE WHEN s.owner = excluded.owner AND s.lease_expires_at > " + now
            + " THEN s.epoch ELSE s.epoch + 1 END,"
            + " owner = excluded.owner,"
            + " lease_expires_at = excluded.lease_expires_at"
            + " WHERE s.owner IS NULL OR s.lease_expires_at <= " + now + " OR s.owner = excluded.owner"
            + " RETURNING epoch, lease_expires_at, checkpoint_tx, checkpoint_position";
    return run(
        "take the lease of durable subscription \"" + subscription + "\"",
        true,
        connection -> {
          try (PreparedStatement upsert = connection.prepareStatement(sql)) {
            upsert.setString(1, subscription);
            upsert.setLong(2, initial.transaction());
            upsert.setLong(3, initial.position());
            upsert.setString(4, owner);
            upsert.setLong(5, ttlNanos);
            try (ResultSet row = upsert.executeQuery()) {
              return row.next() ? Optional.of(lease(subscription, owner, row.getLong(1), row, 2)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public Optional<Lease> renew(Lease lease, Duration ttl) {
    requireOpen.run();
    Objects.requireNonNull(lease, "lease");
    long ttlNanos = ttlNanos(ttl);
    requireWritable("renew the lease of durable subscription \"" + lease.subscription() + "\"");
    String sql =
        "UPDATE "
            + tables.subscriptions()
            + " SET lease_expires_at = " + now + " + ?"
            + " WHERE " + current()
            + " RETURNING lease_expires_at, checkpoint_tx, checkpoint_position";
    return run(
        "renew the lease of durable subscription \"" + lease.subscription() + "\"",
        true,
        connection -> {
          try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setLong(1, ttlNanos);
            bindCurrent(update, 2, lease);
            try (ResultSet row = update.executeQuery()) {
              return row.next()
                  ? Optional.of(lease(lease.subscription(), lease.owner(), lease.epoch(), row, 1))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public void release(Lease lease) {
    requireOpen.run();
    Objects.requireNonNull(lease, "lease");
    requireWritable("release the lease of durable subscription \"" + lease.subscription() + "\"");
    String sql =
        "UPDATE " + tables.subscriptions() + " SET owner = NULL, lease_expires_at = NULL WHERE " + current();
    run(
        "release the lease of durable subscription \"" + lease.subscription() + "\"",
        true,
        connection -> {
          try (PreparedStatement update = connection.prepareStatement(sql)) {
            bindCurrent(update, 1, lease);
            return update.executeUpdate();
          }
        });
  }

  @Override
  public void checkpoint(Lease lease, Cursor cursor) {
    requireOpen.run();
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(cursor, "cursor");
    String action = "save checkpoint " + cursor;
    requireWritable(action + " for durable subscription \"" + lease.subscription() + "\"");
    String later = "(checkpoint_tx < ? OR (checkpoint_tx = ? AND checkpoint_position < ?))";
    String sql =
        "UPDATE "
            + tables.subscriptions()
            + " SET checkpoint_tx = CASE WHEN " + later + " THEN ? ELSE checkpoint_tx END,"
            + " checkpoint_position = CASE WHEN " + later + " THEN ? ELSE checkpoint_position END"
            + " WHERE " + current();
    int updated =
        run(
            action + " for durable subscription \"" + lease.subscription() + "\"",
            true,
            connection -> {
              try (PreparedStatement update = connection.prepareStatement(sql)) {
                for (int column = 0; column < 2; column++) {
                  int first = 1 + column * 4;
                  update.setLong(first, cursor.transaction());
                  update.setLong(first + 1, cursor.transaction());
                  update.setLong(first + 2, cursor.position());
                  update.setLong(first + 3, column == 0 ? cursor.transaction() : cursor.position());
                }
                bindCurrent(update, 9, lease);
                return update.executeUpdate();
              }
            });
    if (updated == 0) {
      throw leaseLost(action, lease);
    }
  }

  // ------------------------------------------------------------------ parked events

  @Override
  public void park(Lease lease, ParkedEvent parked) {
    requireOpen.run();
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(parked, "parked");
    if (!parked.subscription().equals(lease.subscription())) {
      throw new IllegalArgumentException(
          "an event parked for durable subscription \""
              + parked.subscription()
              + "\" cannot be parked under the lease of \""
              + lease.subscription()
              + "\"");
    }
    EventRecord record = parked.record();
    Rows.check(record.streamId(), List.of(record));
    String action = "park event " + record.eventId();
    requireWritable(action + " for durable subscription \"" + lease.subscription() + "\"");
    String columns =
        "subscription, "
            + (postgres ? "" : "seq, ")
            + PARKED_RECORD
            + ", error, attempts, first_failed_at, parked_at, status";
    String sql =
        "INSERT INTO "
            + tables.parked()
            + " ("
            + columns
            + ") VALUES (?, "
            + (postgres ? "" : "(SELECT coalesce(max(seq), 0) + 1 FROM " + tables.parked() + "), ")
            + Rows.placeholders(18)
            + ") ON CONFLICT (subscription, event_id) DO UPDATE SET"
            + (postgres ? " seq = DEFAULT," : " seq = excluded.seq,")
            + " position = excluded.position, tx = excluded.tx, stream_id = excluded.stream_id,"
            + " stream_version = excluded.stream_version, type_name = excluded.type_name,"
            + " type_version = excluded.type_version, topic = excluded.topic, ts = excluded.ts,"
            + " correlation_id = excluded.correlation_id, causation_id = excluded.causation_id,"
            + " headers = excluded.headers, payload = excluded.payload, error = excluded.error,"
            + " attempts = excluded.attempts, first_failed_at = excluded.first_failed_at,"
            + " parked_at = excluded.parked_at, status = excluded.status";
    underLease(
        action,
        lease,
        connection -> {
          try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, lease.subscription());
            insert.setLong(2, record.position());
            Rows.bind(insert, record, record.streamId(), record.streamVersion(), postgres, 3);
            insert.setLong(14, record.transaction());
            insert.setString(15, storable(parked.error()));
            insert.setInt(16, parked.attempts());
            insert.setLong(17, Rows.nanos(parked.firstFailedAt()));
            insert.setLong(18, Rows.nanos(parked.parkedAt()));
            insert.setString(19, parked.status().name());
            insert.executeUpdate();
          }
        });
  }

  @Override
  public List<ParkedEvent> parked(String subscription, int limit) {
    requireOpen.run();
    DurableNames.requireValid(subscription);
    requireLimit(limit);
    return selectParked(subscription, null, limit);
  }

  @Override
  public boolean requestRetry(String subscription, UUID eventId) {
    requireOpen.run();
    DurableNames.requireValid(subscription);
    Objects.requireNonNull(eventId, "eventId");
    String sql =
        "UPDATE "
            + tables.parked()
            + " SET status = '" + RETRY_REQUESTED + "', parked_at = " + now
            + " WHERE subscription = ? AND event_id = ?";
    return run(
        operator,
        "request a retry of parked event " + eventId + " of durable subscription \"" + subscription + "\"",
        true,
        connection -> {
          try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, subscription);
            update.setObject(2, Rows.uuid(eventId, postgres));
            return update.executeUpdate() > 0;
          }
        });
  }

  @Override
  public boolean discard(String subscription, UUID eventId) {
    requireOpen.run();
    DurableNames.requireValid(subscription);
    Objects.requireNonNull(eventId, "eventId");
    String sql = "DELETE FROM " + tables.parked() + " WHERE subscription = ? AND event_id = ?";
    // not repeated: a second attempt after a lost answer could not tell "discarded" from "absent"
    return run(
        operator,
        "discard parked event " + eventId + " of durable subscription \"" + subscription + "\"",
        false,
        connection -> {
          try (PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setString(1, subscription);
            delete.setObject(2, Rows.uuid(eventId, postgres));
            return delete.executeUpdate() > 0;
          }
        });
  }

  @Override
  public List<ParkedEvent> retryRequested(Lease lease, int limit) {
    requireOpen.run();
    Objects.requireNonNull(lease, "lease");
    requireLimit(limit);
    return selectParked(lease.subscription(), RETRY_REQUESTED, limit);
  }

  @Override
  public void resolved(Lease lease, UUID eventId) {
    requireOpen.run();
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(eventId, "eventId");
    String action = "resolve parked event " + eventId;
    requireWritable(action + " for durable subscription \"" + lease.subscription() + "\"");
    String sql = "DELETE FROM " + tables.parked() + " WHERE subscription = ? AND event_id = ?";
    underLease(
        action,
        lease,
        connection -> {
          try (PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setString(1, lease.subscription());
            delete.setObject(2, Rows.uuid(eventId, postgres));
            delete.executeUpdate();
          }
        });
  }

  @Override
  public List<SubscriptionState> states() {
    requireOpen.run();
    String sql =
        "SELECT substr(s.name, 1, "
            + (DurableNames.MAX_LENGTH + 1)
            + "), s.checkpoint_tx, s.checkpoint_position, substr(s.owner, 1, "
            + (MAX_OWNER_CHARS + 1)
            + "), s.lease_expires_at, (SELECT count(*) FROM "
            + tables.parked()
            + " p WHERE p.subscription = s.name) FROM "
            + tables.subscriptions()
            + " s";
    List<SubscriptionState> states =
        run(
            "read the durable subscriptions",
            true,
            connection -> {
              List<SubscriptionState> read = new ArrayList<>();
              try (PreparedStatement select = connection.prepareStatement(sql);
                  ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                  read.add(state(rows));
                }
              }
              return read;
            });
    // by name as Java orders strings, whatever the database's collation
    states.sort(Comparator.comparing(SubscriptionState::subscription));
    return List.copyOf(states);
  }

  // ------------------------------------------------------------------ reading rows

  private List<ParkedEvent> selectParked(String subscription, String status, int limit) {
    String sql =
        "SELECT "
            + PARKED_SELECT
            + " FROM "
            + tables.parked()
            + " WHERE subscription = ?"
            + (status == null ? "" : " AND status = '" + status + "'")
            + " ORDER BY seq LIMIT ?";
    return run(
        "read the parked events of durable subscription \"" + subscription + "\"",
        true,
        connection -> {
          List<ParkedEvent> parked = new ArrayList<>();
          try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, subscription);
            select.setInt(2, limit);
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                parked.add(readParked(rows));
              }
            }
          }
          return List.copyOf(parked);
        });
  }

  /** The parked event at the cursor of rows selected with {@link #PARKED_SELECT}. */
  private ParkedEvent readParked(ResultSet row) throws SQLException {
    String subscription = row.getString(14);
    Object eventId = row.getObject(2);
    try {
      requireStoredName(subscription);
      EventRecord record = Rows.record(row);
      String status = row.getString(19);
      if (!PARKED.equals(status) && !RETRY_REQUESTED.equals(status)) {
        throw new IllegalStateException("its status is \"" + brief(status) + "\"");
      }
      return new ParkedEvent(
          subscription,
          record,
          row.getString(15),
          row.getInt(16),
          Rows.instant(row.getLong(17)),
          Rows.instant(row.getLong(18)),
          ParkedEvent.Status.valueOf(status));
    } catch (RuntimeException | StackOverflowError e) {
      throw new EventStoreException(
          "the parked event row of "
              + brief(subscription)
              + " / "
              + brief(eventId)
              + " in "
              + tables.display("parked")
              + " at "
              + store
              + " is corrupt: "
              + (e.getMessage() == null ? e : e.getMessage()),
          e);
    }
  }

  private SubscriptionState state(ResultSet row) throws SQLException {
    String name = row.getString(1);
    try {
      requireStoredName(name);
      String owner = row.getString(4);
      if (owner != null && owner.length() > MAX_OWNER_CHARS) {
        throw new IllegalStateException("its owner is longer than " + MAX_OWNER_CHARS + " characters");
      }
      long expires = row.getLong(5);
      boolean hasExpiry = !row.wasNull();
      return new SubscriptionState(
          name,
          Cursor.of(row.getLong(2), row.getLong(3)),
          Optional.ofNullable(owner),
          owner == null || !hasExpiry ? Optional.empty() : Optional.of(Rows.instant(expires)),
          row.getLong(6));
    } catch (RuntimeException e) {
      throw corruptSubscription(name, e);
    }
  }

  /** A lease from the row's expiry and checkpoint, in columns {@code first} to {@code first + 2}. */
  private Lease lease(String subscription, String owner, long epoch, ResultSet row, int first) throws SQLException {
    try {
      return new Lease(
          subscription,
          owner,
          epoch,
          Rows.instant(row.getLong(first)),
          Cursor.of(row.getLong(first + 1), row.getLong(first + 2)));
    } catch (RuntimeException e) {
      throw corruptSubscription(subscription, e);
    }
  }

  private static void requireStoredName(String name) {
    String problem = DurableNames.problem(name);
    if (problem != null) {
      throw new IllegalStateException("its name is not a durable subscription name: " + problem);
    }
  }

  private EventStoreException corruptSubscription(String name, RuntimeException e) {
    return new EventStoreException(
        "the durable subscription row \""
            + brief(name)
            + "\" in "
            + tables.display("subscriptions")
            + " at "
            + store
            + " is corrupt: "
            + (e.getMessage() == null ? e : e.getMessage()),
        e);
  }

  // ------------------------------------------------------------------ the lease as a condition

  /** The condition that a lease is current: same owner and epoch, not expired. */
  private String current() {
    return "name = ? AND owner = ? AND epoch = ? AND lease_expires_at > " + now;
  }

  private static void bindCurrent(PreparedStatement statement, int first, Lease lease) throws SQLException {
    statement.setString(first, lease.subscription());
    statement.setString(first + 1, lease.owner());
    statement.setLong(first + 2, lease.epoch());
  }

  /** Work done under a lease, in the transaction that checked it. */
  private interface LeaseWork {
    void run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} in a transaction that first checks that {@code lease} is current and holds
   * its row until the end.
   *
   * @throws LeaseLostException if it is not, having changed nothing
   */
  private void underLease(String action, Lease lease, LeaseWork work) {
    String check = "SELECT 1 FROM " + tables.subscriptions() + " WHERE " + current() + (postgres ? " FOR UPDATE" : "");
    boolean held =
        run(
            action + " for durable subscription \"" + lease.subscription() + "\"",
            true,
            connection ->
                transaction(
                    connection,
                    () -> {
                      try (PreparedStatement select = connection.prepareStatement(check)) {
                        bindCurrent(select, 1, lease);
                        try (ResultSet row = select.executeQuery()) {
                          if (!row.next()) {
                            return false;
                          }
                        }
                      }
                      work.run(connection);
                      return true;
                    }));
    if (!held) {
      throw leaseLost(action, lease);
    }
  }

  private interface Body<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code body} in one transaction on {@code connection}: on PostgreSQL with auto-commit
   * off (and back on after), on SQLite from {@code BEGIN IMMEDIATE}, which takes the write lock
   * at once, so the transaction never has to upgrade a read lock another writer has overtaken.
   *
   * <p>If the transaction fails and cannot be rolled back, the connection is closed, which ends
   * the transaction on the server without committing it: switching it back to auto-commit mode
   * would commit what the failed transaction had done, and handing it back for reuse would let
   * the next piece of work commit it. The first failure is thrown, the rollback's (and the
   * close's) suppressed by it.
   */
  private <T> T transaction(Connection connection, Body<T> body) throws SQLException {
    if (postgres) {
      connection.setAutoCommit(false);
      T result;
      try {
        result = body.run();
        connection.commit();
      } catch (SQLException | RuntimeException | Error e) {
        if (!Failures.rollback(connection, e)) {
          Failures.close(connection, e);
          throw e;
        }
        try {
          connection.setAutoCommit(true);
        } catch (SQLException again) {
          e.addSuppressed(again);
        }
        throw e;
      }
      connection.setAutoCommit(true);
      return result;
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
      T result;
      try {
        result = body.run();
      } catch (SQLException | RuntimeException | Error e) {
        int suppressed = e.getSuppressed().length;
        Failures.execute(statement, "ROLLBACK", e);
        if (e.getSuppressed().length > suppressed) {
          Failures.close(connection, e);
        }
        throw e;
      }
      statement.execute("COMMIT");
      return result;
    }
  }

  /**
   * The exception for {@code action} refused under {@code lease}, naming who holds the
   * subscription now (read for the message; if that read fails, the message says less).
   */
  private LeaseLostException leaseLost(String action, Lease lease) {
    String prefix =
        "cannot " + action + " for durable subscription \"" + lease.subscription() + "\": ";
    String sql =
        "SELECT substr(owner, 1, " + (MAX_OWNER_CHARS + 1) + "), epoch, lease_expires_at FROM "
            + tables.subscriptions() + " WHERE name = ?";
    try {
      String[] holder = new String[1];
      long[] epochAndExpiry = new long[2];
      boolean exists =
          run(
              "read durable subscription \"" + lease.subscription() + "\"",
              true,
              connection -> {
                try (PreparedStatement select = connection.prepareStatement(sql)) {
                  select.setString(1, lease.subscription());
                  try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                      return false;
                    }
                    holder[0] = row.getString(1);
                    epochAndExpiry[0] = row.getLong(2);
                    epochAndExpiry[1] = row.getLong(3);
                    return true;
                  }
                }
              });
      if (!exists) {
        return new LeaseLostException(prefix + "the subscription does not exist in " + store);
      }
      return new LeaseLostException(
          prefix + lost(lease, holder[0], epochAndExpiry[0], Rows.instant(epochAndExpiry[1])));
    } catch (EventStoreException e) {
      LeaseLostException lost =
          new LeaseLostException(prefix + lease.owner() + " no longer holds its lease (epoch " + lease.epoch() + ")");
      lost.addSuppressed(e);
      return lost;
    }
  }

  /**
   * Why {@code lease} is no longer current, given the subscription's row: its holder (or {@code
   * null}), epoch and expiry. The in-memory store words it the same way.
   */
  static String lost(Lease lease, String holder, long epoch, Instant expiresAt) {
    if (holder == null) {
      return lease.owner() + " no longer holds its lease (epoch " + lease.epoch() + "); nobody holds it now";
    }
    if (holder.equals(lease.owner()) && epoch == lease.epoch()) {
      return "the lease of " + lease.owner() + " (epoch " + lease.epoch() + ") expired at " + expiresAt;
    }
    return lease.owner()
        + " no longer holds its lease (epoch "
        + lease.epoch()
        + "); "
        + holder
        + " holds it now (epoch "
        + epoch
        + ")";
  }

  /** {@code value} as text of at most 100 characters, for a message about a row that is input. */
  private static String brief(Object value) {
    String text = String.valueOf(value);
    return text.length() <= 100 ? text : text.substring(0, 100) + "...";
  }

  // ------------------------------------------------------------------ connections and checks

  private <T> T run(String action, boolean repeatable, ConnectionSource.Work<T> work) {
    return run(connections, action, repeatable, work);
  }

  /**
   * Runs {@code work} on a connection of {@code source}; if the connection was lost and the work
   * is {@code repeatable}, once more on a new one.
   *
   * @throws EventStoreException saying what could not be done, with the driver's text
   */
  private <T> T run(
      Supplier<ConnectionSource> source, String action, boolean repeatable, ConnectionSource.Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      ConnectionSource connectionSource = source.get();
      try {
        return connectionSource.with(work);
      } catch (SQLException e) {
        if (repeatable && attempt == 1 && Failures.lostConnection(e)) {
          continue;
        }
        throw new EventStoreException(
            "could not " + action + " at " + store + ": " + connectionSource.secrets.text(e),
            connectionSource.secrets.scrub(e));
      }
    }
  }

  private void requireWritable(String action) {
    if (readOnly) {
      throw new EventStoreException(store + " is open read-only: it cannot " + action);
    }
  }

  private static void requireOwner(String owner) {
    Objects.requireNonNull(owner, "owner");
    if (owner.isEmpty() || owner.length() > MAX_OWNER_CHARS) {
      throw new IllegalArgumentException(
          "a lease owner has 1 to " + MAX_OWNER_CHARS + " characters, not " + owner.length());
    }
    String problem = StorableText.problem(owner, MAX_OWNER_CHARS * 4);
    if (problem != null) {
      throw new IllegalArgumentException(
          "lease owner \"" + brief(owner) + "\" cannot be stored: " + problem);
    }
  }

  private static long ttlNanos(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("a lease lasts a positive time of at most " + MAX_TTL + ", not " + ttl);
    }
    return ttl.toNanos();
  }

  private static void requireLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1 but was " + limit);
    }
  }

  /**
   * {@code error} as text every database keeps exactly: NUL (which PostgreSQL refuses) and
   * unpaired surrogates (which UTF-8 cannot encode) replaced by U+FFFD. An error is a report,
   * not data: parking must not fail because an exception's message holds such a character.
   */
  static String storable(String error) {
    StringBuilder out = null;
    for (int i = 0; i < error.length(); i++) {
      char c = error.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c) && i + 1 < error.length() && Character.isLowSurrogate(error.charAt(i + 1));
      boolean bad = c == 0 || (Character.isSurrogate(c) && !paired && !(Character.isLowSurrogate(c) && i > 0
          && Character.isHighSurrogate(error.charAt(i - 1))));
      if (bad && out == null) {
        out = new StringBuilder(error.length()).append(error, 0, i);
      }
      if (out != null) {
        out.append(bad ? '\uFFFD' : c);
      }
    }
    return out == null ? error : out.toString();
  }
}
