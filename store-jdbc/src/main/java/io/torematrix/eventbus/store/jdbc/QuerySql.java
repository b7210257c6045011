package io.torematrix.eventbus.store.jdbc;

import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.spi.EventRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link EventQuery} as a {@code WHERE} clause with its parameters, so that the database does
 * the selecting, topic patterns included ({@link TopicMatch}), and returns rows in cursor order.
 *
 * <p>On SQLite the cursor is the position alone (its transaction is always 0). On PostgreSQL it is
 * the pair {@code (tx_id, position)}: the clause pages with the row comparison {@code (tx_id,
 * position) > (?, ?)} and orders by both, which the index on {@code (tx_id, position)} serves;
 * the caller adds the visibility rule ({@link #and}).
 */
final class QuerySql {
  private final StringBuilder where = new StringBuilder();
  private final List<Object> parameters = new ArrayList<>();
  private final String table;
  private final boolean postgres;
  private final int limit;

  private QuerySql(String table, boolean postgres, int limit) {
    this.table = table;
    this.postgres = postgres;
    this.limit = limit;
  }

  /**
   * Builds the clause.
   *
   * @param table the events table
   * @param postgres whether for PostgreSQL (native UUIDs, regular expressions) or SQLite
   */
  static QuerySql of(EventQuery query, String table, boolean postgres) {
    boolean nativeUuid = postgres;
    QuerySql sql = new QuerySql(table, postgres, query.limit());
    if (postgres) {
      sql.where.append("(tx_id, position) > (?::xid8, ?)");
      sql.parameters.add(Long.toString(query.after().transaction()));
    } else {
      // every SQLite record's transaction is 0: none comes after a cursor with a later one
      sql.where.append("? = 0 AND position > ?");
      sql.parameters.add(query.after().transaction());
    }
    sql.parameters.add(query.after().position());
    if (!query.types().isEmpty()) {
      List<String> names = query.types().stream().sorted().toList();
      sql.where.append(" AND type_name IN (").append(Rows.placeholders(names.size())).append(')');
      sql.parameters.addAll(names);
    }
    if (query.streamId() != null) {
      sql.where.append(" AND stream_id = ?");
      sql.parameters.add(query.streamId());
    }
    // a bound beyond the timestamps a store can hold leaves either every row or none
    if (query.from() != null) {
      if (query.from().isAfter(Rows.LATEST)) {
        sql.where.append(" AND 1 = 0");
      } else if (!query.from().isBefore(Rows.EARLIEST)) {
        sql.where.append(" AND ts >= ?");
        sql.parameters.add(Rows.nanos(query.from()));
      }
    }
    if (query.until() != null) {
      if (!query.until().isAfter(Rows.EARLIEST)) {
        sql.where.append(" AND 1 = 0");
      } else if (!query.until().isAfter(Rows.LATEST)) {
        sql.where.append(" AND ts < ?");
        sql.parameters.add(Rows.nanos(query.until()));
      }
    }
    if (query.correlationId() != null) {
      sql.where.append(" AND correlation_id = ?");
      sql.parameters.add(nativeUuid ? query.correlationId() : query.correlationId().toString());
    }
    if (query.topic() != null) {
      if (postgres) {
        TopicMatch.postgres(query.topic(), sql.where, sql.parameters);
      } else {
        TopicMatch.sqlite(query.topic(), sql.where, sql.parameters);
      }
    }
    return sql;
  }

  /** Adds a condition with no parameter, such as PostgreSQL's visibility rule. */
  QuerySql and(String condition) {
    where.append(" AND ").append(condition);
    return this;
  }

  /** Runs the query on {@code connection}: matching records in cursor order, up to its limit. */
  List<EventRecord> select(Connection connection) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + Rows.selectColumns(postgres)
                + " FROM "
                + table
                + " WHERE "
                + where
                + (postgres ? " ORDER BY tx_id, position LIMIT ?" : " ORDER BY position LIMIT ?"))) {
      int index = 1;
      for (Object parameter : parameters) {
        select.setObject(index++, parameter);
      }
      select.setInt(index, limit);
      List<EventRecord> records = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          records.add(Rows.read(rows));
        }
      }
      return records;
    }
  }
}
