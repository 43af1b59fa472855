package io.obproxy.jdbc;

import io.obproxy.session.LogicalSession;
import io.obproxy.sql.SqlClassifier;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * Statements the driver answers itself, ODP's diagnostics: {@code EXPLAIN ROUTE <statement>} and
 * {@code SHOW PROXYROUTE}. The answer is turned into a SELECT of literal rows that any server runs,
 * so the application gets an ordinary result set with proper metadata.
 */
final class LocalAnswers {
    private static final String EXPLAIN_ROUTE = "EXPLAIN ROUTE ";
    private static final String SHOW_PROXYROUTE = "SHOW PROXYROUTE";

    private LocalAnswers() {
    }

    /** @return the SELECT answering {@code sql}, or null when the server must run {@code sql} itself */
    static String rewrite(String sql, LogicalSession session, SqlClassifier classifier) {
        String text = sql.strip();
        if (text.isEmpty() || "EeSs".indexOf(text.charAt(0)) < 0) {
            return null;
        }
        if (text.length() > EXPLAIN_ROUTE.length() && text.regionMatches(true, 0, EXPLAIN_ROUTE, 0, EXPLAIN_ROUTE.length())) {
            String statement = text.substring(EXPLAIN_ROUTE.length());
            return select(LogicalSession.EXPLAIN_ROUTE_COLUMNS, session.explainRoute(classifier.classify(statement)));
        }
        if (text.equalsIgnoreCase(SHOW_PROXYROUTE)) {
            return select(LogicalSession.PROXY_ROUTE_COLUMNS, session.proxyRoutes());
        }
        return null;
    }

    /** @return {@code SELECT} of the rows, every value as utf8mb4 text */
    static String select(List<String> columns, List<List<String>> rows) {
        StringBuilder sql = new StringBuilder();
        if (rows.isEmpty()) {
            sql.append("SELECT ");
            for (int c = 0; c < columns.size(); c++) {
                sql.append(c == 0 ? "" : ", ").append("'' AS `").append(columns.get(c)).append('`');
            }
            return sql.append(" FROM DUAL WHERE 1 = 0").toString();
        }
        for (int r = 0; r < rows.size(); r++) {
            sql.append(r == 0 ? "SELECT " : " UNION ALL SELECT ");
            for (int c = 0; c < columns.size(); c++) {
                sql.append(c == 0 ? "" : ", ").append(text(rows.get(r).get(c)));
                if (r == 0) {
                    sql.append(" AS `").append(columns.get(c)).append('`');
                }
            }
        }
        return sql.toString();
    }

    private static String text(String value) {
        if (value.isEmpty()) {
            return "CONVERT('' USING utf8mb4)";
        }
        return "CONVERT(X'" + HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8)) + "' USING utf8mb4)";
    }
}
