package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.route.MurmurHash64A;
import io.obproxy.sandbox.Partitioning;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.TableLayout;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Routing accuracy: 1000 random key-based inserts per table (HASH, KEY on an integer, KEY on a
 * utf8mb4_general_ci string, RANGE, LIST with DEFAULT, RANGE then HASH sub-partitions; 12 or 13
 * tablets each, led round robin by the 3 nodes) through a PreparedStatement must each run on the
 * leader of their tablet. The oracle is the row itself: it records the server that inserted it
 * ({@code @@server_id}), compared with the leader the sandbox's metadata names for the partition
 * the test computes on its own (arithmetic for HASH, RANGE, LIST; MurmurHash64A over bytes the
 * test builds for KEY, with general_ci weights from the server's {@code WEIGHT_STRING}). The
 * sandbox also refuses writes on non-leaders of HASH, RANGE and LIST tables (4038): none may reach
 * the application. Then every row is read back by its key through the driver.
 */
@ExtendWith(SandboxExtension.class)
class PartitionRoutingIT {
    private static final int ROWS = 1000;

    private final SandboxCluster cluster;

    PartitionRoutingIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    private String table(String prefix, TableLayoutFactory layout) throws SQLException {
        String table = Sql.createTable(cluster, prefix, "id BIGINT, sub INT, k VARCHAR(32) COLLATE utf8mb4_general_ci,"
                + " server INT, PRIMARY KEY (id, sub, k)");
        cluster.declare(layout.layout(table));
        return table;
    }

    interface TableLayoutFactory {
        TableLayout layout(String table);
    }

    /**
     * Inserts rows with random keys through a PreparedStatement; every row must have run on its
     * leader, and must be found again by its key through the driver.
     */
    private void insertsLandOnLeaders(String table, PartitionOf partitionOf) throws SQLException {
        Random random = new Random(42);
        Set<String> keys = new HashSet<>();
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl());
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, sub, k, server)"
                     + " VALUES (?, ?, ?, @@server_id)")) {
            while (keys.size() < ROWS) {
                long id = random.nextInt(2_000_000) - 1_000_000L;
                int sub = random.nextInt(1000);
                String k = KEY_CHARS[random.nextInt(KEY_CHARS.length)] + Integer.toString(random.nextInt(1_000_000), 36);
                if (!keys.add(id + "/" + sub + "/" + k.toUpperCase(java.util.Locale.ROOT))) {
                    continue;
                }
                ps.setLong(1, id);
                ps.setInt(2, sub);
                ps.setString(3, k);
                ps.executeUpdate();
            }
        }
        cluster.awaitReplication(Duration.ofSeconds(10));
        int checked = 0;
        try (Connection c = cluster.connect(cluster.node(1)); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, sub, k, server, HEX(WEIGHT_STRING(k)) FROM " + table)) {
            while (rs.next()) {
                int[] partition = partitionOf.partition(rs.getLong(1), rs.getInt(2), rs.getString(5));
                int leader = cluster.leaderOf("test", table, partition[0], partition[1]);
                assertEquals(leader, rs.getInt(4), "row " + rs.getLong(1) + "/" + rs.getString(3) + " ran on node "
                        + rs.getInt(4) + ", its leader is node " + leader);
                checked++;
            }
        }
        assertEquals(ROWS, checked);
        readsByKeyFindEveryRow(table);
    }

    private void readsByKeyFindEveryRow(String table) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (Connection c = cluster.connect(cluster.node(1)); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, sub, k FROM " + table)) {
            while (rs.next()) {
                rows.add(new Object[] {rs.getLong(1), rs.getInt(2), rs.getString(3)});
            }
        }
        int found = 0;
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl());
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE id = ? AND sub = ? AND k = ?")) {
            for (Object[] row : rows) {
                ps.setLong(1, (Long) row[0]);
                ps.setInt(2, (Integer) row[1]);
                ps.setString(3, (String) row[2]);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    found += rs.getInt(1);
                }
            }
        }
        assertEquals(ROWS, found, "rows found again by key through the driver");
    }

    /** First characters of string keys: mixed case and accents, which utf8mb4_general_ci folds. */
    private static final String[] KEY_CHARS = {"a", "B", "\u00e9", "\u00c9", "\u00df", "z", "\u4e2d"};

    interface PartitionOf {
        /** @param weights the key column's general_ci weights, as the server's HEX(WEIGHT_STRING(k)) */
        int[] partition(long id, int sub, String weights);
    }

    /** KEY partitioning of one column value's bytes: MurmurHash64A seeded with 0, |h| modulo n. */
    private static int keyPartition(byte[] bytes, int partitions) {
        long h = MurmurHash64A.hash(bytes, 0, bytes.length, 0);
        return (int) ((h == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(h)) % partitions);
    }

    private static byte[] littleEndian(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    /** general_ci weights (2 bytes big-endian each, as WEIGHT_STRING gives them) as KEY hashes them: little-endian. */
    private static byte[] weightsLittleEndian(String hexBigEndian) {
        byte[] be = HexFormat.of().parseHex(hexBigEndian);
        byte[] le = new byte[be.length];
        for (int i = 0; i < be.length; i += 2) {
            le[i] = be[i + 1];
            le[i + 1] = be[i];
        }
        return le;
    }

    private static final String[] RANGE_BOUNDS = {"-800000", "-600000", "-400000", "-200000", "-100000", "0",
        "100000", "200000", "400000", "600000", "800000", "MAXVALUE"};

    private static int rangeIndex(long id) {
        for (int i = 0; i < RANGE_BOUNDS.length - 1; i++) {
            if (id < Long.parseLong(RANGE_BOUNDS[i])) {
                return i;
            }
        }
        return RANGE_BOUNDS.length - 1;
    }

    @Test
    void hash() throws SQLException {
        String t = table("pr_hash", n -> TableLayout.partitioned("test", n, Partitioning.hash("id", 12)));
        insertsLandOnLeaders(t, (id, sub, w) -> new int[] {(int) (Math.abs(id) % 12), -1});
    }

    @Test
    void keyOnAnInteger() throws SQLException {
        String t = table("pr_keyint", n -> TableLayout.partitioned("test", n, Partitioning.key(12, "id")));
        insertsLandOnLeaders(t, (id, sub, w) -> new int[] {keyPartition(littleEndian(id), 12), -1});
    }

    @Test
    void keyOnAGeneralCiString() throws SQLException {
        String t = table("pr_keystr", n -> TableLayout.partitioned("test", n, Partitioning.key(13, "k")));
        insertsLandOnLeaders(t, (id, sub, w) -> new int[] {keyPartition(weightsLittleEndian(w), 13), -1});
    }

    @Test
    void range() throws SQLException {
        String t = table("pr_range", n -> TableLayout.partitioned("test", n, Partitioning.range("id", RANGE_BOUNDS)));
        insertsLandOnLeaders(t, (id, sub, w) -> new int[] {rangeIndex(id), -1});
    }

    @Test
    void listWithDefault() throws SQLException {
        String[] lists = new String[12];
        for (int p = 0; p < 11; p++) {
            lists[p] = (p * 10) + "," + (p * 10 + 1) + "," + (p * 10 + 2) + "," + (p * 10 + 3) + "," + (p * 10 + 4);
        }
        lists[11] = "DEFAULT";
        String t = table("pr_list", n -> TableLayout.partitioned("test", n, Partitioning.list("sub", lists)));
        insertsLandOnLeaders(t, (id, sub, w) -> new int[] {sub < 110 && sub % 10 < 5 ? sub / 10 : 11, -1});
    }

    @Test
    void twoLevelsRangeThenHash() throws SQLException {
        String t = table("pr_two", n -> TableLayout.partitioned("test", n,
                        Partitioning.range("id", "-300000", "300000", "MAXVALUE"))
                .subpartitioned(Partitioning.hash("sub", 4)));
        insertsLandOnLeaders(t, (id, sub, w) -> new int[] {id < -300000 ? 0 : id < 300000 ? 1 : 2, sub % 4});
    }

    /**
     * KEY(b, a) on a table declared (a, b): OceanBase's {@code part_key_idx} lists a first (its place
     * in the table), the key hashes b first (its place in the expression). Every row must run on the
     * leader of the partition of murmur(b) chained into murmur(a).
     */
    @Test
    void keyOverTwoColumnsInAnotherOrderThanTheTables() throws SQLException {
        String t = Sql.createTable(cluster, "pr_keyba", "a BIGINT, b BIGINT, server INT, PRIMARY KEY (a, b)");
        cluster.declare(TableLayout.partitioned("test", t, Partitioning.key(12, "b", "a")));
        Random random = new Random(11);
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl());
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " (a, b, server) VALUES (?, ?, @@server_id)")) {
            for (int i = 0; i < 200; i++) {
                ps.setLong(1, i);
                ps.setLong(2, random.nextInt(1_000_000) - 500_000L);
                ps.executeUpdate();
            }
        }
        cluster.awaitReplication(Duration.ofSeconds(10));
        int checked = 0;
        try (Connection c = cluster.connect(cluster.node(1)); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT a, b, server FROM " + t)) {
            while (rs.next()) {
                byte[] b = littleEndian(rs.getLong(2));
                byte[] a = littleEndian(rs.getLong(1));
                long h = MurmurHash64A.hash(a, 0, a.length, MurmurHash64A.hash(b, 0, b.length, 0));
                int partition = (int) ((h == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(h)) % 12);
                int leader = cluster.leaderOf("test", t, partition, -1);
                assertEquals(leader, rs.getInt(3), "row a=" + rs.getLong(1) + " b=" + rs.getLong(2) + " ran on node "
                        + rs.getInt(3) + ", the leader of its partition " + partition + " is node " + leader);
                checked++;
            }
        }
        assertEquals(200, checked);
    }

    /**
     * KEY on a DECIMAL(12,2) column, which the sandbox describes as a current tenant's DECIMAL_INT:
     * 300 rows through a PreparedStatement (setBigDecimal, values of every sign and size) and 30
     * literal INSERTs, each on the leader of its partition by the test's own DECIMAL_INT encoding:
     * the value times 10^scale in as few 32-bit two's-complement words as hold it.
     */
    @Test
    void keyOnADecimal() throws SQLException {
        String t = Sql.createTable(cluster, "pr_keydec", "amount DECIMAL(12,2) PRIMARY KEY, server INT");
        cluster.declare(TableLayout.partitioned("test", t, Partitioning.key(12, "amount")));
        Random random = new Random(7);
        Set<BigDecimal> amounts = new HashSet<>();
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl());
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " (amount, server) VALUES (?, @@server_id)")) {
            while (amounts.size() < 300) {
                BigDecimal amount = BigDecimal.valueOf(random.nextLong() % 10_000_000_000L >> random.nextInt(34), 2);
                if (amounts.add(amount)) {
                    ps.setBigDecimal(1, amount);
                    ps.executeUpdate();
                }
            }
            for (int i = 0; i < 30; i++) {
                BigDecimal amount = BigDecimal.valueOf(i * 1_000_003L - 15_000_000L, 2);
                if (amounts.add(amount)) {
                    Sql.exec(c, "INSERT INTO " + t + " (amount, server) VALUES (" + amount.toPlainString() + ", @@server_id)");
                }
            }
        }
        cluster.awaitReplication(Duration.ofSeconds(10));
        int checked = 0;
        try (Connection c = cluster.connect(cluster.node(1)); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT amount, server FROM " + t)) {
            while (rs.next()) {
                BigDecimal amount = rs.getBigDecimal(1);
                int leader = cluster.leaderOf("test", t, decimalIntKeyPartition(amount, 12), -1);
                assertEquals(leader, rs.getInt(2), "row " + amount + " ran on node " + rs.getInt(2)
                        + ", its leader is node " + leader);
                checked++;
            }
        }
        assertEquals(amounts.size(), checked);
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            List<String> route = Sql.rows(c, "EXPLAIN ROUTE SELECT * FROM " + t + " WHERE amount = -12.5").get(0);
            int leader = cluster.leaderOf("test", t, decimalIntKeyPartition(new BigDecimal("-12.5"), 12), -1);
            assertEquals(cluster.node(leader).address(), route.get(4));
            assertEquals("LEADER", route.get(5));
            assertEquals("DEFAULT; not routable: value 12.505 has more decimals than column amount (scale 2)",
                    Sql.rows(c, "EXPLAIN ROUTE SELECT * FROM " + t + " WHERE amount = 12.505").get(0).get(5));
        }
    }

    /** The KEY partition of a DECIMAL(12,2) stored as DECIMAL_INT: MurmurHash64A of its scaled words. */
    private static int decimalIntKeyPartition(BigDecimal v, int partitions) {
        BigInteger unscaled = v.setScale(2).unscaledValue();
        int words = (unscaled.bitLength() + 32) / 32;
        ByteBuffer bytes = ByteBuffer.allocate(4 * words).order(ByteOrder.LITTLE_ENDIAN);
        for (int w = 0; w < words; w++) {
            bytes.putInt(unscaled.shiftRight(32 * w).intValue());
        }
        long h = MurmurHash64A.hash(bytes.array(), 0);
        return (int) ((h == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(h)) % partitions);
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

    /**
     * A join routes by the table whose key its WHERE gives: a column qualified by one table's
     * alias is not a key of the other, though both have a column of that name.
     */
    @Test
    void aJoinRoutesByTheTableItsKeysQualify() throws SQLException {
        String a = table("pr_join_a", n -> TableLayout.partitioned("test", n, Partitioning.hash("id", 6)));
        String b = table("pr_join_b", n -> TableLayout.partitioned("test", n, Partitioning.hash("id", 5)));
        long id = 0;
        while (cluster.leaderOf("test", a, (int) (id % 6), -1) == cluster.leaderOf("test", b, (int) (id % 5), -1)) {
            id++;
        }
        String bLeader = cluster.node(cluster.leaderOf("test", b, (int) (id % 5), -1)).address();
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            List<List<String>> rows = Sql.rows(c, "EXPLAIN ROUTE SELECT * FROM " + a + " x JOIN " + b
                    + " AS y ON x.k = y.k WHERE y.id = " + id);
            assertEquals("LEADER; not routable: no value for partition key column id", rows.get(0).get(5),
                    "y.id is not a key of " + a + "; the statement goes to a leader (of " + b + ")");
            assertEquals(List.of(bLeader, "LEADER"), rows.get(1).subList(4, 6));
            Sql.exec(c, "INSERT INTO " + b + " (id, sub, k, server) VALUES (" + id + ", 0, 'j', @@server_id)");
            cluster.awaitReplication(Duration.ofSeconds(5));
            assertEquals(String.valueOf(cluster.leaderOf("test", b, (int) (id % 5), -1)), Sql.scalar(c,
                    "SELECT @@server_id FROM " + a + " x RIGHT JOIN " + b + " y ON x.k = y.k WHERE y.id = " + id),
                    "the join ran on " + b + "'s leader");
        }
    }

    /**
     * A PreparedStatement batch over every partition runs each entry on its leader (the sandbox
     * refuses any other), split by server into physical batches, with and without Connector/J's
     * rewriting of batches into multi-row INSERTs; the counts come back in the entries' order.
     */
    @Test
    void aBatchOverManyPartitionsRunsEachEntryOnItsLeader() throws SQLException {
        for (String rewrite : new String[] {"false", "true"}) {
            String t = table("pr_batch", n -> TableLayout.partitioned("test", n, Partitioning.hash("id", 6)));
            try (Connection c = DriverManager.getConnection(cluster.jdbcUrl() + "&rewriteBatchedStatements=" + rewrite);
                 PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " (id, sub, k, server) VALUES (?, 0, 'b', @@server_id)")) {
                for (long id = 0; id < 60; id++) {
                    ps.setLong(1, id * 7);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                assertEquals(60, counts.length);
                for (int count : counts) {
                    assertTrue(count == 1 || count == Statement.SUCCESS_NO_INFO, "count " + count + ", rewrite=" + rewrite);
                }
            }
            cluster.awaitReplication(Duration.ofSeconds(5));
            try (Connection c = cluster.connect(cluster.node(1))) {
                for (List<String> row : Sql.rows(c, "SELECT id, server FROM " + t)) {
                    long id = Long.parseLong(row.get(0));
                    assertEquals(String.valueOf(cluster.leaderOf("test", t, (int) (id % 6), -1)), row.get(1), "row " + id);
                }
                assertEquals("60", Sql.scalar(c, "SELECT COUNT(*) FROM " + t));
            }
        }
    }

    /**
     * A failing entry (a duplicate key) fails its server's part: with Connector/J's default
     * (continueBatchOnError) the other parts still run, with continueBatchOnError=false the parts
     * after it do not; either way one BatchUpdateException carries every entry's count.
     */
    @Test
    void aFailingPartOfASplitBatchReportsEveryEntrysCount() throws SQLException {
        String t = table("pr_batch_dup", n -> TableLayout.partitioned("test", n, Partitioning.hash("id", 6)));
        long failed = Statement.EXECUTE_FAILED;
        for (String continueOnError : new String[] {"true", "false"}) {
            try (Connection c = DriverManager.getConnection(cluster.jdbcUrl() + "&continueBatchOnError=" + continueOnError);
                 PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " (id, sub, k, server) VALUES (?, ?, 'd', @@server_id)")) {
                int sub = continueOnError.equals("true") ? 0 : 1;
                // 0 and 6 are in partition 0, the two 1s in partition 1 (the second a duplicate key), 2 in partition 2
                for (long id : new long[] {0, 1, 6, 1, 2}) {
                    ps.setLong(1, id);
                    ps.setInt(2, sub);
                    ps.addBatch();
                }
                BatchUpdateException e = assertThrows(BatchUpdateException.class, ps::executeBatch);
                assertEquals(1062, e.getErrorCode(), e.getMessage());
                long[] counts = e.getLargeUpdateCounts();
                assertEquals(5, counts.length);
                assertEquals(List.of(1L, 1L, 1L, failed), List.of(counts[0], counts[1], counts[2], counts[3]),
                        "0, 1 and 6 ran; the second 1 failed");
                assertEquals(continueOnError.equals("true") ? 1L : failed, counts[4],
                        "2, whose part comes after the failed one, ran only with continueBatchOnError");
            }
        }
        cluster.awaitReplication(Duration.ofSeconds(5));
        try (Connection c = cluster.connect(cluster.node(1))) {
            assertEquals(List.of(List.of("0", "4"), List.of("1", "3")),
                    Sql.rows(c, "SELECT sub, COUNT(*) FROM " + t + " GROUP BY sub ORDER BY sub"));
        }
    }

    /**
     * A batch refused part-way (the location of its second entry's partition went stale: its leader
     * moved) is not sent again, since its first entry ran and committed: the application gets the
     * server's 4038 with counts saying which entry ran, the row that ran is there once, and the
     * refused entry, sent again by the application, runs on the new leader.
     */
    @Test
    void aBatchRefusedAfterSomeEntriesRanIsNotSentAgain() throws SQLException {
        String t = Sql.createTable(cluster, "pr_batch_stale", "id BIGINT, server INT"); // no key: a duplicate would show
        cluster.declare(TableLayout.partitioned("test", t, Partitioning.hash("id", 6)));
        int leader = cluster.leaderOf("test", t, 0, -1);
        assertEquals(leader, cluster.leaderOf("test", t, 3, -1), "partitions 0 and 3 have one leader");
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl());
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " (id, server) VALUES (?, @@server_id)")) {
            ps.setLong(1, 6); // partition 0
            ps.executeUpdate(); // the location is cached now
            cluster.moveLeader("test", t, 3, leader % 3 + 1);
            ps.setLong(1, 12); // partition 0, still led by that node
            ps.addBatch();
            ps.setLong(1, 9); // partition 3, whose leader moved: the cached location is stale
            ps.addBatch();
            BatchUpdateException e = assertThrows(BatchUpdateException.class, ps::executeBatch);
            assertEquals(4038, e.getErrorCode(), e.getMessage());
            assertArrayEquals(new long[] {1, Statement.EXECUTE_FAILED}, e.getLargeUpdateCounts());
            ps.setLong(1, 9);
            assertEquals(1, ps.executeUpdate(), "sent again by the application, on the new leader");
        }
        cluster.awaitReplication(Duration.ofSeconds(5));
        try (Connection c = cluster.connect(cluster.node(1))) {
            assertEquals(List.of(List.of("6", "1"), List.of("9", "1"), List.of("12", "1")),
                    Sql.rows(c, "SELECT id, COUNT(*) FROM " + t + " GROUP BY id ORDER BY id"), "every row once");
            assertEquals(String.valueOf(leader % 3 + 1), Sql.scalar(c, "SELECT server FROM " + t + " WHERE id = 9"));
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
