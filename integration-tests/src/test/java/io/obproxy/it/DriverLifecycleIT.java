package io.obproxy.it;

import static io.obproxy.it.DriverRoutingIT.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.jdbc.ObProxyConnection;
import io.obproxy.sandbox.SandboxCluster;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Cancel, timeouts, validity, metadata and closing reach the physical connections underneath. */
@ExtendWith(SandboxExtension.class)
class DriverLifecycleIT {
    private final SandboxCluster cluster;

    DriverLifecycleIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * Ten cancellations, each answered the same way: Connector/J marks its statement cancelled only
     * after the server acknowledged the KILL QUERY, so alone it answers either its own exception or
     * the server's plain 1317, depending on which thread runs first.
     */
    @Test
    void cancelStopsTheRunningStatementOnItsServer() throws Exception {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl()); Statement st = c.createStatement()) {
            route(c, cluster.node(2));
            for (int i = 0; i < 10; i++) {
                long start = System.nanoTime();
                CompletableFuture<Object> query = CompletableFuture.supplyAsync(() -> {
                    try {
                        st.executeQuery("SELECT SLEEP(30)");
                        return "completed";
                    } catch (SQLException e) {
                        return e;
                    }
                });
                while (!query.isDone()) { // a cancel that comes before the execution starts does nothing
                    Thread.sleep(100);
                    st.cancel();
                }
                Object outcome = query.get();
                assertTrue(System.nanoTime() - start < 5_000_000_000L, "cancelled within seconds");
                assertTrue(outcome instanceof com.mysql.cj.jdbc.exceptions.MySQLStatementCancelledException,
                        "cancellation " + i + ": " + outcome);
                SQLException e = (SQLException) outcome;
                assertEquals("70100", e.getSQLState());
                assertEquals(1317, e.getErrorCode());
                assertEquals("1", Sql.scalar(c, "SELECT 1"), "the connection stays usable");
            }
        }
    }

    /** Ends node 2's session under {@code c} from the server side, as wait_timeout, a restart or a DBA's KILL would. */
    private void serverClosesThePhysicalConnection(Connection c) throws Exception {
        String threadId = Sql.scalar(c, "SELECT @@pseudo_thread_id"); // the physical session's id on node 2
        try (Connection admin = cluster.connect(cluster.node(2))) {
            Sql.exec(admin, "KILL " + threadId);
        }
        Thread.sleep(100); // the connection now sits idle with the server's end closed
    }

    /**
     * A write is never sent down a connection the server already closed: the driver sees the
     * closed socket before sending (no round trip), opens another connection and the write runs
     * once. Before this check the write went out, failed, and came back as 08007 "outcome unknown".
     */
    @Test
    void aConnectionTheServerClosedWhileIdleIsReplacedBeforeTheStatementIsSent() throws Exception {
        String table = Sql.createTable(cluster, "idle", "id INT PRIMARY KEY");
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            route(c, cluster.node(2));
            String before = Sql.scalar(c, "SELECT @@pseudo_thread_id");
            serverClosesThePhysicalConnection(c);
            Sql.exec(c, "INSERT INTO " + table + " VALUES (1)");
            assertEquals("1", Sql.scalar(c, "SELECT COUNT(*) FROM " + table));
            assertTrue(!before.equals(Sql.scalar(c, "SELECT @@pseudo_thread_id")), "a new server session serves it");
        }
    }

    /**
     * Inside a transaction a connection the server closed loses the transaction, says so, and the
     * next one runs. The statement is spared the look at a connection idle for less than 500 ms (the
     * transaction is lost either way), so it meets the closed connection when it is sent.
     */
    @Test
    void aTransactionWhoseConnectionTheServerClosedIsReportedLostAndTheNextOneRuns() throws Exception {
        String table = Sql.createTable(cluster, "idletx", "id INT PRIMARY KEY");
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            route(c, cluster.node(2));
            c.setAutoCommit(false);
            Sql.exec(c, "INSERT INTO " + table + " VALUES (1)");
            serverClosesThePhysicalConnection(c);
            SQLException lost = assertThrows(SQLException.class, () -> Sql.exec(c, "INSERT INTO " + table + " VALUES (2)"));
            assertEquals("40001", lost.getSQLState(), lost.toString());
            assertTrue(lost.getMessage().startsWith("Transaction lost"), lost.getMessage());
            c.rollback();
            Sql.exec(c, "INSERT INTO " + table + " VALUES (3)");
            c.commit();
            assertEquals("[[3]]", Sql.rows(c, "SELECT id FROM " + table).toString(), "the lost transaction left nothing");
        }
    }

    @Test
    void queryTimeoutReachesThePhysicalStatement() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl()); Statement st = c.createStatement()) {
            st.setQueryTimeout(1);
            long start = System.nanoTime();
            assertThrows(SQLTimeoutException.class, () -> st.executeQuery("SELECT SLEEP(20) FROM DUAL WHERE 1 = 1"));
            assertTrue(System.nanoTime() - start < 5_000_000_000L);
        }
    }

    @Test
    void networkTimeoutAppliesToConnectionsOpenedAfterIt() throws Exception {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            c.setNetworkTimeout(Executors.newSingleThreadExecutor(), 1000);
            assertEquals(1000, c.getNetworkTimeout());
            route(c, cluster.node(3));
            assertEquals("1", Sql.scalar(c, "SELECT 1")); // opened after the timeout was set
            cluster.node(3).relay().blackHole();
            try {
                long start = System.nanoTime();
                assertThrows(SQLException.class, () -> Sql.scalar(c, "SELECT 1"));
                assertTrue(System.nanoTime() - start < 4_000_000_000L, "bounded by the network timeout");
            } finally {
                cluster.node(3).relay().pass();
            }
            route(c, cluster.node(1));
            assertEquals("1", Sql.scalar(c, "SELECT 1"));
        }
    }

    @Test
    void aBlackHoledServerCostsAtMostThePhysicalConnectTimeout() throws Exception {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl() + "&physicalConnectTimeoutMillis=1000")) {
            cluster.node(3).relay().blackHole();
            try {
                route(c, cluster.node(3));
                long start = System.nanoTime();
                SQLException e = assertThrows(SQLException.class, () -> Sql.scalar(c, "SELECT 1"));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis >= 900 && millis < 3000, "failed after " + millis + " ms");
                assertTrue(e.getMessage().contains(cluster.node(3).address()), e.getMessage());
            } finally {
                cluster.node(3).relay().pass();
            }
            route(c, cluster.node(1));
            assertEquals("0", Sql.scalar(c, "SELECT SLEEP(1.5)"), "no read timeout left after the open");
        }
    }

    /** The kernel's view of the physical socket: ODP's keepalive timer (5 s idle), not the system's 2 hours. */
    @Test
    void physicalConnectionsKeepAliveEveryFiveSeconds() throws Exception {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            route(c, cluster.node(2));
            assertEquals("1", Sql.scalar(c, "SELECT 1"));
            Process ss = new ProcessBuilder("ss", "-tno", "state", "established", "dport", "= :" + cluster.node(2).port())
                    .redirectErrorStream(true).start();
            String out = new String(ss.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(ss.waitFor(10, TimeUnit.SECONDS));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("timer:\\(keepalive,([0-9.]+)(ms|sec)").matcher(out);
            assertTrue(m.find(), "no keepalive timer on the connection to node 2: " + out);
            double seconds = Double.parseDouble(m.group(1)) / (m.group(2).equals("ms") ? 1000 : 1);
            assertTrue(seconds <= 5.0, "keepalive in " + seconds + " s: " + out);
        }
    }

    /** Several results of one text, each streamed: moving to the next closes the current one. */
    @Test
    void multiStatementResultsStreamOneAfterTheOther() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl() + "&allowMultiQueries=true");
             Statement st = c.createStatement()) {
            st.setFetchSize(Integer.MIN_VALUE);
            assertTrue(st.execute("SELECT seq FROM seq_1_to_3; DO 1; SELECT 'two'"));
            ResultSet first = st.getResultSet();
            assertTrue(first.next() && first.next() && first.next() && !first.next());
            assertFalse(st.getMoreResults());
            assertTrue(first.isClosed(), "moving on closes the current result");
            assertEquals(0, st.getUpdateCount());
            assertTrue(st.getMoreResults());
            ResultSet second = st.getResultSet();
            assertTrue(second.next());
            assertEquals("two", second.getString(1));
            assertFalse(st.getMoreResults());
            assertEquals(-1, st.getUpdateCount());
            assertEquals("1", Sql.scalar(c, "SELECT 1"), "the connection is usable after the last result");
        }
    }

    /** A refused login is the server's answer, kept as it is: not an outage to search other servers for. */
    @Test
    void aRefusedLoginKeepsTheServersErrorAndState() {
        String base = "jdbc:obproxy://" + cluster.seeds() + "/";
        SQLException wrongPassword = assertThrows(SQLException.class, () -> {
            try (Connection c = DriverManager.getConnection(base + "test?user=" + cluster.tenantUser() + "&password=wrong")) {
                c.createStatement().execute("SELECT 1");
            }
        });
        assertEquals(1045, wrongPassword.getErrorCode(), wrongPassword.toString());
        assertEquals("28000", wrongPassword.getSQLState());
        SQLException unknownDatabase = assertThrows(SQLException.class, () -> {
            try (Connection c = DriverManager.getConnection(base + "no_such_db?user=" + cluster.tenantUser() + "&password="
                    + cluster.password())) {
                c.createStatement().execute("SELECT 1");
            }
        });
        assertEquals(1049, unknownDatabase.getErrorCode(), unknownDatabase.toString());
        assertEquals("42000", unknownDatabase.getSQLState());
    }

    @Test
    void isValidAbortAndClose() throws SQLException {
        Connection c = DriverManager.getConnection(cluster.jdbcUrl());
        assertTrue(c.isValid(2));
        c.abort(Runnable::run);
        assertTrue(c.isClosed());
        assertFalse(c.isValid(1));
        assertEquals("08003", assertThrows(SQLException.class, c::createStatement).getSQLState());
        c.close();
    }

    @Test
    void metadataAndWrappersReportLogicalObjects() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl()); Statement st = c.createStatement()) {
            DatabaseMetaData md = c.getMetaData();
            assertSame(c, md.getConnection());
            assertEquals("obproxy-jdbc", md.getDriverName());
            assertFalse(md.getURL().contains(cluster.password()), md.getURL());
            assertTrue(c.isWrapperFor(ObProxyConnection.class));
            try (ResultSet rs = st.executeQuery("SELECT 1")) {
                assertSame(st, rs.getStatement());
            }
            assertThrows(SQLFeatureNotSupportedException.class, () -> c.createArrayOf("INT", new Object[0]));
            assertThrows(SQLFeatureNotSupportedException.class, () -> st.setCursorName("x"));
        }
    }
}
