package io.obproxy.it;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Small JDBC helpers for tests. */
final class Sql {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private Sql() {
    }

    /** @return a table name no other test uses */
    static String uniqueName(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() % 10000 + "_" + SEQ.incrementAndGet();
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** @return every row, each as a list of column values rendered with getString */
    static List<List<String>> rows(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    static String scalar(Connection c, String sql) throws SQLException {
        List<List<String>> rows = rows(c, sql);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row from " + sql + ", got " + rows);
        }
        return rows.get(0).get(0);
    }
}
