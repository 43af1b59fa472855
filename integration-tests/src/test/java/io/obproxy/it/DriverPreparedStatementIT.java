package io.obproxy.it;

import static io.obproxy.it.DriverRoutingIT.route;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxNode;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.BatchUpdateException;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Prepared statements are prepared where they run, keep their parameters, and leave nothing behind. */
@ExtendWith(SandboxExtension.class)
class DriverPreparedStatementIT {
    private final SandboxCluster cluster;
    private String table;

    DriverPreparedStatementIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeEach
    void createTable() throws SQLException {
        table = Sql.createTable(cluster, "ps", "id INT AUTO_INCREMENT PRIMARY KEY, server INT, s VARCHAR(40),"
                + " d DECIMAL(10,2), t DATETIME, b VARBINARY(20), txt TEXT, n INT");
    }

    private String url(String extra) {
        return cluster.jdbcUrl() + extra;
    }

    private static long preparedCount(Connection admin) throws SQLException {
        return Long.parseLong(Sql.rows(admin, "SHOW GLOBAL STATUS LIKE 'Prepared_stmt_count'").get(0).get(1));
    }

    @Test
    void serverSideStatementsArePreparedPerServerAndAllClosed() throws Exception {
        long[] before = new long[3];
        for (SandboxNode node : cluster.nodes()) {
            try (Connection admin = node.adminConnection()) {
                before[node.id() - 1] = preparedCount(admin);
            }
        }
        try (Connection c = DriverManager.getConnection(url("&useServerPrepStmts=true&cachePrepStmts=false"))) {
            PreparedStatement ps = c.prepareStatement("SELECT @@server_id, ?");
            for (SandboxNode node : cluster.nodes()) {
                route(c, node);
                ps.setString(1, "v" + node.id());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(node.id(), rs.getInt(1));
                    assertEquals("v" + node.id(), rs.getString(2));
                    assertSame(ps, rs.getStatement());
                }
            }
            for (SandboxNode node : cluster.nodes()) {
                try (Connection admin = node.adminConnection()) {
                    assertEquals(before[node.id() - 1] + 1, preparedCount(admin), "prepared once on " + node);
                }
            }
            ps.close();
            // COM_STMT_CLOSE has no reply: give each server a moment to process it
            long deadline = System.nanoTime() + 2_000_000_000L;
            for (SandboxNode node : cluster.nodes()) {
                try (Connection admin = node.adminConnection()) {
                    while (preparedCount(admin) != before[node.id() - 1] && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    assertEquals(before[node.id() - 1], preparedCount(admin), "closed on " + node);
                }
            }
        }
    }

