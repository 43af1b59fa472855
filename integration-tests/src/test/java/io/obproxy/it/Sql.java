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
    /** How many servers tenant test has, as its own users can read it (ODP's __all_dummy entry). */
    static final String TENANT_SERVER_COUNT = "SELECT COUNT(DISTINCT svr_ip, sql_port)"
            + " FROM oceanbase.__all_virtual_proxy_schema"
            + " WHERE tenant_name = 'test' AND database_name = 'oceanbase' AND table_name = '__all_dummy'";

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
        String database = cluster.config().database();
        createUser(cluster, user, password, readsMetadata ? List.of("ALL ON " + database + ".*", "SELECT ON oceanbase.*")
                : List.of("ALL ON " + database + ".*"));
        return user;
    }

    /**
     * Creates a user of the cluster unless it exists (through node 1, waiting until every node has it)
     * and grants it what {@code grants} say (each like {@code "SELECT ON test.*"}).
     */
    static void createUser(SandboxCluster cluster, String user, String password, List<String> grants)
            throws SQLException {
        try (Connection c = cluster.connect(cluster.node(1))) {
            exec(c, "CREATE USER IF NOT EXISTS '" + user + "'@'%' IDENTIFIED BY '" + password + "'");
            for (String grant : grants) {
                exec(c, "GRANT " + grant + " TO '" + user + "'@'%'");
            }
        }
        cluster.awaitReplication(Duration.ofSeconds(10));
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /**
     * @return the sum of the values {@code SHOW PROXYSTAT} gives for the metric {@code name}, over the
     * rows with {@code labels} (every row of the metric when null)
     */
    static long proxyStat(Connection c, String name, String labels) throws SQLException {
        long sum = 0;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW PROXYSTAT")) {
            while (rs.next()) {
                if (rs.getString("name").equals(name) && (labels == null || labels.equals(rs.getString("labels")))) {
                    sum += rs.getLong("value");
                }
            }
        }
        return sum;
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
