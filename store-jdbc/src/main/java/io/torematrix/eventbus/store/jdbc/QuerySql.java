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
 * the selecting, topic patterns included ({@link TopicMatch}).
 */
final class QuerySql {
  private final StringBuilder where = new StringBuilder("position > ?");
  private final List<Object> parameters = new ArrayList<>();
  private final String table;
  private final int limit;

  private QuerySql(String table, int limit) {
    this.table = table;
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
    QuerySql sql = new QuerySql(table, query.limit());
    sql.parameters.add(query.afterPosition());
    if (!query.types().isEmpty()) {
      List<String> names = query.types().stream().sorted().toList();
      sql.where.append(" AND type_name IN (").append(Rows.placeholders(names.size())).append(')');
      sql.parameters.addAll(names);
    }
    if (query.streamId() != null) {
      sql.where.append(" AND stream_id = ?");
      sql.parameters.add(query.streamId());
    }
    if (query.from() != null) {
      sql.where.append(" AND ts >= ?");
      sql.parameters.add(Rows.nanos(query.from()));
    }
    if (query.until() != null) {
      sql.where.append(" AND ts < ?");
      sql.parameters.add(Rows.nanos(query.until()));
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

  /** Runs the query on {@code connection}: matching records in position order, up to its limit. */
  List<EventRecord> select(Connection connection) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + Rows.SELECT_COLUMNS
                + " FROM "
                + table
                + " WHERE "
                + where
                + " ORDER BY position LIMIT ?")) {
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
