package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.NativeSession;
import com.mysql.cj.Query;
import com.mysql.cj.interceptors.QueryInterceptor;
import com.mysql.cj.jdbc.JdbcConnection;
import com.mysql.cj.log.Log;
import com.mysql.cj.protocol.Resultset;
import com.mysql.cj.protocol.ServerSession;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.session.PacketRelay;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link PacketRelay#run}, a statement of the driver's own (a held BEGIN) sent as bytes on a node's
 * Connector/J connection with its reply dropped, leaves that connection as Connector/J's own
 * execution would: its view of the transaction follows the server's, a server's error is the one
 * Connector/J throws, and the connection goes on. The oracle is Connector/J on the same node.
 */
@ExtendWith(SandboxExtension.class)
class PacketRelayRunIT {
    private final SandboxCluster cluster;

    PacketRelayRunIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void aBeginSentAsBytesOpensATransactionConnectorJSees() throws SQLException {
        try (Connection c = cluster.connect(cluster.node(1))) {
            assertTrue(PacketRelay.run(c, "BEGIN"), "sent as bytes");
            assertTrue(inTransaction(c));
            assertEquals("1", Sql.scalar(c, "SELECT @@in_transaction"));
            assertTrue(PacketRelay.run(c, "COMMIT"));
            System.err.println("DEBUG flags " + ((NativeSession) c.unwrap(JdbcConnection.class).getSession()).getServerSession().getStatusFlags());
            c.createStatement().execute("BEGIN");
            System.err.println("DEBUG flags cj begin " + ((NativeSession) c.unwrap(JdbcConnection.class).getSession()).getServerSession().getStatusFlags());
            c.createStatement().execute("COMMIT");
            System.err.println("DEBUG flags cj commit " + ((NativeSession) c.unwrap(JdbcConnection.class).getSession()).getServerSession().getStatusFlags());
            assertFalse(inTransaction(c));
        }
    }

    @Test
    void aServerErrorIsTheOneConnectorJThrowsAndTheConnectionGoesOn() throws SQLException {
        String wrong = "SET TRANSACTION ISOLATION LEVEL NONSENSE";
        try (Connection c = cluster.connect(cluster.node(1))) {
            SQLException expected;
            try (Statement st = c.createStatement()) {
                expected = assertThrows(SQLException.class, () -> st.execute(wrong));
            }
            SQLException e = assertThrows(SQLException.class, () -> PacketRelay.run(c, wrong));
            assertEquals(expected.getClass(), e.getClass());
            assertEquals(expected.getErrorCode(), e.getErrorCode());
            assertEquals(expected.getSQLState(), e.getSQLState());
            assertEquals(expected.getMessage(), e.getMessage());
            assertEquals("7", Sql.scalar(c, "SELECT 7"));
        }
    }

    @Test
    void aResultIsDroppedWholeAndTheConnectionGoesOn() throws SQLException {
        try (Connection c = cluster.connect(cluster.node(1))) {
            assertTrue(PacketRelay.run(c, "SELECT 1 UNION SELECT 2"));
            assertTrue(PacketRelay.run(c, "SELECT REPEAT('x', 5000) UNION ALL SELECT REPEAT('y', 300)"),
                    "longer than the small buffer an application's thread reads it with");
            assertEquals("7", Sql.scalar(c, "SELECT 7"));
        }
    }

    @Test
    void aTextThatIsNotAsciiIsLeftToConnectorJ() throws SQLException {
        try (Connection c = cluster.connect(cluster.node(1))) {
            assertFalse(PacketRelay.run(c, "BEGIN /* é */"));
            assertFalse(inTransaction(c), "nothing was sent");
        }
    }

    /** Counts the statements Connector/J runs, as an application's tracing interceptor would see them. */
    public static final class CountingInterceptor implements QueryInterceptor {
        static final AtomicInteger SEEN = new AtomicInteger();

        @Override
        public QueryInterceptor init(MysqlConnection conn, Properties props, Log log) {
            return this;
        }

        @Override
        public <T extends Resultset> T preProcess(Supplier<String> sql, Query interceptedQuery) {
            SEEN.incrementAndGet();
            return null;
        }

        @Override
        public boolean executeTopLevelOnly() {
            return false;
        }

        @Override
        public void destroy() {
        }

        @Override
        public <T extends Resultset> T postProcess(Supplier<String> sql, Query interceptedQuery, T originalResultSet,
                                                   ServerSession serverSession) {
            return originalResultSet;
        }
    }

    @Test
    void aConnectionWithQueryInterceptorsIsLeftToConnectorJ() throws SQLException {
        String url = cluster.mysqlUrl(cluster.node(1)) + "?queryInterceptors=" + CountingInterceptor.class.getName();
        try (Connection c = DriverManager.getConnection(url, cluster.tenantUser(), cluster.password())) {
            int before = CountingInterceptor.SEEN.get();
            assertFalse(PacketRelay.run(c, "BEGIN"), "the application's interceptors see the driver's statements too");
            try (Statement st = c.createStatement()) {
                st.execute("BEGIN");
            }
            assertTrue(CountingInterceptor.SEEN.get() > before);
        }
    }

    private static boolean inTransaction(Connection c) throws SQLException {
        NativeSession session = (NativeSession) c.unwrap(JdbcConnection.class).getSession();
        return session.getServerSession().inTransactionOnServer();
    }
}
