package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.obproxy.sandbox.Partitioning;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.TableLayout;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Writes go to the leader of their row's tablet: each row records the server that inserted it
 * ({@code @@server_id}), which must be the leader the metadata names; the sandbox refuses writes on
 * non-leaders of HASH, RANGE and LIST tables (4038), so any misroute there would also fail.
 */
@ExtendWith(SandboxExtension.class)
class PartitionRoutingIT {
    private static final int ROWS = 300;

    private final SandboxCluster cluster;

    PartitionRoutingIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    private String table(String prefix, TableLayoutFactory layout) throws SQLException {
        String table = Sql.createTable(cluster, prefix, "id BIGINT, sub INT, k VARCHAR(16) COLLATE utf8mb4_bin,"
                + " server INT, PRIMARY KEY (id, sub, k)");
        cluster.declare(layout.layout(table));
        return table;
    }

    interface TableLayoutFactory {
        TableLayout layout(String table);
    }

    /** Inserts rows with random keys through a PreparedStatement; every row must have run on its leader. */
    private void insertsLandOnLeaders(String table, PartitionOf partitionOf) throws SQLException {
        Random random = new Random(42);
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl());
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, sub, k, server)"
                     + " VALUES (?, ?, ?, @@server_id)")) {
            for (int i = 0; i < ROWS; i++) {
                ps.setLong(1, random.nextInt(2_000_000) - 1_000_000L + i * 7919L);
                ps.setInt(2, random.nextInt(1000));
                ps.setString(3, "k" + random.nextInt(100_000));
                ps.executeUpdate();
            }
        }
        cluster.awaitReplication(Duration.ofSeconds(10));
        int checked = 0;
        try (Connection c = cluster.connect(cluster.node(1)); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, sub, k, server FROM " + table)) {
            while (rs.next()) {
                int[] partition = partitionOf.partition(rs.getLong(1), rs.getInt(2), rs.getString(3));
                int leader = cluster.leaderOf("test", table, partition[0], partition[1]);
                assertEquals(leader, rs.getInt(4), "row " + rs.getLong(1) + " ran on node " + rs.getInt(4)
                        + ", its leader is node " + leader);
                checked++;
            }
        }
        assertEquals(ROWS, checked);
    }

    interface PartitionOf {
        int[] partition(long id, int sub, String k);
    }

    @Test
    void hash() throws SQLException {
        String t = table("pr_hash", n -> TableLayout.partitioned("test", n, Partitioning.hash("id", 12)));
        insertsLandOnLeaders(t, (id, sub, k) -> new int[] {(int) (Math.abs(id) % 12), -1});
    }

    @Test
    void range() throws SQLException {
        String t = table("pr_range", n -> TableLayout.partitioned("test", n,
                Partitioning.range("id", "-500000", "0", "500000", "MAXVALUE")));
        insertsLandOnLeaders(t, (id, sub, k) -> new int[] {id < -500000 ? 0 : id < 0 ? 1 : id < 500000 ? 2 : 3, -1});
    }

    @Test
    void listWithDefault() throws SQLException {
        String t = table("pr_list", n -> TableLayout.partitioned("test", n,
                Partitioning.list("sub", "0,1,2,3,4,5,6,7,8,9", "10,11,12", "DEFAULT")));
        insertsLandOnLeaders(t, (id, sub, k) -> new int[] {sub < 10 ? 0 : sub <= 12 ? 1 : 2, -1});
    }

    @Test
    void twoLevelsRangeThenHash() throws SQLException {
        String t = table("pr_two", n -> TableLayout.partitioned("test", n, Partitioning.range("id", "0", "MAXVALUE"))
                .subpartitioned(Partitioning.hash("sub", 6)));
        insertsLandOnLeaders(t, (id, sub, k) -> new int[] {id < 0 ? 0 : 1, sub % 6});
    }

    @Test
    void keyOnAStringColumnAgreesWithTheSandboxPlacement() throws SQLException {
        // KEY tables are not checked by the sandbox's triggers: the oracle is @@server_id only.
        String t = table("pr_key", n -> TableLayout.partitioned("test", n, Partitioning.key(8, "k")));
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            Sql.exec(c, "INSERT INTO " + t + " (id, sub, k, server) VALUES (1, 1, 'abc', @@server_id)");
        }
        cluster.awaitReplication(Duration.ofSeconds(5));
        try (Connection c = cluster.connect(cluster.node(1))) {
            int server = Integer.parseInt(Sql.scalar(c, "SELECT server FROM " + t));
            long h = io.obproxy.route.MurmurHash64A.hash("abc".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0);
            int partition = (int) ((h == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(h)) % 8);
            assertEquals(cluster.leaderOf("test", t, partition, -1), server);
        }
    }

    @Test
    void explainRouteSaysWhereAndWhy() throws SQLException {
        String t = table("pr_explain", n -> TableLayout.partitioned("test", n, Partitioning.hash("id", 6)));
        String leader = cluster.node(cluster.leaderOf("test", t, 1, -1)).address();
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            java.util.List<java.util.List<String>> rows = Sql.rows(c, "EXPLAIN ROUTE SELECT * FROM " + t + " WHERE id = 7");
            assertEquals(1, rows.size());
            java.util.List<String> row = rows.get(0);
            assertEquals("test." + t, row.get(0));
            assertEquals("1", row.get(1));
            org.junit.jupiter.api.Assertions.assertTrue(row.get(3).contains(leader + "(LEADER)"), row.get(3));
            assertEquals(leader, row.get(4));
            assertEquals("LEADER", row.get(5));
            java.util.List<String> unroutable = Sql.rows(c, "explain route SELECT * FROM " + t + " WHERE id > 7").get(0);
            assertEquals("DEFAULT; not routable: no value for partition key column id", unroutable.get(5));
            assertEquals("DEFAULT: the statement names no table", Sql.rows(c, "EXPLAIN ROUTE SELECT 1").get(0).get(5));
            SQLException missing = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> Sql.rows(c, "SELECT * FROM no_such_table_here WHERE id = 1"));
            assertEquals(1146, missing.getErrorCode(), "the server's own error for a missing table");
            // its negative location entry is what SHOW PROXYROUTE shows below
            java.util.List<java.util.List<String>> routes = Sql.rows(c, "SHOW PROXYROUTE");
            org.junit.jupiter.api.Assertions.assertTrue(routes.stream().anyMatch(r -> r.get(1).equals(t)
                    && r.get(3).equals("1") && r.get(4).equals("6") && r.get(6).equals("AVAILABLE")), routes.toString());
            org.junit.jupiter.api.Assertions.assertTrue(routes.stream().anyMatch(r -> r.get(1).equals("no_such_table_here")
                    && r.get(6).equals("NOT_FOUND")), routes.toString());
        }
    }

    @Test
    void statementWithLiteralsAndReadsByKeyFindEveryRow() throws SQLException {
        String t = table("pr_lit", n -> TableLayout.partitioned("test", n, Partitioning.hash("id", 5)));
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            for (long id = -20; id < 20; id++) {
                Sql.exec(c, "INSERT INTO " + t + " (id, sub, k, server) VALUES (" + id + ", 0, 'x', @@server_id)");
            }
            cluster.awaitReplication(Duration.ofSeconds(5));
            for (long id = -20; id < 20; id++) {
                assertEquals(String.valueOf(cluster.leaderOf("test", t, (int) (Math.abs(id) % 5), -1)),
                        Sql.scalar(c, "SELECT @@server_id FROM " + t + " WHERE id = " + id), "read of " + id);
            }
        }
    }
}
