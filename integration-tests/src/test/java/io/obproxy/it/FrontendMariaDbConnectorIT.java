package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxNode;
import io.obproxy.sandbox.TableLayout;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MariaDB Connector/J through the front end. It decides from the status flags it is sent whether
 * {@code rollback()} must reach the server (it skips it when the flags say no transaction is open)
 * and times queries out on its own, so it checks what the front end says of the logical session.
 */
@ExtendWith(FrontendExtension.class)
class FrontendMariaDbConnectorIT {
    private final SandboxCluster cluster;
    private final FrontendEndpoint fe;
    private String a;
    private String b;

    FrontendMariaDbConnectorIT(SandboxCluster cluster, FrontendEndpoint fe) {
        this.cluster = cluster;
        this.fe = fe;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + fe.port() + "/test?sslMode=disable",
                fe.user(), fe.password());
    }

    @BeforeEach
    void twoTablesLedByDifferentNodes() throws SQLException {
        a = Sql.createTable(cluster, "mdba", "id INT PRIMARY KEY, v INT NOT NULL");
        b = Sql.createTable(cluster, "mdbb", "id INT PRIMARY KEY, v INT NOT NULL");
        try (Connection c = cluster.connect(cluster.node(1))) {
            Sql.exec(c, "INSERT INTO " + a + " VALUES (1, 0), (2, 0)");
            Sql.exec(c, "INSERT INTO " + b + " VALUES (1, 0), (2, 0)");
        }
        cluster.awaitReplication(Duration.ofSeconds(10));
        cluster.declare(TableLayout.nonPartitioned("test", a).leaders(1));
        cluster.declare(TableLayout.nonPartitioned("test", b).leaders(2));
    }

    /**
     * A server prepares a statement again itself when its table changed; MariaDB Connector/J then
     * reads the new columns (its PreparedStatementTest.executeQuery). Was: the front end's own
     * prepared statement failed reading them (1105), as MySQL Connector/J does as a client.
     */
    @Test
    void aPreparedSelectReturnsTheColumnsATableGainedAfterItWasPrepared() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + fe.port()
                + "/test?sslMode=disable&useServerPrepStmts", fe.user(), fe.password());
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT * FROM " + a + " WHERE id > ?")) {
            ps.setInt(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                assertEquals(2, rs.getMetaData().getColumnCount());
            }
            try (Statement st = c.createStatement()) {
                st.execute("ALTER TABLE " + a + " ADD COLUMN w VARCHAR(20) DEFAULT 'tt'");
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertEquals(3, rs.getMetaData().getColumnCount());
                assertTrue(rs.next());
                assertEquals(List.of(2, 0, "tt"), List.of(rs.getInt(1), rs.getInt(2), rs.getString(3)));
            }
        }
    }

    /** Was: a read in the middle made the flags say "no transaction", the rollback was skipped and b's write stayed. */
    @Test
    void aRollbackAfterAStreamedReadUndoesEveryWrite() throws SQLException {
        try (Connection c = connect()) {
            Sql.exec(c, "START TRANSACTION");
            Sql.exec(c, "UPDATE " + a + " SET v = v + 1 WHERE id = 1");
            try (Statement st = c.createStatement()) {
                st.setFetchSize(1);
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + a)) {
                    while (rs.next()) {
                        rs.getInt(1);
                    }
                }
            }
            Sql.exec(c, "UPDATE " + b + " SET v = v + 1 WHERE id = 1");
            c.rollback(); // sent only when the last status flags say a transaction is open
        }
        cluster.awaitReplication(Duration.ofSeconds(10));
        for (SandboxNode node : cluster.nodes()) {
            try (Connection c = cluster.connect(node)) {
                assertEquals(List.of("0", "0"), List.of(Sql.scalar(c, "SELECT SUM(v) FROM " + a),
                        Sql.scalar(c, "SELECT SUM(v) FROM " + b)), "node " + node.id());
                assertEquals("0", Sql.scalar(c, "SELECT COUNT(*) FROM information_schema.INNODB_TRX"
                        + " WHERE trx_rows_modified > 0"), "transactions left open on node " + node.id());
            }
        }
    }

    /** Was: rows still coming ran to their end (about 11 s) whatever the timeout. */
    @Test
    void itsQueryTimeoutStopsRowsThatAreStillComing() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.setQueryTimeout(1);
            long t0 = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery(
                    "SELECT seq, REPEAT('x', 20000), SLEEP(0.002) FROM seq_1_to_5000 /* mdb-timeout */"));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(millis < 5_000, "stopped after " + millis + " ms: " + e);
            assertEquals("1", Sql.scalar(c, "SELECT 1"), "the client stays connected");
        }
    }
}
