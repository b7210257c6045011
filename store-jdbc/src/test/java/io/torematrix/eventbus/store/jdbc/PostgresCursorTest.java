package io.torematrix.eventbus.store.jdbc;

import static io.torematrix.eventbus.store.jdbc.Records.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Why the PostgreSQL store pages by cursor: identity positions are taken row by row and
 * transactions commit in another order, so a reader that resumes after a position skips, for
 * ever, an event that a slower transaction commits below it. A trigger that waits on advisory
 * locks the test holds makes the interleaving exact instead of likely.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresCursorTest {
  /** The store's sessions carry this name, so that the test can tell when they wait. */
  static final String APPLICATION = "eventbus-cursor-" + UUID.randomUUID().toString().substring(0, 8);

  String schema;
  String events;

  @BeforeEach
  void schema() {
    schema = PostgresSupport.newSchema();
    events = schema + ".eventbus_events";
  }

  @AfterEach
  void dropSchema() {
    PostgresSupport.dropSchema(schema);
  }

  /** How readers paged before cursors: by position alone, under the same visibility rule. */
  private List<Long> positionsAfterPosition(Connection connection, long after) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT position FROM " + events
                + " WHERE position > ? AND tx_id < pg_snapshot_xmin(pg_current_snapshot())"
                + " ORDER BY position LIMIT 100")) {
      select.setLong(1, after);
      List<Long> positions = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          positions.add(rows.getLong(1));
        }
      }
      return positions;
    }
  }

  /** Waits until {@code sessions} of the store's sessions wait for an advisory lock. */
  private static void awaitWaiting(Connection admin, int sessions) throws Exception {
    for (int i = 0; i < 2000; i++) {
      try (Statement statement = admin.createStatement();
          ResultSet row =
              statement.executeQuery(
                  "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + APPLICATION
                      + "' AND wait_event_type = 'Lock' AND wait_event = 'advisory'")) {
        row.next();
        if (row.getInt(1) == sessions) {
          return;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the appends never reached their locks");
  }

  private static List<Long> positions(List<EventRecord> records) {
    return records.stream().map(EventRecord::position).toList();
  }

  @Test
  void pagingByPositionSkipsAnEventAnInterleavedTransactionCommitsLaterButPagingByCursorDoesNot() throws Exception {
    long first = ThreadLocalRandom.current().nextLong(1L << 40);
    long second = first + 1;
    String url = PostgresSupport.URL + (PostgresSupport.URL.contains("?") ? "&" : "?") + "ApplicationName=" + APPLICATION;
    try (EventStore store = JdbcEventStores.postgres(url, PostgresOptions.defaults().schema(schema));
        Connection admin = DriverManager.getConnection(PostgresSupport.URL);
        Connection reader = DriverManager.getConnection(PostgresSupport.URL);
        Statement statement = admin.createStatement()) {
      // a row of type held.1 (held.2) waits, after its position and transaction id are taken,
      // until the test lets go of advisory lock `first` (`second`)
      statement.execute(
          "CREATE FUNCTION " + schema + ".hold() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
              + " IF NEW.type_name = 'held.1' THEN PERFORM pg_advisory_xact_lock_shared(" + first + ");"
              + " ELSIF NEW.type_name = 'held.2' THEN PERFORM pg_advisory_xact_lock_shared(" + second + ");"
              + " END IF; RETURN NEW; END $$");
      statement.execute(
          "CREATE TRIGGER hold BEFORE INSERT ON " + events + " FOR EACH ROW EXECUTE FUNCTION " + schema + ".hold()");
      statement.execute("SELECT pg_advisory_lock(" + first + "), pg_advisory_lock(" + second + ")");

      // session 1 takes position 1 and waits; session 2 takes position 2 and waits
      CompletableFuture<List<EventRecord>> one =
          CompletableFuture.supplyAsync(
              () -> store.append(null, ExpectedVersion.any(), List.of(record("held.1", "t", "{}"), record("one.more", "t", "{}"))));
      awaitWaiting(admin, 1);
      CompletableFuture<List<EventRecord>> two =
          CompletableFuture.supplyAsync(() -> store.append(null, ExpectedVersion.any(), List.of(record("held.2", "t", "{}"))));
      awaitWaiting(admin, 2);
      // session 1 goes on: position 3, and commits first
      statement.execute("SELECT pg_advisory_unlock(" + first + ")");
      List<EventRecord> committedFirst = one.get(30, TimeUnit.SECONDS);
      assertEquals(List.of(1L, 3L), positions(committedFirst));
      Visibility.await(store, committedFirst.get(1).cursor());

      List<Long> oldPage = positionsAfterPosition(reader, 0);
      List<EventRecord> newPage = store.read(EventQuery.all());
      assertEquals(List.of(1L, 3L), oldPage, "both readers see 1 and 3 while 2 is in flight");
      assertEquals(List.of(1L, 3L), positions(newPage));
      long lastPosition = oldPage.get(oldPage.size() - 1);
      Cursor lastCursor = newPage.get(newPage.size() - 1).cursor();

      // session 2 commits last
      statement.execute("SELECT pg_advisory_unlock(" + second + ")");
      EventRecord late = two.get(30, TimeUnit.SECONDS).get(0);
      assertEquals(2, late.position());
      assertTrue(late.cursor().isAfter(lastCursor), late.cursor() + " sorts after " + lastCursor);
      Visibility.await(store, late.cursor());

      assertEquals(List.of(), positionsAfterPosition(reader, lastPosition), "after position 3, event 2 is skipped for ever");
      assertEquals(List.of(1L, 2L, 3L), positionsAfterPosition(reader, 0), "though it is stored");
      List<EventRecord> resumed = store.read(EventQuery.all().after(lastCursor));
      assertEquals(List.of(late.eventId()), resumed.stream().map(EventRecord::eventId).toList(), "after the cursor, it is read");
      assertEquals(late.cursor(), store.head());
    }
  }

  @Test
  void theHeadAndReadsWaitForATransactionStillInFlightAndThenShowIt() throws Exception {
    try (EventStore store = JdbcEventStores.postgres(PostgresSupport.URL, PostgresOptions.defaults().schema(schema));
        Connection slow = DriverManager.getConnection(PostgresSupport.URL)) {
      EventRecord before = store.append(null, ExpectedVersion.any(), List.of(record("before", "t", "{}"))).get(0);
      Visibility.await(store, before.cursor());
      slow.setAutoCommit(false);
      try (PreparedStatement insert =
          slow.prepareStatement("INSERT INTO " + events + " (" + Rows.INSERT_COLUMNS + ") VALUES (" + Rows.placeholders(11) + ")")) {
        Rows.bind(insert, record("slow", "t", "{}"), null, 0, true);
        insert.executeUpdate();
      }
      EventRecord after = store.append(null, ExpectedVersion.any(), List.of(record("after", "t", "{}"))).get(0);

      assertEquals(before.cursor(), store.head(), "the head stops before the transaction in flight");
      assertEquals(List.of(), store.read(EventQuery.all().after(before.cursor())));

      slow.commit();
      Visibility.await(store, after.cursor());
      List<EventRecord> read = store.read(EventQuery.all().after(before.cursor()));
      assertEquals(List.of("slow", "after"), read.stream().map(EventRecord::typeName).toList());
      assertEquals(after.cursor(), read.get(1).cursor());
    }
  }
}
