package io.obproxy.it;

import static io.obproxy.it.DriverRoutingIT.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.process.ConnectionIds;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SHOW PROCESSLIST, KILL, KILL QUERY, SHOW PROXYSESSION and CONNECTION_ID() on logical
 * connections of this JVM: ids are logical, rows show what each connection does, a KILL stops a
 * running statement within a second and closes every physical connection underneath.
 */
@ExtendWith(SandboxExtension.class)
class ProcesslistIT {
    private final SandboxCluster cluster;

    ProcesslistIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    private static long id(Connection c) throws SQLException {
        return Long.parseLong(Sql.scalar(c, "SELECT CONNECTION_ID()"));
    }

    private static List<String> row(Connection c, long id, boolean full) throws SQLException {
        for (List<String> r : Sql.rows(c, full ? "SHOW FULL PROCESSLIST" : "SHOW PROCESSLIST")) {
            if (Long.parseLong(r.get(0)) == id) {
                return r;
            }
        }
        return null;
    }

    /** @return how many server sessions, on every node, carry this logical connection's id */
    private int serverSessions(long id) throws SQLException {
        return ServerSessions.withAttribute(cluster, "obproxy_conn", Long.toString(id));
    }

    /**
     * The driver's own answers are made in the driver: no server sees them (they were once a SELECT
     * of literal rows run on a server). The processlist is this instance's alone here, so that no
     * server's session view is read either.
     */
    @Test
    void localAnswersReachNoServer() throws SQLException {
        String marker = "SELECT 'local answers done'";
        List<String> commands = List.of("SHOW PROCESSLIST", "SHOW FULL PROCESSLIST", "SHOW PROXYSESSION",
                "SHOW PROXYROUTE", "EXPLAIN ROUTE SELECT 1");
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl() + "&clusterWideProcesslist=false")) {
            Sql.exec(c, "SELECT 1"); // a physical connection is open: the answers could have used it
            cluster.statementLog().clear();
            cluster.statementLog().enable();
            try {
                for (String command : commands) {
                    List<List<String>> rows = Sql.rows(c, command);
                    assertTrue(command.equals("SHOW PROXYROUTE") || !rows.isEmpty(), command + " answers rows");
                    try (PreparedStatement ps = c.prepareStatement(command); ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.getMetaData().getColumnCount() > 1, command + " prepared");
                    }
                }
                assertTrue(row(c, id(c), false) != null, "the connection lists itself");
                Sql.exec(c, marker);
            } finally {
                cluster.statementLog().disable();
            }
        }
        boolean markerSeen = false;
        for (SandboxNode node : cluster.nodes()) {
            for (String sent : cluster.statementLog().statements(node)) {
                markerSeen |= sent.equals(marker);
                String upper = sent.toUpperCase(java.util.Locale.ROOT);
                String local = upper.replace(" AS `CONNECTION_ID()`", ""); // id(c): its column keeps its name
                assertFalse(local.contains("PROCESSLIST") || local.contains("PROXY") || local.contains("EXPLAIN")
                        || local.contains("USING UTF8MB4") || local.contains(" AS `"), node + " saw " + sent);
            }
        }
        assertTrue(markerSeen, "the statement log saw the statement that was sent");
    }

    @Test
    void connectionIdIsLogicalOnEveryServer() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            long id = id(c);
            assertTrue(ConnectionIds.instanceOf(id) > 0, "instance bits in " + id);
            for (SandboxNode node : cluster.nodes()) {
                route(c, node);
                assertEquals(id, id(c), "the same id on " + node);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT CONNECTION_ID(), ?")) {
                ps.setInt(1, 5);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(id, rs.getLong(1));
                }
            }
            try (Connection other = DriverManager.getConnection(cluster.jdbcUrl())) {
                assertTrue(id(other) != id, "ids differ between connections");
            }
        }
    }

    @Test
    void processlistShowsWhatEachConnectionDoes() throws Exception {
        try (Connection a = DriverManager.getConnection(cluster.jdbcUrl()); Connection b = DriverManager.getConnection(cluster.jdbcUrl())) {
            long idA = id(a);
            long idB = id(b);
            CompletableFuture<String> sleeping = CompletableFuture.supplyAsync(() -> {
                try {
                    return Sql.scalar(a, "SELECT SLEEP(2) /* " + "x".repeat(120) + " */");
                } catch (SQLException e) {
                    return e.toString();
                }
            });
            Thread.sleep(500);
            List<String> running = row(b, idA, true);
            assertEquals(List.of("Id", "User", "Host", "db", "Command", "Time", "State", "Info"),
                    columns(b, "SHOW PROCESSLIST"));
            assertEquals(cluster.tenantUser(), running.get(1));
            assertEquals("test", running.get(3));
            assertEquals("Query", running.get(4));
            assertEquals("executing", running.get(6));
            assertTrue(running.get(7).startsWith("SELECT SLEEP(2) /* xxx") && running.get(7).length() > 130, running.get(7));
            assertEquals(100, row(b, idA, false).get(7).length(), "Info cut to 100 characters without FULL");
            assertEquals("SHOW FULL PROCESSLIST", row(b, idB, true).get(7), "a connection sees itself running the command");
            assertEquals("0", sleeping.get(10, TimeUnit.SECONDS));
            List<String> idle = row(b, idA, true);
            assertEquals("Sleep", idle.get(4));
            assertEquals(null, idle.get(7));
        }
    }

    @Test
    void killStopsTheRunningStatementWithinASecondAndClosesEverything() throws Exception {
        try (Connection victim = DriverManager.getConnection(cluster.jdbcUrl());
             Connection killer = DriverManager.getConnection(cluster.jdbcUrl())) {
            long id = id(victim);
            for (SandboxNode node : cluster.nodes()) {
                route(victim, node);
                id(victim); // a physical connection on every node
            }
            assertEquals(3, serverSessions(id));
            CompletableFuture<SQLException> sleeping = CompletableFuture.supplyAsync(() -> {
                try {
                    Sql.scalar(victim, "SELECT SLEEP(30)");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            Thread.sleep(300);
            long start = System.nanoTime();
            Sql.exec(killer, "KILL " + id);
            SQLException killed = sleeping.get(5, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 1000, "the statement stopped " + millis + " ms after the KILL");
            assertEquals(1927, killed.getErrorCode(), killed.toString());
            assertEquals("70100", killed.getSQLState());
            assertTrue(victim.isClosed());
            assertEquals("08003", assertThrows(SQLException.class, () -> Sql.scalar(victim, "SELECT 1")).getSQLState());
            assertEquals(null, row(killer, id, false), "a killed connection is not listed");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (serverSessions(id) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(0, serverSessions(id), "server sessions of the killed connection");
        }
    }

    @Test
    void killQueryStopsOnlyTheStatement() throws Exception {
        try (Connection victim = DriverManager.getConnection(cluster.jdbcUrl());
             Connection killer = DriverManager.getConnection(cluster.jdbcUrl())) {
            long id = id(victim);
            CompletableFuture<SQLException> sleeping = CompletableFuture.supplyAsync(() -> {
                try {
                    Sql.scalar(victim, "SELECT SLEEP(30) FROM DUAL WHERE 1 = 1");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            Thread.sleep(300);
            long start = System.nanoTime();
            Sql.exec(killer, "KILL QUERY " + id);
            SQLException interrupted = sleeping.get(5, TimeUnit.SECONDS);
            assertTrue((System.nanoTime() - start) / 1_000_000 < 1000, "stopped within a second");
            assertEquals(1317, interrupted.getErrorCode(), String.valueOf(interrupted));
            assertEquals("70100", interrupted.getSQLState());
            assertEquals("1", Sql.scalar(victim, "SELECT 1"), "the connection stays usable");
            assertFalse(victim.isClosed());
        }
    }

    @Test
    void killConnectionIdKillsTheCallerAndKillQueryOfItIsANoOp() throws Exception {
        try (Connection self = DriverManager.getConnection(cluster.jdbcUrl());
             Connection other = DriverManager.getConnection(cluster.jdbcUrl())) {
            long id = id(self);
            Sql.exec(self, "KILL QUERY CONNECTION_ID()");
            assertEquals("1", Sql.scalar(self, "SELECT 1"), "KILL QUERY of itself stops nothing but itself");
            SQLException killed = assertThrows(SQLException.class, () -> Sql.exec(self, "KILL CONNECTION_ID()"));
            assertEquals(1927, killed.getErrorCode(), killed.toString());
            assertEquals("70100", killed.getSQLState());
            assertTrue(self.isClosed());
            assertEquals(null, row(other, id, false), "a killed connection is not listed");
        }
    }

    @Test
    void unknownIdsPermissionsAndAdmins() throws Exception {
        String other = "plist@" + cluster.config().tenant();
        Sql.createUser(cluster, other, cluster.password(), List.of("SELECT ON test.*"));
        String otherUrl = "jdbc:obproxy://" + cluster.seeds() + "/test?user=" + other + "&password=" + cluster.password();
        try (Connection mine = DriverManager.getConnection(cluster.jdbcUrl());
             Connection theirs = DriverManager.getConnection(otherUrl);
             Connection admin = DriverManager.getConnection(otherUrl + "&adminUsers=" + other)) {
            long myId = id(mine);
            SQLException unknown = assertThrows(SQLException.class, () -> Sql.exec(mine, "KILL 4294967"));
            assertEquals(1094, unknown.getErrorCode());
            assertEquals("Unknown thread id: 4294967", unknown.getMessage());
            assertEquals(null, row(theirs, myId, false), "another user's connection is not listed");
            SQLException denied = assertThrows(SQLException.class, () -> Sql.exec(theirs, "KILL QUERY " + myId));
            assertEquals(1095, denied.getErrorCode());
            assertTrue(row(admin, myId, false) != null, "an admin user sees every connection");
            Sql.exec(admin, "KILL " + myId);
            assertTrue(mine.isClosed());
        }
    }

    @Test
    void proxySessionListsPhysicalSessions() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            long id = id(c);
            route(c, cluster.node(2));
            Sql.exec(c, "BEGIN");
            id(c);
            List<List<String>> rows = Sql.rows(c, "SHOW PROXYSESSION").stream()
                    .filter(r -> Long.parseLong(r.get(0)) == id).toList();
            assertTrue(rows.stream().anyMatch(r -> r.get(1).equals(cluster.node(2).address()) && r.get(5).equals("true")),
                    rows.toString());
            Sql.exec(c, "COMMIT");
        }
    }

    private static List<String> columns(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            java.util.List<String> names = new java.util.ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                names.add(rs.getMetaData().getColumnLabel(i));
            }
            return names;
        }
    }
}
