package io.obproxy.it;

import io.obproxy.sandbox.SandboxCluster;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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

    /**
     * Creates a table of a unique name through node 1 and waits until every node has it.
     *
     * @param columns the column list, without parentheses
     */
    static String createTable(SandboxCluster cluster, String prefix, String columns) throws SQLException {
        String table = uniqueName(prefix);
        try (Connection c = cluster.connect(cluster.node(1))) {
            exec(c, "CREATE TABLE " + table + " (" + columns + ")");
        }
        cluster.awaitReplication(Duration.ofSeconds(5));
        return table;
    }

    /**
     * Creates a user of the cluster (through node 1, waiting until every node has it) with all
     * privileges on the test database, and SELECT on the metadata when {@code readsMetadata}.
     *
     * @return the user's name, unique
     */
    static String createUser(SandboxCluster cluster, String prefix, String password, boolean readsMetadata)
            throws SQLException {
        String user = uniqueName(prefix);
        try (Connection c = cluster.connect(cluster.node(1))) {
            exec(c, "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'");
            exec(c, "GRANT ALL ON " + cluster.config().database() + ".* TO '" + user + "'@'%'");
            if (readsMetadata) {
                exec(c, "GRANT SELECT ON oceanbase.* TO '" + user + "'@'%'");
            }
        }
        cluster.awaitReplication(Duration.ofSeconds(10));
        return user;
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

    /** @return the only value of the only row a prepared query returns */
    static String scalar(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new AssertionError("no row");
            }
            String value = rs.getString(1);
            if (rs.next()) {
                throw new AssertionError("more than one row");
            }
            return value;
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
