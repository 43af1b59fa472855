package io.obproxy.session;

import io.obproxy.sql.Assignment;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads back, from the server that just evaluated them, variables a statement assigned with
 * expressions, and turns each value into a literal that gives every other server the same value:
 * numbers as written, text as {@code _utf8mb4 X'...'} (safe under any sql_mode), binary as
 * {@code X'...'}, NULL as NULL.
 */
final class VariableReader {
    private VariableReader() {
    }

    /** Reads the assignments' variables in one query and records them in {@code state}. */
    static void readBack(Connection c, List<Assignment> assignments, SessionState state) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < assignments.size(); i++) {
            Assignment a = assignments.get(i);
            sql.append(i == 0 ? "" : ", ").append(a.scope() == Assignment.Scope.USER
                    ? SessionState.quoteUserVariable(a.name()) : "@@session." + a.name());
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
            rs.next();
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 0; i < assignments.size(); i++) {
                Assignment a = assignments.get(i);
                String literal = literal(rs, md, i + 1);
                if (a.scope() == Assignment.Scope.USER) {
                    state.setUserVariable(a.name(), literal);
                } else {
                    state.setSystemVariable(a.name(), literal);
                }
            }
        }
    }

    static String literal(ResultSet rs, ResultSetMetaData md, int column) throws SQLException {
        switch (md.getColumnType(column)) {
            case Types.TINYINT: case Types.SMALLINT: case Types.INTEGER: case Types.BIGINT:
            case Types.DECIMAL: case Types.NUMERIC: case Types.FLOAT: case Types.REAL: case Types.DOUBLE:
            case Types.BIT: case Types.BOOLEAN:
                String number = rs.getString(column);
                return number == null ? "NULL" : number;
            case Types.BINARY: case Types.VARBINARY: case Types.LONGVARBINARY: case Types.BLOB:
                byte[] bytes = rs.getBytes(column);
                return bytes == null ? "NULL" : "X'" + HexFormat.of().formatHex(bytes) + "'";
            default:
                String text = rs.getString(column);
                return text == null ? "NULL"
                        : "_utf8mb4 X'" + HexFormat.of().formatHex(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "'";
        }
    }
}
