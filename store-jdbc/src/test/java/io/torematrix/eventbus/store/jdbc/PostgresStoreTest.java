package io.torematrix.eventbus.store.jdbc;

import static io.torematrix.eventbus.store.jdbc.Records.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What is particular to the PostgreSQL store: in-flight transactions, connections killed
 * mid-append, commits whose answer is lost, secrets in messages, unreachable servers.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PostgresStoreTest {
  /** The store's sessions carry this name, so that a test kills its own store's sessions only. */
  static final String VICTIM = "eventbus-victim-" + UUID.randomUUID().toString().substring(0, 8);

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

  EventStore store() {
    return JdbcEventStores.postgres(victimUrl(), PostgresOptions.defaults().schema(schema));
  }

  static String victimUrl() {
    return PostgresSupport.URL + (PostgresSupport.URL.contains("?") ? "&" : "?") + "ApplicationName=" + VICTIM;
  }

  static List<String> types(List<EventRecord> records) {
    return records.stream().map(EventRecord::typeName).toList();
  }

  @Test
  void aReadNeverSkipsARowOfATransactionStillInFlight() throws Exception {
    try (EventStore store = store();
        Connection slow = DriverManager.getConnection(PostgresSupport.URL)) {
      Visibility.await(store, store.append(null, ExpectedVersion.any(), List.of(record("first", "t", "{}"))).get(0).cursor());
      slow.setAutoCommit(false);
      try (PreparedStatement insert =
          slow.prepareStatement("INSERT INTO " + events + " (" + Rows.INSERT_COLUMNS + ") VALUES (" + Rows.placeholders(11) + ")")) {
        Rows.bind(insert, record("slow", "t", "{}"), null, 0, true);
        insert.executeUpdate();
      }
      EventRecord later = store.append(null, ExpectedVersion.any(), List.of(record("later", "t", "{}"))).get(0);

      List<String> whileInFlight = types(store.read(EventQuery.all()));
      assertEquals(List.of("first"), whileInFlight, "the later row waits for the slower, earlier one");

      slow.commit();
      Visibility.await(store, later.cursor());
      List<EventRecord> afterCommit = store.read(EventQuery.all());
      assertEquals(List.of("first", "slow", "later"), types(afterCommit));
      assertTrue(afterCommit.get(1).position() < later.position());
    }
  }

  // ------------------------------------------------------------------ killed connections

  /** Makes every insert into the events table wait, at {@code when}, for advisory lock {@code key}. */
  private void holdInsertsOn(Connection admin, long key, String when) throws SQLException {
    try (Statement statement = admin.createStatement()) {
      statement.execute(
          "CREATE FUNCTION " + schema + ".hold() RETURNS trigger LANGUAGE plpgsql AS"
              + " $$ BEGIN PERFORM pg_advisory_xact_lock_shared(" + key + "); RETURN NULL; END $$");
      statement.execute(
          when.equals("commit")
              ? "CREATE CONSTRAINT TRIGGER hold AFTER INSERT ON " + events
                  + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION " + schema + ".hold()"
              : "CREATE TRIGGER hold BEFORE INSERT ON " + events
                  + " FOR EACH STATEMENT EXECUTE FUNCTION " + schema + ".hold()");
      statement.execute("SELECT pg_advisory_lock(" + key + ")");
    }
  }

  /** Waits until one of the store's sessions waits for an advisory lock, then kills it. */
  private static void killTheWaitingSession(Connection admin) throws Exception {
    for (int i = 0; i < 1000; i++) {
      try (Statement statement = admin.createStatement();
          ResultSet row =
              statement.executeQuery(
                  "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                      + VICTIM
                      + "' AND wait_event_type = 'Lock' AND wait_event = 'advisory'")) {
        if (row.next()) {
          return;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the append never reached the lock");
  }

  private void killedWhileAppending(String when, long key) throws Exception {
    try (EventStore store = store();
        Connection admin = DriverManager.getConnection(PostgresSupport.URL)) {
      Visibility.await(store, store.append(null, ExpectedVersion.any(), List.of(record("before", "t", "{}"))).get(0).cursor());
      holdInsertsOn(admin, key, when);
      CompletableFuture<List<EventRecord>> lost =
          CompletableFuture.supplyAsync(() -> store.append(null, ExpectedVersion.any(), List.of(record("lost", "t", "{}"))));

      killTheWaitingSession(admin);
      ExecutionException e = assertThrows(ExecutionException.class, () -> lost.get(60, TimeUnit.SECONDS));
      try (Statement statement = admin.createStatement()) {
        statement.execute("SELECT pg_advisory_unlock(" + key + ")");
        statement.execute("DROP TRIGGER hold ON " + events);
      }

      EventStoreException failure = assertInstanceOf(EventStoreException.class, e.getCause());
      assertEquals(
          "could not append to the event store at "
              + victimUrl()
              + " (tables "
              + schema
              + ".eventbus_*): FATAL: terminating connection due to administrator command",
          failure.getMessage(),
          "the first error, not the rollback's \"This connection has been closed.\"");
      assertEquals(List.of("before"), types(store.read(EventQuery.all())), "the failed append stored nothing");
      Visibility.await(store, store.append(null, ExpectedVersion.any(), List.of(record("after", "t", "{}"))).get(0).cursor());
      assertEquals(List.of("before", "after"), types(store.read(EventQuery.all())), "a new connection takes over");
    }
  }

  @Test
  void aConnectionKilledMidInsertFailsTheAppendWithTheRealErrorAndStoresNothing() throws Exception {
    killedWhileAppending("insert", 7_412_001);
  }

  @Test
  void aConnectionKilledDuringCommitIsSettledAsNotStoredWithTheRealError() throws Exception {
    killedWhileAppending("commit", 7_412_002);
  }

  @Test
  void underRepeatedKillsEveryAcknowledgedAppendIsStoredAndEveryFailedOneIsNot() throws Exception {
    List<UUID> acknowledged = new ArrayList<>();
    List<UUID> failed = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    Cursor last = Cursor.START;
    try (EventStore store = store();
        Connection admin = DriverManager.getConnection(PostgresSupport.URL)) {
      CompletableFuture<Void> killer =
          CompletableFuture.runAsync(
              () -> {
                try (Statement statement = admin.createStatement()) {
                  for (int i = 0; i < 40; i++) {
                    statement.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + VICTIM + "'");
                    Thread.sleep(15);
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      for (int i = 0; i < 200 && !killer.isDone(); i++) {
        EventRecord record = record("tick", "t", "{}");
        try {
          last = store.append(null, ExpectedVersion.any(), List.of(record)).get(0).cursor();
          acknowledged.add(record.eventId());
        } catch (EventStoreException e) {
          failed.add(record.eventId());
          messages.add(e.getMessage());
        }
      }
      killer.get(60, TimeUnit.SECONDS);
      Visibility.await(store, last);
      Set<UUID> stored =
          store.read(EventQuery.all()).stream().map(EventRecord::eventId).collect(Collectors.toSet());

      assertTrue(stored.containsAll(acknowledged), "every acknowledged append is stored");
      for (UUID id : failed) {
        assertFalse(stored.contains(id), "a failed append is not stored: " + id);
      }
      assertEquals(acknowledged.size(), stored.size());
      for (String message : messages) {
        assertFalse(message.endsWith("This connection has been closed."), message);
      }
    }
  }

  // ------------------------------------------------------------------ commits without an answer

  @Test
  void aCommitThatSucceedsButWhoseAnswerIsLostIsSettledAsStored() {
    try (FailingCommits failing = new FailingCommits(PostgresSupport.URL, FailingCommits.Mode.AFTER_COMMITTING);
        EventStore store = JdbcEventStores.postgres(failing, PostgresOptions.defaults().schema(schema))) {
      store.append(null, ExpectedVersion.any(), List.of(record("before", "t", "{}")));
      failing.arm();

      EventRecord record = record("acknowledged", "t", "{}");
      List<EventRecord> stored = store.append(null, ExpectedVersion.any(), List.of(record));
      Visibility.await(store, stored.get(0).cursor());

      assertEquals(1, failing.commitsFailed());
      assertEquals(record.eventId(), stored.get(0).eventId());
      assertEquals(List.of("before", "acknowledged"), types(store.read(EventQuery.all())));
      assertEquals(stored.get(0).position(), store.read(EventQuery.all()).get(1).position());
    }
  }

  @Test
  void aCommitThatNeverArrivedIsSettledAsNotStoredEvenWhileItsSessionLivesOn() {
    try (FailingCommits failing = new FailingCommits(PostgresSupport.URL, FailingCommits.Mode.WITHOUT_COMMITTING);
        EventStore store = JdbcEventStores.postgres(failing, PostgresOptions.defaults().schema(schema))) {
      Visibility.await(store, store.append(null, ExpectedVersion.any(), List.of(record("before", "t", "{}"))).get(0).cursor());
      failing.arm();

      EventStoreException e =
          assertThrows(
              EventStoreException.class,
              () -> store.append(null, ExpectedVersion.any(), List.of(record("lost", "t", "{}"))));

      assertEquals(1, failing.commitsFailed());
      assertEquals(
          "could not append to the event store at PostgreSQL DataSource " + failing + " (tables " + schema + ".eventbus_*):"
              + " the network went away (simulated)",
          e.getMessage());
      assertEquals(
          List.of("before"),
          types(store.read(EventQuery.all())),
          "the transaction left open on the abandoned session was ended, not committed");
      assertTrue(failing.abandonedSessionEnded(), "the store ended the session it gave up on");
    }
  }

  @Test
  void anErrorThrownInsideCommitBeforeSendingFailsTheAppendWithItAndStoresNothing() {
    try (FailingCommits failing = new FailingCommits(PostgresSupport.URL, FailingCommits.Mode.ERROR_BEFORE_COMMITTING);
        EventStore store = JdbcEventStores.postgres(failing, PostgresOptions.defaults().schema(schema))) {
      Visibility.await(store, store.append(null, ExpectedVersion.any(), List.of(record("before", "t", "{}"))).get(0).cursor());
      failing.arm();

      AssertionError e =
          assertThrows(
              AssertionError.class,
              () -> store.append(null, ExpectedVersion.any(), List.of(record("lost", "t", "{}"))));

      assertEquals("thrown inside commit() (simulated)", e.getMessage());
      assertEquals(1, failing.commitsFailed());
      Visibility.await(store, store.append(null, ExpectedVersion.any(), List.of(record("after", "t", "{}"))).get(0).cursor());
      assertEquals(
          List.of("before", "after"),
          types(store.read(EventQuery.all())),
          "the transaction the failed commit left open was not committed by handing its connection back");
    }
  }

  @Test
  void anErrorThrownInsideCommitAfterCommittingIsSettledAsStored() {
    try (FailingCommits failing = new FailingCommits(PostgresSupport.URL, FailingCommits.Mode.ERROR_AFTER_COMMITTING);
        EventStore store = JdbcEventStores.postgres(failing, PostgresOptions.defaults().schema(schema))) {
      failing.arm();

      EventRecord record = record("acknowledged", "t", "{}");
      List<EventRecord> stored = store.append(null, ExpectedVersion.any(), List.of(record));
      Visibility.await(store, stored.get(0).cursor());

      assertEquals(1, failing.commitsFailed());
      assertEquals(record.eventId(), stored.get(0).eventId());
      assertEquals(List.of("acknowledged"), types(store.read(EventQuery.all())));
    }
  }

  // ------------------------------------------------------------------ contention and retries

  @Test
  void concurrentAppendsToOneStreamAllSucceedAlsoThroughConnectionsThatDefaultToSerializable() throws Exception {
    String serializable =
        PostgresSupport.URL
            + (PostgresSupport.URL.contains("?") ? "&" : "?")
            + "options=-c%20default_transaction_isolation%3Dserializable";
    try (EventStore store =
        Visibility.awaitingAppends(JdbcEventStores.postgres(serializable, PostgresOptions.defaults().schema(schema)))) {
      EventStoreContract.appendConcurrentlyToOneStream(store);
    }
  }

  /** Makes every insert into the events table fail with SQL state {@code state}, {@code times} times. */
  private void failInserts(String state, int times) {
    PostgresSupport.execute("CREATE SEQUENCE " + schema + ".failed");
    PostgresSupport.execute(
        "CREATE FUNCTION " + schema + ".fail() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$ BEGIN IF nextval('" + schema + ".failed') <= " + times + " THEN"
            + " RAISE EXCEPTION 'simulated %', '" + state + "' USING ERRCODE = '" + state + "'; END IF;"
            + " RETURN NEW; END $$");
    PostgresSupport.execute(
        "CREATE TRIGGER fail BEFORE INSERT ON " + events + " FOR EACH ROW EXECUTE FUNCTION " + schema + ".fail()");
  }

  @Test
  void aDeadlockOrSerializationFailureIsRetriedAndTheAppendStoredOnce() {
    try (EventStore store = Visibility.awaitingAppends(store())) {
      store.append("s-1", ExpectedVersion.any(), List.of(record("before", "t", "{}")));
      failInserts("40P01", 1);
      PostgresSupport.execute("CREATE SEQUENCE " + schema + ".failed_too");
      PostgresSupport.execute(
          "CREATE FUNCTION " + schema + ".fail_too() RETURNS trigger LANGUAGE plpgsql AS"
              + " $$ BEGIN IF nextval('" + schema + ".failed_too') <= 1 THEN"
              + " RAISE EXCEPTION 'simulated' USING ERRCODE = '40001'; END IF; RETURN NEW; END $$");
      PostgresSupport.execute(
          "CREATE TRIGGER fail_too BEFORE INSERT ON " + events + " FOR EACH ROW EXECUTE FUNCTION " + schema + ".fail_too()");

      EventRecord record = record("after", "t", "{}");
      List<EventRecord> stored = store.append("s-1", ExpectedVersion.any(), List.of(record));

      assertEquals(2, stored.get(0).streamVersion());
      List<EventRecord> all = store.read(EventQuery.all().streamId("s-1"));
      assertEquals(List.of("before", "after"), types(all));
      assertEquals(List.of(1L, 2L), all.stream().map(EventRecord::streamVersion).toList());
    }
  }

  @Test
  void retriesThatRunOutFailTheAppendNamingTheStreamAndTheAttemptsWithTheDriversError() {
    try (EventStore store = Visibility.awaitingAppends(store())) {
      store.append("s-1", ExpectedVersion.any(), List.of(record("before", "t", "{}")));
      failInserts("40001", Integer.MAX_VALUE);

      EventStoreException e =
          assertThrows(
              EventStoreException.class,
              () -> store.append("s-1", ExpectedVersion.any(), List.of(record("lost", "t", "{}"))));

      String expected =
          "could not append to stream s-1 of the event store at "
              + victimUrl()
              + " (tables "
              + schema
              + ".eventbus_*) after "
              + PostgresEventStore.ATTEMPTS
              + " attempts: ERROR: simulated 40001";
      assertTrue(e.getMessage().startsWith(expected), e.getMessage());
      SQLException cause = assertInstanceOf(SQLException.class, e.getCause());
      assertEquals("40001", cause.getSQLState());
      assertEquals(List.of("before"), types(store.read(EventQuery.all())), "the failed append stored nothing");
    }
  }

  // ------------------------------------------------------------------ secrets and reachability

  private static String everything(Throwable e) {
    StringWriter text = new StringWriter();
    e.printStackTrace(new PrintWriter(text));
    return text.toString();
  }

  @Test
  void noPasswordAppearsInAnyMessageOrCause() {
    List<String> urls =
        List.of(
            "jdbc:postgresql://127.0.0.1:1/test?user=root&password=hunter2&connectTimeout=2",
            "jdbc:postgresql://127.0.0.1:1/test?user=root&PASSWORD=hunter2&connectTimeout=2",
            "jdbc:postgresql://root:hunter2@127.0.0.1:1/test?connectTimeout=2",
            "jdbc:postgresql:///?password=hunter2&invalid=%zz");
    for (String url : urls) {
      EventStoreException e = assertThrows(EventStoreException.class, () -> JdbcEventStores.postgres(url));
      assertTrue(e.getMessage().startsWith("cannot connect to the event store database at "), e.getMessage());
      assertFalse(everything(e).contains("hunter2"), everything(e));
    }
    Properties properties = new Properties();
    properties.setProperty("password", "s3cr3t-pw");
    EventStoreException e =
        assertThrows(
            EventStoreException.class,
            () -> JdbcEventStores.postgres("jdbc:postgresql://127.0.0.1:1/s3cr3t-pw?connectTimeout=2", properties));
    assertFalse(everything(e).contains("s3cr3t-pw"), everything(e));
    IllegalArgumentException notPostgres =
        assertThrows(IllegalArgumentException.class, () -> JdbcEventStores.postgres("jdbc:mysql://u:hunter2@x/y"));
    assertEquals(
        "\"jdbc:mysql://u:***@x/y\" is not a PostgreSQL JDBC URL: it should start with jdbc:postgresql://",
        notPostgres.getMessage());
  }

  @Test
  void anUnreachableServerIsReportedClearly() {
    EventStoreException e =
        assertThrows(
            EventStoreException.class,
            () -> JdbcEventStores.postgres("jdbc:postgresql://127.0.0.1:1/test?user=root&connectTimeout=2"));
    assertTrue(
        e.getMessage()
            .startsWith("cannot connect to the event store database at jdbc:postgresql://127.0.0.1:1/test"),
        e.getMessage());
  }

  @Test
  void aUrlOfAnotherDatabaseIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JdbcEventStores.postgres("jdbc:mysql://x/y"));
    assertEquals(
        "\"jdbc:mysql://x/y\" is not a PostgreSQL JDBC URL: it should start with jdbc:postgresql://",
        e.getMessage());
  }

  // ------------------------------------------------------------------ schemas, prefixes, read-only

  @Test
  void twoApplicationsShareADatabaseThroughPrefixesAndSchemas() {
    try (EventStore billing = JdbcEventStores.postgres(PostgresSupport.URL, PostgresOptions.defaults().schema(schema));
        EventStore shipping =
            JdbcEventStores.postgres(PostgresSupport.URL, PostgresOptions.defaults().schema(schema).tablePrefix("shipping_"))) {
      Visibility.await(billing, billing.append("acc-1", ExpectedVersion.noStream(), List.of(record("billed", "t", "{}"))).get(0).cursor());
      Visibility.await(shipping, shipping.append("acc-1", ExpectedVersion.noStream(), List.of(record("shipped", "t", "{}"))).get(0).cursor());

      assertEquals(List.of("billed"), types(billing.read(EventQuery.all())));
      assertEquals(List.of("shipped"), types(shipping.read(EventQuery.all())));
    }
  }

  @Test
  void aSchemaNamedAfterAReservedWordIsUsedAsItIsNamed() {
    // "order" is a valid schema name in PostgreSQL only when quoted: it is a reserved word.
    PostgresSupport.dropSchema("\"order\"");
    try (EventStore orders = JdbcEventStores.postgres(PostgresSupport.URL, PostgresOptions.defaults().schema("order"))) {
      Visibility.await(orders, orders.append("o-1", ExpectedVersion.noStream(), List.of(record("placed", "t", "{}"))).get(0).cursor());
      assertEquals(List.of("placed"), types(orders.read(EventQuery.all())));
    } finally {
      PostgresSupport.dropSchema("\"order\"");
    }
  }

  @Test
  void aSchemaNameThatPostgresReservesForItselfIsRefusedWhenConfigured() {
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> PostgresOptions.defaults().schema("pg_events"));
    assertEquals(
        "invalid schema name \"pg_events\": PostgreSQL reserves names starting with 'pg_' for its"
            + " system schemas",
        bad.getMessage());
  }

  @Test
  void aReadOnlyStoreCreatesNothingAndSaysWhatItFound() throws Exception {
    SchemaVersionException none =
        assertThrows(
            SchemaVersionException.class,
            () -> JdbcEventStores.postgres(PostgresSupport.URL, PostgresOptions.defaults().schema(schema).readOnly()));
    assertEquals(
        PostgresSupport.URL + " (tables " + schema + ".eventbus_*) is not an event store: it has no table "
            + schema + ".eventbus_schema",
        none.getMessage());
    assertEquals(0, none.foundVersion());
    try (Connection connection = DriverManager.getConnection(PostgresSupport.URL);
        ResultSet row = connection.createStatement().executeQuery(
            "SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'")) {
      row.next();
      assertEquals(0, row.getInt(1), "not even the schema was created");
    }

    JdbcEventStores.postgres(PostgresSupport.URL, PostgresOptions.defaults().schema(schema)).close();
    PostgresSupport.execute("UPDATE " + schema + ".eventbus_schema SET version = 7");
    SchemaVersionException newer =
        assertThrows(
            SchemaVersionException.class,
            () -> JdbcEventStores.postgres(PostgresSupport.URL, PostgresOptions.defaults().schema(schema).readOnly()));
    assertEquals(7, newer.foundVersion());
    assertTrue(newer.isEventStore());

    PostgresSupport.execute("UPDATE " + schema + ".eventbus_schema SET version = 2");
    try (EventStore reader =
        JdbcEventStores.postgres(PostgresSupport.URL, PostgresOptions.defaults().schema(schema).readOnly())) {
      assertEquals(List.of(), reader.read(EventQuery.all()));
      EventStoreException refused =
          assertThrows(
              EventStoreException.class,
              () -> reader.append(null, ExpectedVersion.any(), List.of(record("x", "t", "{}"))));
      assertTrue(refused.getMessage().endsWith("is open read-only: it cannot append"), refused.getMessage());
    }
  }
}