    @Test
    void everyKindOfParameterArrives() throws Exception {
        try (Connection c = DriverManager.getConnection(url("&useServerPrepStmts=true"))) {
            route(c, cluster.node(2));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                    + " (server, s, d, t, b, txt, n) VALUES (@@server_id, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, "héllo ✓");
                ps.setBigDecimal(2, new BigDecimal("12.34"));
                ps.setTimestamp(3, Timestamp.valueOf("2024-02-29 12:34:56"));
                ps.setBinaryStream(4, new ByteArrayInputStream(new byte[] {0, 1, (byte) 0xff}), 3);
                ps.setCharacterStream(5, new StringReader("long text"));
                ps.setNull(6, Types.INTEGER);
                assertEquals(1, ps.executeUpdate());
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertTrue(keys.next());
                    assertTrue(keys.getInt(1) > 0);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT server, s, d, t, b, txt, n FROM " + table + " WHERE s = ?")) {
                ps.setObject(1, "héllo ✓");
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(2, rs.getInt(1));
                    assertEquals(new BigDecimal("12.34"), rs.getBigDecimal(3));
                    assertEquals(LocalDate.of(2024, 2, 29), rs.getTimestamp(4).toLocalDateTime().toLocalDate());
                    assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, rs.getBytes(5));
                    assertEquals("long text", new String(rs.getBytes(6), StandardCharsets.UTF_8));
                    assertNull(rs.getObject(7));
                }
            }
        }
    }

    @Test
    void numbersAndBytesArriveAsSetAndBytesAsTheyWereWhenSet() throws SQLException {
        for (String prepare : new String[] {"&useServerPrepStmts=true", "&useServerPrepStmts=false"}) {
            try (Connection c = DriverManager.getConnection(url(prepare));
                 PreparedStatement ps = c.prepareStatement("SELECT ?, ?, ?, ?, ?, ?, ?, ?")) {
                byte[] bytes = {1, 2, 3};
                ps.setByte(1, Byte.MIN_VALUE);
                ps.setShort(2, Short.MIN_VALUE);
                ps.setInt(3, Integer.MIN_VALUE);
                ps.setLong(4, Long.MIN_VALUE);
                ps.setFloat(5, 1.5f);
                ps.setDouble(6, -0.25);
                ps.setBytes(7, bytes);
                ps.setBigDecimal(8, new BigDecimal("-12.345"));
                bytes[0] = 9; // after the setter: JDBC binds the value given when it was set
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(Byte.MIN_VALUE, rs.getLong(1), prepare);
                    assertEquals(Short.MIN_VALUE, rs.getLong(2), prepare);
                    assertEquals(Integer.MIN_VALUE, rs.getLong(3), prepare);
                    assertEquals(Long.MIN_VALUE, rs.getLong(4), prepare);
                    assertEquals(1.5, rs.getDouble(5), prepare);
                    assertEquals(-0.25, rs.getDouble(6), prepare);
                    assertArrayEquals(new byte[] {1, 2, 3}, rs.getBytes(7), prepare);
                    assertEquals(new BigDecimal("-12.345"), rs.getBigDecimal(8), prepare);
                }
            }
        }
    }

    @Test
    void batchKeepsOrderAndCounts() throws SQLException {
        try (Connection c = DriverManager.getConnection(url("&rewriteBatchedStatements=false"))) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (server, n) VALUES (@@server_id, ?)")) {
                for (int i = 0; i < 5; i++) {
                    ps.setInt(1, i);
                    ps.addBatch();
                }
                assertArrayEquals(new int[] {1, 1, 1, 1, 1}, ps.executeBatch());
                assertArrayEquals(new int[0], ps.executeBatch(), "the batch is cleared");
            }
            try (Statement st = c.createStatement()) {
                st.addBatch("UPDATE " + table + " SET n = n + 10 WHERE n < 2");
                st.addBatch("UPDATE " + table + " SET n = n + 10 WHERE n = 99");
                st.addBatch("DELETE FROM " + table + " WHERE n = 4");
                assertArrayEquals(new int[] {2, 0, 1}, st.executeBatch());
                st.addBatch("INSERT INTO " + table + " (id) VALUES (1)");
                st.addBatch("INSERT INTO " + table + " (id) VALUES (1)");
                BatchUpdateException e = assertThrows(BatchUpdateException.class, st::executeBatch);
                assertEquals(1062, e.getErrorCode(), "duplicate key, the server's code kept");
            }
            assertEquals("2,3,10,11", Sql.scalar(c, "SELECT GROUP_CONCAT(n ORDER BY n) FROM " + table
                    + " WHERE n IS NOT NULL"));
        }
    }

    @Test
    void missingParameterIsReportedLikeConnectorJ() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl());
             PreparedStatement ps = c.prepareStatement("SELECT ?, ?")) {
            ps.setInt(1, 1);
            SQLException e = assertThrows(SQLException.class, ps::executeQuery);
            assertEquals("07001", e.getSQLState());
            assertThrows(SQLException.class, () -> ps.setInt(3, 1));
            assertThrows(SQLException.class, () -> ps.executeQuery("SELECT 1"));
        }
    }

    @Test
    void callableStatementIsPinnedWhileOpen() throws SQLException {
        String proc = Sql.uniqueName("proc");
        try (Connection admin = cluster.connect(cluster.node(1))) {
            Sql.exec(admin, "CREATE PROCEDURE " + proc + "(IN a INT, OUT b INT) BEGIN SET b = a * 2; END");
        }
        cluster.awaitReplication(Duration.ofSeconds(5));
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            route(c, cluster.node(3));
            try (CallableStatement cs = c.prepareCall("{call " + proc + "(?, ?)}")) {
                cs.setInt(1, 21);
                cs.registerOutParameter(2, Types.INTEGER);
                cs.execute();
                assertEquals(42, cs.getInt(2));
                assertSame(c, cs.getConnection());
                route(c, cluster.node(1));
                assertEquals(3, DriverRoutingIT.serverId(c), "pinned while the callable is open");
            }
            assertEquals(1, DriverRoutingIT.serverId(c));
        }
    }
}
