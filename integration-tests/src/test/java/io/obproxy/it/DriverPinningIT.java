package io.obproxy.it;

import static io.obproxy.it.DriverRoutingIT.route;
import static io.obproxy.it.DriverRoutingIT.serverId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.jdbc.ObProxyConnection;
import io.obproxy.jdbc.ObProxyStatement;
import io.obproxy.sandbox.SandboxCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Transactions and sticky state keep a session on one server until that state is gone. */
@ExtendWith(SandboxExtension.class)
class DriverPinningIT {
    private final SandboxCluster cluster;
    private String table;

    DriverPinningIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeEach
    void createTable() throws SQLException {
        table = Sql.createTable(cluster, "pin", "id INT AUTO_INCREMENT PRIMARY KEY, server INT");
    }

    /** @return the server column of every row, read after every node has every write */
    private List<String> serversOfRows(Connection c) throws SQLException {
        cluster.awaitReplication(Duration.ofSeconds(5));
        return Sql.rows(c, "SELECT server FROM " + table + " ORDER BY id").stream().map(r -> r.get(0)).toList();
    }

    @Test
    void beginIsHeldAndTheTransactionStaysWhereItsFirstStatementRan() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            route(c, cluster.node(1));
            Sql.exec(c, "BEGIN");
            route(c, cluster.node(2)); // the held BEGIN goes with the first statement, to node 2
            Sql.exec(c, "INSERT INTO " + table + " (server) VALUES (@@server_id)");
            route(c, cluster.node(3));
            Sql.exec(c, "INSERT INTO " + table + " (server) VALUES (@@server_id)");
            assertEquals(List.of("TRANSACTION"), c.unwrap(ObProxyConnection.class).pinReasons());
            assertEquals(2, serverId(c), "pinned");
            Sql.exec(c, "COMMIT");
            assertEquals(List.of(), c.unwrap(ObProxyConnection.class).pinReasons());
            assertEquals(3, serverId(c), "free again after COMMIT");
            assertEquals(List.of("2", "2"), serversOfRows(c));
        }
    }

    @Test
    void jdbcTransactionWithSavepointIsPinnedUntilCommit() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            c.setAutoCommit(false);
            route(c, cluster.node(3));
            Sql.exec(c, "INSERT INTO " + table + " (server) VALUES (@@server_id)");
            Savepoint sp = c.setSavepoint("sp1");
            route(c, cluster.node(1));
            Sql.exec(c, "INSERT INTO " + table + " (server) VALUES (@@server_id)");
            c.rollback(sp);
            Sql.exec(c, "INSERT INTO " + table + " (server) VALUES (@@server_id)");
            c.commit();
            c.setAutoCommit(true);
            route(c, cluster.node(1));
            assertEquals(1, serverId(c));
            cluster.awaitReplication(Duration.ofSeconds(5));
            assertEquals(List.of("3", "3"), serversOfRows(c), "both kept rows on node 3, the rolled back one gone");
        }
    }

    @Test
    void rollbackDiscardsOnTheServerThatHasTheTransaction() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            c.setAutoCommit(false);
            route(c, cluster.node(2));
            Sql.exec(c, "INSERT INTO " + table + " (server) VALUES (@@server_id)");
            route(c, cluster.node(1));
            c.rollback();
            Sql.exec(c, "INSERT INTO " + table + " (server) VALUES (@@server_id)");
            c.commit();
            c.setAutoCommit(true);
            cluster.awaitReplication(Duration.ofSeconds(5));
            assertEquals(List.of("1"), serversOfRows(c));
        }
    }

    @Test
    void temporaryTablePinsUntilDropped() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            route(c, cluster.node(2));
            Sql.exec(c, "CREATE TEMPORARY TABLE tmp_pin (id INT)");
            route(c, cluster.node(3));
            Sql.exec(c, "INSERT INTO tmp_pin VALUES (1)");
            assertEquals("1", Sql.scalar(c, "SELECT COUNT(*) FROM tmp_pin"));
            assertEquals(2, serverId(c));
            Sql.exec(c, "DROP TEMPORARY TABLE tmp_pin");
            assertEquals(3, serverId(c));
        }
    }

    @Test
    void userLockPinsUntilReleased() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            route(c, cluster.node(1));
            assertEquals("1", Sql.scalar(c, "SELECT GET_LOCK('" + table + "', 1)"));
            route(c, cluster.node(2));
            assertEquals(1, serverId(c));
            assertEquals("1", Sql.scalar(c, "SELECT RELEASE_LOCK('" + table + "')"));
            assertEquals(2, serverId(c));
        }
    }

    @Test
    void lastInsertIdAndFoundRowsAreAnsweredByTheServerThatProducedThem() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            route(c, cluster.node(3));
            long reported;
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO " + table + " (server) VALUES (@@server_id)");
                reported = st.unwrap(ObProxyStatement.class).lastInsertId();
            }
            route(c, cluster.node(1));
            String id = Sql.scalar(c, "SELECT LAST_INSERT_ID()");
            assertTrue(Integer.parseInt(id) > 0, id);
            assertEquals(Long.parseLong(id), reported, "the OK packet's value, as the statement saw it");
            cluster.awaitReplication(Duration.ofSeconds(5)); // the next read runs on node 1
            Sql.rows(c, "SELECT SQL_CALC_FOUND_ROWS * FROM " + table + " LIMIT 0");
            assertEquals("1", Sql.scalar(c, "SELECT FOUND_ROWS()"));
        }
    }

    @Test
    void textPrepareAndLockTablesPin() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            route(c, cluster.node(2));
            Sql.exec(c, "PREPARE s1 FROM 'SELECT @@server_id'");
            route(c, cluster.node(3));
            assertEquals("2", Sql.scalar(c, "EXECUTE s1"));
            Sql.exec(c, "DEALLOCATE PREPARE s1");
            assertEquals(3, serverId(c));
            Sql.exec(c, "LOCK TABLES " + table + " READ");
            route(c, cluster.node(1));
            assertEquals(3, serverId(c));
            Sql.exec(c, "UNLOCK TABLES");
            assertEquals(1, serverId(c));
        }
    }

    @Test
    void streamingResultSetPinsUntilClosed() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl()); Statement st = c.createStatement()) {
            route(c, cluster.node(1));
            st.setFetchSize(Integer.MIN_VALUE);
            try (ResultSet rs = st.executeQuery("SELECT @@server_id UNION ALL SELECT 2")) {
                rs.next();
                assertEquals(List.of("CURSOR"), c.unwrap(ObProxyConnection.class).pinReasons());
                while (rs.next()) {
                    // drain
                }
            }
            assertEquals(List.of(), c.unwrap(ObProxyConnection.class).pinReasons());
        }
    }

    @Test
    void aFailedFirstStatementStillPinsTheTransactionItBegan() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            route(c, cluster.node(2));
            Sql.exec(c, "BEGIN");
            Sql.exec(c, "INSERT INTO " + table + " (id, server) VALUES (1, @@server_id)");
            org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> Sql.exec(c, "INSERT INTO " + table + " (id, server) VALUES (1, @@server_id)"));
            route(c, cluster.node(3));
            assertEquals(2, serverId(c), "still in the transaction on node 2");
            Sql.exec(c, "ROLLBACK");
            assertEquals(3, serverId(c));
        }
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            route(c, cluster.node(1));
            Sql.exec(c, "BEGIN");
            org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> Sql.exec(c, "SELECT * FROM no_such_table"));
            route(c, cluster.node(2));
            assertEquals(1, serverId(c), "the held BEGIN ran on node 1 before the failing statement");
            Sql.exec(c, "COMMIT");
        }
    }

    @Test
    void commitOfAnEmptyHeldTransactionNeedsNoServer() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            Sql.exec(c, "START TRANSACTION");
            Sql.exec(c, "COMMIT");
            assertEquals(List.of(), c.unwrap(ObProxyConnection.class).physicalServers());
        }
    }
}
