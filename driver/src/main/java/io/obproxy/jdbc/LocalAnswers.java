package io.obproxy.jdbc;

import io.obproxy.process.ProcessCommands;
import io.obproxy.session.LogicalSession;
import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.SqlRewrites;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Statements the driver answers itself: ODP's diagnostics ({@code EXPLAIN ROUTE <statement>},
 * {@code SHOW PROXYROUTE}, {@code SHOW PROXYSESSION}), the processlist ({@code SHOW [FULL]
 * PROCESSLIST}), {@code KILL [CONNECTION | QUERY] <id>}, and {@code CONNECTION_ID()}, which must
 * give the logical connection's id. A result is turned into a SELECT of literal rows that any server
 * runs, so the application gets an ordinary result set with proper metadata; a KILL is carried out
 * with no result.
 */
final class LocalAnswers {
    private static final String EXPLAIN_ROUTE = "EXPLAIN ROUTE ";
    private static final String SHOW_PROXYROUTE = "SHOW PROXYROUTE";
    /** Columns whose values are numbers, rendered as such. */
    private static final Set<String> NUMERIC = Set.of("Id", "Time", "proxy_sessid", "server_sessid", "synced_version",
            "session_version");

    private LocalAnswers() {
    }

    /**
     * What to send for a statement.
     *
     * @param sql  the text to send, or null when the driver carried the statement out itself (no result)
     * @param info its classification
     */
    record Answer(String sql, SqlInfo info) {
        boolean done() {
            return sql == null;
        }
    }

    /** @return the answer to {@code sql}: itself, rewritten, a SELECT of the driver's rows, or done */
    static Answer answer(String sql, SqlInfo info, LogicalConnection connection) throws SQLException {
        if (info.has(SqlInfo.FLAG_CONNECTION_ID)) { // KILL CONNECTION_ID() is then a command too
            String rewritten = SqlRewrites.connectionId(sql, connection.process().id());
            return answer(rewritten, connection.classifier().classify(rewritten), connection);
        }
        String select = select(sql, connection);
        if (select == null) {
            return new Answer(sql, info);
        }
        return select.isEmpty() ? new Answer(null, info) : new Answer(select, connection.classifier().classify(select));
    }

    /** @return true when the driver answers {@code sql} itself (not a mere rewrite) */
    static boolean isCommand(String sql) {
        String text = sql.strip();
        return ProcessCommands.parse(text) != null || text.equalsIgnoreCase(SHOW_PROXYROUTE)
                || text.regionMatches(true, 0, EXPLAIN_ROUTE, 0, EXPLAIN_ROUTE.length());
    }

    /** @return the SELECT answering a command, "" for a KILL carried out, null for no command */
    private static String select(String sql, LogicalConnection connection) throws SQLException {
        String text = sql.strip();
        if (text.isEmpty() || "EeSsKk".indexOf(text.charAt(0)) < 0) {
            return null;
        }
        LogicalSession session = connection.session();
        if (text.length() > EXPLAIN_ROUTE.length() && text.regionMatches(true, 0, EXPLAIN_ROUTE, 0, EXPLAIN_ROUTE.length())) {
            String statement = text.substring(EXPLAIN_ROUTE.length());
            return select(LogicalSession.EXPLAIN_ROUTE_COLUMNS, session.explainRoute(connection.classifier().classify(statement)));
        }
        if (text.equalsIgnoreCase(SHOW_PROXYROUTE)) {
            return select(LogicalSession.PROXY_ROUTE_COLUMNS, session.proxyRoutes());
        }
        ProcessCommands.Command command = ProcessCommands.parse(text);
        if (command == null) {
            return null;
        }
        switch (command.kind()) {
            case PROCESSLIST:
            case FULL_PROCESSLIST:
                return select(ProcessCommands.processListColumns(), ProcessCommands.processList(connection.caller(),
                        command.kind() == ProcessCommands.Kind.FULL_PROCESSLIST));
            case PROXYSESSION:
                return select(ProcessCommands.PROXYSESSION_COLUMNS, ProcessCommands.proxySessions(connection.caller()));
            default:
                ProcessCommands.kill(connection.caller(), command.id(), command.kind() == ProcessCommands.Kind.KILL_QUERY);
                return "";
        }
    }

    /** @return {@code SELECT} of the rows: text as utf8mb4, numbers of {@link #NUMERIC} columns as numbers, nulls as NULL */
    static String select(List<String> columns, List<List<String>> rows) {
        StringBuilder sql = new StringBuilder();
        if (rows.isEmpty()) {
            sql.append("SELECT ");
            for (int c = 0; c < columns.size(); c++) {
                sql.append(c == 0 ? "" : ", ").append(NUMERIC.contains(columns.get(c)) ? "0" : "''")
                        .append(" AS `").append(columns.get(c)).append('`');
            }
            return sql.append(" FROM DUAL WHERE 1 = 0").toString();
        }
        for (int r = 0; r < rows.size(); r++) {
            sql.append(r == 0 ? "SELECT " : " UNION ALL SELECT ");
            for (int c = 0; c < columns.size(); c++) {
                sql.append(c == 0 ? "" : ", ").append(literal(rows.get(r).get(c), NUMERIC.contains(columns.get(c))));
                if (r == 0) {
                    sql.append(" AS `").append(columns.get(c)).append('`');
                }
            }
        }
        return sql.toString();
    }

    private static String literal(String value, boolean numeric) {
        if (value == null) {
            return numeric ? "CAST(NULL AS SIGNED)" : "CAST(NULL AS CHAR CHARACTER SET utf8mb4)";
        }
        if (numeric && value.matches("-?\\d{1,18}")) {
            return value;
        }
        if (value.isEmpty()) {
            return "CONVERT('' USING utf8mb4)";
        }
        return "CONVERT(X'" + HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8)) + "' USING utf8mb4)";
    }
}
