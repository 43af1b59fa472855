package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.sandbox.Partitioning;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxNode;
import io.obproxy.sandbox.TableLayout;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Statements a careless or hostile application sends through the driver: numbers no column can
 * hold, a malformed held BEGIN, inserts whose keys cannot be read. Each gets the server's own answer,
 * for itself, at once; nothing runs out of memory, answers for another statement, or is sent back
 * to the node that refused it.
 */
@ExtendWith(SandboxExtension.class)
class HostileStatementsIT {
    private final SandboxCluster cluster;

    HostileStatementsIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    /** Was an OutOfMemoryError (BigDecimal.toPlainString of 1e999999999) from execute, prepare and EXPLAIN ROUTE. */
    @Test
    void numbersNoColumnCanHoldAreAnsweredByTheServer() throws SQLException {
        String t = Sql.createTable(cluster, "hostile_dec", "amount DECIMAL(12,2) PRIMARY KEY, n INT");
        cluster.declare(TableLayout.partitioned("test", t, Partitioning.key(12, "amount")));
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            for (String huge : List.of("1e999999999", "1E2147483647", "-1e999999999")) {
                SQLException e = assertThrows(SQLException.class,
                        () -> Sql.exec(c, "INSERT INTO " + t + " (amount, n) VALUES (" + huge + ", 1)"), huge);
                assertEquals(1367, e.getErrorCode(), "the server's own answer to the literal: " + e.getMessage());
                SQLException read = assertThrows(SQLException.class,
                        () -> Sql.rows(c, "SELECT COUNT(*) FROM " + t + " WHERE amount = " + huge), huge);
                assertEquals(1367, read.getErrorCode(), "the server's own answer to the literal: " + read.getMessage());
                List<List<String>> route = Sql.rows(c, "EXPLAIN ROUTE SELECT * FROM " + t + " WHERE amount = " + huge);
                assertTrue(route.toString().contains("beyond any DECIMAL"), route.toString());
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + t + " WHERE amount = ?")) {
                    ps.setString(1, huge); // routed by its value (setBigDecimal: Connector/J itself expands it)
                    assertEquals("0", Sql.scalar(ps));
                }
            }
        }
    }

    /** A BEGIN the server cannot parse was held and its 1064 answered the next, unrelated statement. */
    @Test
    void aMalformedBeginGetsItsOwnSyntaxError() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            for (String malformed : List.of("BEGIN WORK WORK WORK", "START TRANSACTION READ", "XA START")) {
                SQLException e = assertThrows(SQLException.class, () -> Sql.exec(c, malformed), malformed);
                assertEquals(1064, e.getErrorCode(), malformed + ": " + e.getMessage());
                assertEquals("1", Sql.scalar(c, "SELECT 1"), "the next statement is not answered with the error");
            }
        }
    }

    /**
     * An INSERT without a column list into a partitioned table the sandbox guards with 4038: its keys
     * are not read, so it goes by default to the last server. Refused there, it was sent back to the
     * same node for failoverTimeoutMillis (10 s); now each attempt goes to a node that has not refused
     * it, so every row lands on its leader and no node sees the same INSERT twice.
     */
    @Test
    void aRefusedInsertIsNotSentBackToTheNodeThatRefusedIt() throws SQLException {
        String t = Sql.createTable(cluster, "hostile_nocols", "id BIGINT PRIMARY KEY, n INT");
        cluster.declare(TableLayout.partitioned("test", t, Partitioning.hash("id", 6)));
        cluster.statementLog().clear();
        cluster.statementLog().enable();
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl() + "&failoverTimeoutMillis=60000")) {
            Sql.exec(c, "SET @obproxy_route_addr = '" + cluster.node(1).address() + "'");
            Sql.exec(c, "SELECT 1"); // the last server is node 1
            Sql.exec(c, "SET @obproxy_route_addr = ''");
            for (int id = 1; id <= 12; id++) {
                Sql.exec(c, "INSERT INTO " + t + " VALUES (" + id + ", 0)");
            }
        } finally {
            cluster.statementLog().disable();
        }
        for (SandboxNode node : cluster.nodes()) {
            for (int id = 1; id <= 12; id++) {
                String insert = "INSERT INTO " + t + " VALUES (" + id + ", 0)";
                long sent = cluster.statementLog().statements(node).stream().filter(insert::equals).count();
                assertTrue(sent <= 1, insert + " sent " + sent + " times to node " + node.id());
            }
        }
        try (Connection c = cluster.connect(cluster.node(1))) {
            assertEquals("12", Sql.scalar(c, "SELECT COUNT(*) FROM " + t));
        }
    }
}
