package io.obproxy.jdbc;

import io.obproxy.process.ProcessCommands;
import io.obproxy.session.LogicalSession;
import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.SqlRewrites;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

/**
 * Statements the driver answers itself, as the classifier marks them ({@link SqlInfo#answeredByDriver}):
 * ODP's diagnostics ({@code EXPLAIN ROUTE <statement>}, {@code SHOW PROXYROUTE},
 * {@code SHOW PROXYSESSION}, {@code SHOW PROXYSTAT}), the processlist ({@code SHOW [FULL] PROCESSLIST}) and
 * {@code KILL [CONNECTION | QUERY] <id>}; and {@code CONNECTION_ID()}, which must give the logical
 * connection's id (rewritten, then sent). Rows are made here, in memory ({@link LocalResultSet}):
 * no server is asked, so they answer even when no server does. A KILL is carried out with no result.
 */
final class LocalAnswers {
    /** Columns whose values are numbers. */
    private static final Set<String> NUMERIC = Set.of("Id", "Time", "proxy_sessid", "server_sessid", "synced_version",
            "session_version");

    private LocalAnswers() {
    }

    /**
     * What to do with a statement.
     *
     * @param sql  the text to send, or null when the driver answered the statement itself
     * @param info its classification
     * @param rows the driver's rows, or null (something to send, or a KILL carried out)
     */
    record Answer(String sql, SqlInfo info, ResultSet rows) {
        boolean local() {
            return sql == null;
        }
    }

    /** @return the answer to {@code sql}: send it as it is, send it rewritten, or the driver's own */
    static Answer answer(String sql, SqlInfo info, LogicalConnection connection) throws SQLException {
        if (info.has(SqlInfo.FLAG_CONNECTION_ID)) { // KILL CONNECTION_ID() is then a command too
            String rewritten = SqlRewrites.connectionId(sql, connection.process().id());
            if (!rewritten.equals(sql)) { // (the same text again would be the same answer, for ever)
                return answer(rewritten, connection.classifier().classify(rewritten), connection);
            }
        }
        if (!info.answeredByDriver()) {
            return new Answer(sql, info, null);
        }
        return new Answer(null, info, rows(info, connection));
    }

    /** @return the rows answering a command; null for a KILL, carried out */
    private static ResultSet rows(SqlInfo info, LogicalConnection connection) throws SQLException {
        LogicalSession session = connection.session();
        switch (info.kind()) {
            case EXPLAIN_ROUTE:
                return LocalResultSet.of(LogicalSession.EXPLAIN_ROUTE_COLUMNS, NUMERIC,
                        session.explainRoute(connection.classifier().classify(info.objectName())));
            case SHOW_PROXYROUTE:
                return LocalResultSet.of(LogicalSession.PROXY_ROUTE_COLUMNS, NUMERIC, session.proxyRoutes());
            case SHOW_PROCESSLIST:
                return LocalResultSet.of(ProcessCommands.processListColumns(), NUMERIC,
                        ProcessCommands.processList(connection.caller(), info.has(SqlInfo.FLAG_FULL)));
            case SHOW_PROXYSESSION:
                return LocalResultSet.of(ProcessCommands.PROXYSESSION_COLUMNS, NUMERIC,
                        ProcessCommands.proxySessions(connection.caller()));
            case SHOW_PROXYSTAT:
                return LocalResultSet.of(ProxyStat.COLUMNS, ProxyStat.NUMERIC, ProxyStat.rows(connection.deployment()));
            case KILL:
                ProcessCommands.kill(connection.caller(), connectionId(info.objectName()),
                        info.has(SqlInfo.FLAG_KILL_QUERY));
                return null;
            default:
                throw new IllegalStateException("not a driver command: " + info.kind());
        }
    }

    /** @return a KILL's connection id; one too large for any connection is MySQL's unknown thread */
    private static long connectionId(String digits) throws SQLException {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new SQLException("Unknown thread id: " + digits, "HY000", 1094);
        }
    }
}
