package io.obproxy.it;

import static io.obproxy.it.DriverRoutingIT.route;
import static io.obproxy.it.DriverRoutingIT.serverId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Session state set once gives the same answers on whichever server a statement goes to. */
@ExtendWith(SandboxExtension.class)
class DriverSessionStateIT {
    private final SandboxCluster cluster;

    DriverSessionStateIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void variablesTimeZoneSqlModeAndDatabaseFollowEveryStatement() throws SQLException {
        try (Connection admin = cluster.connect(cluster.node(1))) {
            Sql.exec(admin, "CREATE DATABASE IF NOT EXISTS other_db");
        }
        cluster.awaitReplication(java.time.Duration.ofSeconds(5));
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            route(c, cluster.node(1));
            Sql.exec(c, "SET @x = 42, @s = 'it''s'");
            Sql.exec(c, "SET time_zone = '+03:00'");
            Sql.exec(c, "SET sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES')");
            Sql.exec(c, "SET @computed = 6 * 7, @nothing = NULL");
            Sql.exec(c, "SELECT 'abc' INTO @fromselect");
            Sql.exec(c, "USE other_db");
            List<String> expected = Sql.rows(c, "SELECT @x, @s, @@time_zone, @@sql_mode, @computed, @nothing,"
                    + " @fromselect, DATABASE()").get(0);
            assertEquals("42", expected.get(0));
            assertEquals("it's", expected.get(1));
            assertTrue(expected.get(3).contains("ANSI_QUOTES"));
            assertEquals("other_db", expected.get(7));
            for (SandboxNode node : cluster.nodes()) {
                route(c, node);
                assertEquals(node.id(), serverId(c));
                assertEquals(expected, Sql.rows(c, "SELECT @x, @s, @@time_zone, @@sql_mode, @computed, @nothing,"
                        + " @fromselect, DATABASE()").get(0), "state on " + node);
                assertEquals("other_db", c.getCatalog());
            }
        }
    }

    @Test
    void jdbcSettersReachEveryServer() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            route(c, cluster.node(1));
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            c.setAutoCommit(false);
            for (SandboxNode node : cluster.nodes()) {
                route(c, node);
                assertEquals(List.of(String.valueOf(node.id()), "READ-COMMITTED", "0"),
                        Sql.rows(c, "SELECT @@server_id, @@tx_isolation, @@autocommit").get(0), "on " + node);
            }
            c.setAutoCommit(true);
            route(c, cluster.node(2));
            assertEquals("1", Sql.scalar(c, "SELECT @@autocommit"));
        }
    }

    /** Clients of the front end switch autocommit with SQL (PyMySQL sends SET AUTOCOMMIT = 0). */
    @Test
    void autocommitSetWithSqlReachesEveryServerAndARollbackUndoes() throws SQLException {
        String table = Sql.createTable(cluster, "ac", "id INT PRIMARY KEY");
        for (String off : List.of("SET AUTOCOMMIT = 0", "SET @@session.autocommit = OFF", "SET autocommit = @@global.autocommit - 1")) {
            try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
                route(c, cluster.node(1));
                Sql.exec(c, off);
                assertFalse(c.getAutoCommit(), off);
                for (SandboxNode node : cluster.nodes()) {
                    route(c, node);
                    assertEquals("0", Sql.scalar(c, "SELECT @@autocommit"), off + " on " + node);
                }
                route(c, cluster.node(2));
                Sql.exec(c, "INSERT INTO " + table + " VALUES (1)");
                Sql.exec(c, "ROLLBACK");
                Sql.exec(c, "SET autocommit = 1");
                assertTrue(c.getAutoCommit());
                route(c, cluster.node(3));
                assertEquals("1", Sql.scalar(c, "SELECT @@autocommit"));
            }
            try (Connection direct = cluster.connect(cluster.node(2))) {
                assertEquals("0", Sql.scalar(direct, "SELECT COUNT(*) FROM " + table), "rolled back after " + off);
            }
        }
    }

    @Test
    void setNamesIsReplayedAsWritten() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            route(c, cluster.node(3));
            Sql.exec(c, "SET NAMES utf8mb4 COLLATE utf8mb4_bin");
            route(c, cluster.node(1));
            assertEquals("utf8mb4_bin", Sql.scalar(c, "SELECT @@collation_connection"));
        }
    }

    @Test
    void failedSetChangesNothing() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            route(c, cluster.node(1));
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> Sql.exec(c, "SET time_zone = 'Not/AZone'"));
            assertEquals(1298, e.getErrorCode(), "the server's own error: " + e);
            route(c, cluster.node(2));
            assertFalse(Sql.scalar(c, "SELECT @@time_zone").contains("Not"));
        }
    }

    /**
     * As Connector/J: setCatalog of a database no server knows fails at the call with the server's
     * 1049, and the session keeps its database (it used to succeed, and every later statement failed).
     */
    @Test
    void setCatalogOfAnUnknownDatabaseFailsAtTheCall() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            String before = c.getCatalog();
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> c.setCatalog("no_such_db_here"));
            assertEquals(1049, e.getErrorCode(), "the server's own error: " + e);
            assertEquals(before, c.getCatalog());
            for (SandboxNode node : cluster.nodes()) {
                route(c, node);
                assertEquals(before, Sql.scalar(c, "SELECT DATABASE()"), "on " + node);
            }
        }
    }

    /**
     * A DatabaseMetaData the application keeps (pools and frameworks cache it) works after a reset
     * closed the physical connection it came from (it threw "No operations allowed after connection
     * closed" while isValid() was true).
     */
    @Test
    void aKeptDatabaseMetaDataWorksAfterAReset() throws SQLException {
        String table = Sql.createTable(cluster, "md", "id INT PRIMARY KEY");
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            java.sql.DatabaseMetaData md = c.getMetaData();
            Sql.exec(c, "SET @x = 1"); // SQL state: the reset closes the physical connections
            c.unwrap(io.obproxy.jdbc.ObProxyConnection.class).resetSessionState();
            assertTrue(c.isValid(2));
            try (java.sql.ResultSet rs = md.getTables(null, null, table, null)) {
                assertTrue(rs.next(), "the table is listed");
            }
            c.endRequest();
            assertFalse(md.getDatabaseProductVersion().isEmpty());
        }
    }
}
