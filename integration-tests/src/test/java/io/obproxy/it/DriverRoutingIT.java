package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.jdbc.ObProxyConnection;
import io.obproxy.jdbc.ObProxyDriver;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Statements route by the driver-core rules: forced, affinity, discovery of the real server list. */
@ExtendWith(SandboxExtension.class)
class DriverRoutingIT {
    private final SandboxCluster cluster;

    DriverRoutingIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    static void route(Connection c, SandboxNode node) throws SQLException {
        Sql.exec(c, "SET @obproxy_route_addr = '" + node.address() + "'");
    }

    static int serverId(Connection c) throws SQLException {
        return Integer.parseInt(Sql.scalar(c, "SELECT @@server_id"));
    }

    @Test
    void forcedRouteSteersEachStatementAndEmptyClearsIt() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            for (SandboxNode node : cluster.nodes()) {
                route(c, node);
                assertEquals(node.id(), serverId(c));
                assertEquals(node.address(), c.unwrap(ObProxyConnection.class).lastServer());
            }
            Sql.exec(c, "SET @obproxy_route_addr = ''");
            int first = serverId(c);
            for (int i = 0; i < 10; i++) {
                assertEquals(first, serverId(c), "affinity keeps the server used last");
            }
            assertEquals(3, c.unwrap(ObProxyConnection.class).physicalServers().size(),
                    "one physical connection per server, no more");
        }
    }

    @Test
    void serverListComesFromMetadataEvenWithOneSeed() throws SQLException {
        String url = "jdbc:obproxy://" + cluster.node(1).address() + "/test?user=" + cluster.tenantUser()
                + "&password=" + cluster.password();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 40 && seen.size() < 3; i++) {
            try (Connection c = DriverManager.getConnection(url)) {
                seen.add(serverId(c));
            }
        }
        assertEquals(Set.of(1, 2, 3), seen, "first statements spread over every server the metadata lists");
    }

    @Test
    void aServerThatCannotBeReachedIsNamedAndTheOthersStillWork() throws Exception {
        SandboxNode down = cluster.node(3);
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            route(c, cluster.node(1));
            assertEquals(1, serverId(c));
            down.relay().refuse();
            try {
                route(c, down);
                SQLException e = assertThrows(SQLException.class, () -> serverId(c));
                assertTrue(e.getMessage().contains(down.address()), e.getMessage());
                assertTrue(e.getSQLState().startsWith("08"), e.getSQLState());
                route(c, cluster.node(2));
                assertEquals(2, serverId(c));
            } finally {
                down.relay().pass();
            }
        }
    }

    @Test
    void clusterStateIsSharedAndItsThreadGoesWhenTheLastConnectionCloses() throws Exception {
        try (ObProxyDriver driver = new ObProxyDriver()) {
            java.util.Properties none = new java.util.Properties();
            Connection a = driver.connect(cluster.jdbcUrl(), none);
            Connection b = driver.connect(cluster.jdbcUrl(), none);
            assertEquals(1, driver.clustersInUse(), "one cluster object for both connections");
            assertTrue(refreshThreadAlive());
            a.close();
            assertEquals(1, driver.clustersInUse());
            b.close();
            assertEquals(0, driver.clustersInUse());
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (refreshThreadAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(!refreshThreadAlive(), "no background thread while no connection is open");
            try (Connection c = driver.connect(cluster.jdbcUrl(), none)) {
                assertEquals(1, driver.clustersInUse());
                assertEquals("1", Sql.scalar(c, "SELECT 1"));
            }
        }
    }

    private static boolean refreshThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("obproxy-cluster-refresh") && t.isAlive());
    }

    @Test
    void badRouteAddressIsAClearError() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            SQLException e = assertThrows(SQLException.class,
                    () -> Sql.exec(c, "SET @obproxy_route_addr = 'nonsense'"));
            assertTrue(e.getMessage().contains("'nonsense'"), e.getMessage());
        }
    }

    @Test
    void differentConnectionsUseDifferentServers() throws SQLException {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
                seen.add(serverId(c));
            }
        }
        assertNotEquals(1, seen.size(), "random first server: " + seen);
        assertTrue(List.of(1, 2, 3).containsAll(seen));
    }
}
