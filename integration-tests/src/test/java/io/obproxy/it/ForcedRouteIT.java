package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.jdbc.ObProxyConnection;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code SET @obproxy_route_addr} may name only a server of the cluster's server list (compared by
 * resolved address and port); anything else fails with MySQL's 1231 and nothing is contacted:
 * neither a listening stranger nor a node's own port behind its relay (not in the metadata).
 */
@ExtendWith(FrontendExtension.class)
class ForcedRouteIT {
    private final SandboxCluster cluster;
    private final FrontendEndpoint fe;

    ForcedRouteIT(SandboxCluster cluster, FrontendEndpoint fe) {
        this.cluster = cluster;
        this.fe = fe;
    }

    /** A listening socket that counts the connections made to it. */
    private static final class Stranger implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger accepted = new AtomicInteger();
        private final Thread acceptor = new Thread(this::accept, "stranger");

        Stranger() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    accepted.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        String address() {
            return "127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static void route(Connection c, String address) throws SQLException {
        Sql.exec(c, "SET @obproxy_route_addr = '" + address + "'");
    }

    @Test
    void aForcedRouteOutsideTheClusterFailsAndContactsNothing() throws Exception {
        try (Stranger stranger = new Stranger(); Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            for (String outside : new String[] {stranger.address(), "127.0.0.1:" + cluster.node(1).serverPort(),
                    "localhost:" + stranger.socket.getLocalPort(), "[::1]:" + cluster.node(1).port()}) {
                SQLException e = assertThrows(SQLException.class, () -> route(c, outside), outside);
                assertEquals(1231, e.getErrorCode(), e.getMessage());
                assertTrue(e.getMessage().contains("not a server of the cluster"), e.getMessage());
                Sql.scalar(c, "SELECT 1"); // the connection goes on, routed freely
            }
            Thread.sleep(200);
            assertEquals(0, stranger.accepted.get(), "nothing may be contacted");
        }
    }

    @Test
    void otherSpellingsOfAListedServerAreThatServer() throws SQLException {
        SandboxNode node = cluster.node(2);
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            for (String spelling : new String[] {"localhost:" + node.port(), "[::ffff:127.0.0.1]:" + node.port(),
                    "127.000.000.001:" + node.port()}) {
                route(c, spelling);
                assertEquals("2", Sql.scalar(c, "SELECT @@server_id"), spelling);
                assertEquals(node.address(), c.unwrap(ObProxyConnection.class).lastServer(),
                        "one physical connection per server, whatever the spelling");
            }
            assertEquals(1, c.unwrap(ObProxyConnection.class).physicalServers().size());
        }
    }

    @Test
    void throughTheFrontEndTheMariadbCliGetsTheErrorAndNothingIsContacted() throws Exception {
        try (Stranger stranger = new Stranger()) {
            ExternalClient.Result r = ExternalClient.run(Duration.ofSeconds(60),
                    "SET @obproxy_route_addr = '" + stranger.address() + "'; SELECT 1;",
                    ExternalClient.require("mariadb", "mariadb-client"), "-h127.0.0.1", "-P" + fe.port(), "--skip-ssl",
                    "-u" + fe.user(), "-p" + fe.password(), "test");
            assertEquals(1, r.exitCode(), r.toString());
            assertTrue(r.err().contains("ERROR 1231"), r.toString());
            assertTrue(r.err().contains("not a server of the cluster"), r.toString());
            Thread.sleep(200);
            assertEquals(0, stranger.accepted.get(), "nothing may be contacted");
        }
    }
}
