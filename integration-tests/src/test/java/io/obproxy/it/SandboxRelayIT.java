package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.sandbox.FaultRelay;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each relay fault does what it says, and {@link FaultRelay#pass()} restores service. */
@ExtendWith(SandboxExtension.class)
class SandboxRelayIT {
    private final SandboxCluster cluster;
    private final SandboxNode node;

    SandboxRelayIT(SandboxCluster cluster) {
        this.cluster = cluster;
        this.node = cluster.node(2);
    }

    @AfterEach
    void lift() throws Exception {
        node.relay().pass();
    }

    @Test
    void blackHoleFailsAConnectWithOneSecondTimeoutInAboutASecond() throws Exception {
        node.relay().blackHole();
        long start = System.nanoTime();
        assertThrows(SQLException.class, () -> connect(1000).close());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 900 && millis < 2500, "connect failed after " + millis + " ms");
        node.relay().pass();
        try (Connection c = connect(1000)) {
            assertEquals("1", Sql.scalar(c, "SELECT 1"));
        }
    }

    @Test
    void blackHoleStallsOpenConnectionsAndPassDeliversAgain() throws Exception {
        try (Connection c = connect(5000)) {
            c.setNetworkTimeout(Runnable::run, 1000);
            assertEquals("1", Sql.scalar(c, "SELECT 1"));
            node.relay().blackHole();
            long start = System.nanoTime();
            assertThrows(SQLException.class, () -> Sql.scalar(c, "SELECT 2"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 900 && millis < 2500, "query failed after " + millis + " ms");
        }
        node.relay().pass();
        try (Connection c = connect(1000)) {
            assertEquals("3", Sql.scalar(c, "SELECT 3"));
        }
    }

    @Test
    void resetClosesOpenConnections() throws Exception {
        try (Connection a = connect(1000); Connection b = connect(1000)) {
            assertEquals("1", Sql.scalar(a, "SELECT 1"));
            assertEquals("1", Sql.scalar(b, "SELECT 1"));
            assertTrue(node.relay().openConnections() >= 2);
            node.relay().resetConnections();
            assertThrows(SQLException.class, () -> Sql.scalar(a, "SELECT 1"));
            assertThrows(SQLException.class, () -> Sql.scalar(b, "SELECT 1"));
        }
        try (Connection c = connect(1000)) {
            assertEquals("1", Sql.scalar(c, "SELECT 1"), "new connections are not affected");
        }
    }

    @Test
    void refuseRejectsNewConnectionsButKeepsOpenOnes() throws Exception {
        try (Connection open = connect(1000)) {
            node.relay().refuse();
            long start = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> connect(1000).close());
            assertTrue((System.nanoTime() - start) / 1_000_000 < 900, "refused at once");
            assertTrue(String.valueOf(e.getCause()).contains("refused")
                    || e.getMessage().contains("refused") || e.getSQLState().startsWith("08"), e.toString());
            assertEquals("1", Sql.scalar(open, "SELECT 1"), "open connection carries on");
            node.relay().pass();
            try (Connection c = connect(1000)) {
                assertEquals("1", Sql.scalar(c, "SELECT 1"));
            }
        }
    }

    @Test
    void latencyDelaysEveryRoundTrip() throws Exception {
        try (Connection c = connect(1000)) {
            Sql.scalar(c, "SELECT 1");
            node.relay().latency(150);
            long start = System.nanoTime();
            Sql.scalar(c, "SELECT 1");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 300, "round trip took " + millis + " ms, expected >= 2 x 150");
            node.relay().latency(0);
            start = System.nanoTime();
            Sql.scalar(c, "SELECT 1");
            long after = (System.nanoTime() - start) / 1_000_000;
            assertTrue(after < 300, "latency removed: " + after + " ms, less than one delayed round trip");
        }
    }

    /** Connects with a connect timeout (TCP and greeting); later reads have the same timeout. */
    private Connection connect(int connectTimeoutMillis) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", cluster.tenantUser());
        p.setProperty("password", cluster.password());
        // Connector/J's connectTimeout covers the TCP connect only; the greeting is a socket read
        p.setProperty("connectTimeout", String.valueOf(connectTimeoutMillis));
        p.setProperty("socketTimeout", String.valueOf(connectTimeoutMillis));
        return DriverManager.getConnection(cluster.mysqlUrl(node), p);
    }
}
