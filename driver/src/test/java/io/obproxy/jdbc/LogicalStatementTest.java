package io.obproxy.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.mysql.cj.jdbc.exceptions.MySQLStatementCancelledException;
import io.obproxy.cluster.Cluster;
import io.obproxy.cluster.ClusterKey;
import io.obproxy.cluster.ClusterRegistry;
import io.obproxy.cluster.ClusterSettings;
import io.obproxy.cluster.ColumnTypes;
import io.obproxy.cluster.Deployment;
import io.obproxy.cluster.LoginSlots;
import io.obproxy.cluster.ServerAddress;
import io.obproxy.metrics.DriverMetrics;
import io.obproxy.process.ProcessRegistry;
import io.obproxy.route.Router;
import io.obproxy.session.FakeServers;
import io.obproxy.session.LogicalSession;
import io.obproxy.sql.SqlClassifier;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A logical connection's statements over fake servers: a streamed result pins its server while it
 * is open and the transaction flag is read when it closes; cancel() and KILL QUERY fail the running
 * statement with 1317 and leave the connection usable.
 */
class LogicalStatementTest {
    private static final String URL = "jdbc:obproxy://10.0.0.1:2881,10.0.0.2:2881/?user=u";
    private static final List<ServerAddress> SERVERS = List.of(ServerAddress.parse("10.0.0.1:2881"),
            ServerAddress.parse("10.0.0.2:2881"));
    private static final SQLException INTERRUPTED = new SQLException("Query execution was interrupted", "70100", 1317);

    private final FakeServers servers = new FakeServers();
    private final ClusterRegistry registry = new ClusterRegistry(new DriverMetrics());
    private LogicalConnection connection;

    @BeforeEach
    void open() throws SQLException {
        DriverConfig config = DriverConfig.parse(URL, new Properties());
        Cluster cluster = registry.acquire(new ClusterKey(SERVERS, null, null, "u", null), servers,
                new ClusterSettings(false, 60, 1000, ColumnTypes.CURRENT, null, true));
        Deployment deployment = Deployment.of(cluster);
        LogicalSession session = new LogicalSession(deployment, servers, new Router(), null, config.routingSettings());
        ProcessRegistry processes = new ProcessRegistry();
        connection = new LogicalConnection(config, URL, registry, deployment, session, new SqlClassifier(64),
                new PhysicalConnector(config, new OpenWatchdog(), new LoginSlots()), processes, processes.register("u", "test"));
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
        registry.close();
    }

    private List<String> pins() {
        return connection.pinReasons();
    }

    @Test
    void aStreamedResultPinsItsServerUntilItClosesAndThenTheFlagDecides() throws SQLException {
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            st.setFetchSize(Integer.MIN_VALUE);
            ResultSet rs = st.executeQuery("SELECT * FROM t");
            assertEquals(List.of("CURSOR"), pins(), "nothing decided from the flag mid-stream");
            rs.close();
        }
        assertEquals(List.of("TRANSACTION"), pins(), "autocommit off: the complete reply says a transaction is open");
        connection.commit();
        assertEquals(List.of(), pins());
    }

    @Test
    void aStreamedResultNeverEndsATransaction() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("BEGIN");
            st.executeUpdate("UPDATE t SET v = 1");
            ServerAddress where = connection.session().pinnedServer().server();
            st.setFetchSize(Integer.MIN_VALUE);
            ResultSet rs = st.executeQuery("SELECT * FROM t");
            servers.statusFlags(where, 0); // a packet of the stream says "no transaction"
            assertEquals(List.of("TRANSACTION", "CURSOR"), pins());
            rs.close();
            assertEquals(List.of("TRANSACTION"), pins());
            st.execute("COMMIT");
        }
        assertEquals(List.of(), pins());
    }

    @Test
    void aResultReadWholeTakesNoCursorPin() throws SQLException {
        try (Statement st = connection.createStatement()) {
            ResultSet rs = st.executeQuery("SELECT * FROM t");
            assertEquals(List.of(), pins());
            rs.close();
        }
    }

    @Test
    void cancelFailsTheRunningStatementOnlyWith1317() throws SQLException {
        try (Statement st = connection.createStatement()) {
            servers.whileRunning("SELECT * FROM t", st::cancel, INTERRUPTED);
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM t"));
            assertInstanceOf(MySQLStatementCancelledException.class, e);
            assertEquals("70100/1317", e.getSQLState() + "/" + e.getErrorCode());
            assertEquals(1, servers.sends("SELECT * FROM t"));
            st.executeQuery("SELECT * FROM t").close();
        }
    }

    @Test
    void killQueryFailsTheRunningStatementOnlyWith1317() throws SQLException {
        try (Statement st = connection.createStatement()) {
            servers.whileRunning("UPDATE t SET v = 1", connection.session()::killQuery, INTERRUPTED);
            SQLException e = assertThrows(SQLException.class, () -> st.executeUpdate("UPDATE t SET v = 1"));
            assertEquals("70100/1317", e.getSQLState() + "/" + e.getErrorCode());
            assertEquals(0, st.executeUpdate("UPDATE t SET v = 2"));
        }
    }
}
