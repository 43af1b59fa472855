package io.obproxy.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.cluster.Cluster;
import io.obproxy.cluster.Health;
import io.obproxy.cluster.LoginSlots;
import io.obproxy.cluster.ServerAddress;
import io.obproxy.cluster.TestClusters;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real Connector/J logins (through {@link PhysicalConnector}) to sockets that misbehave as servers
 * do, and what the cluster makes of each failure: an address nothing listens on, a server that
 * closes at once, one that never greets, one that says 1040 Too many connections. Also the bound
 * on logins at once per server.
 */
class PhysicalLoginFailureTest {
    private static final int TIMEOUT_MILLIS = 300;

    private final OpenWatchdog watchdog = new OpenWatchdog();
    private final List<FakeListener> listeners = new ArrayList<>();

    @AfterEach
    void close() {
        listeners.forEach(FakeListener::close);
    }

    /** A listening socket that treats each accepted connection as told, counting them. */
    private final class FakeListener implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger accepted = new AtomicInteger();

        FakeListener(String behaviour) throws IOException {
            socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
            listeners.add(this);
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        accepted.incrementAndGet();
                        Thread h = new Thread(() -> serve(s, behaviour));
                        h.setDaemon(true);
                        h.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        private void serve(Socket s, String behaviour) {
            try (s) {
                if (behaviour.equals("too-many")) { // as MariaDB: an error packet instead of the greeting, then close
                    byte[] text = "Too many connections".getBytes(StandardCharsets.US_ASCII);
                    OutputStream out = s.getOutputStream();
                    int n = 3 + text.length;
                    out.write(new byte[] {(byte) n, 0, 0, 0, (byte) 0xFF, (byte) (1040 & 0xFF), (byte) (1040 >> 8)});
                    out.write(text);
                    out.flush();
                } else if (behaviour.equals("silent")) { // accepts, never greets: until the client gives up
                    while (s.getInputStream().read() >= 0) {
                        // nothing comes
                    }
                } // "close": closed at once, as a relay whose server is gone
            } catch (IOException ignored) {
                // the client went
            }
        }

        ServerAddress address() {
            return new ServerAddress("127.0.0.1", socket.getLocalPort());
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private PhysicalConnector connector(ServerAddress server, int maxLogins, LoginSlots slots) throws SQLException {
        return new PhysicalConnector(DriverConfig.parse("jdbc:obproxy://" + server + "/?user=u&password=p"
                + "&physicalConnectTimeoutMillis=" + TIMEOUT_MILLIS + "&maxLoginsPerServer=" + maxLogins, null),
                watchdog, slots);
    }

    /** @return the server's health after one failed login, reported as a session reports it */
    private Health afterFailedLogin(ServerAddress server) throws Exception {
        Cluster cluster = TestClusters.of(List.of(server));
        PhysicalConnector connector = connector(server, 32, new LoginSlots());
        long started = System.nanoTime();
        SQLException e = assertThrows(SQLException.class, () -> connector.connect(server).close());
        cluster.reportLoginFailure(server, e, started);
        return cluster.topology().health(server);
    }

    @Test
    void anAddressNothingListensOnIsDead() throws Exception {
        FakeListener l = new FakeListener("close");
        ServerAddress server = l.address();
        l.close();
        assertEquals(Health.DEAD, afterFailedLogin(server));
    }

    @Test
    void aServerThatClosesOrNeverGreetsWhileAnsweringNoOtherLoginIsDead() throws Exception {
        assertEquals(Health.DEAD, afterFailedLogin(new FakeListener("close").address()));
        assertEquals(Health.DEAD, afterFailedLogin(new FakeListener("silent").address()));
    }

    @Test
    void aServerThatNeverGreetsThisLoginWhileCompletingOthersIsOnlyBusy() throws Exception {
        ServerAddress server = new FakeListener("silent").address();
        Cluster cluster = TestClusters.of(List.of(server));
        PhysicalConnector connector = connector(server, 32, new LoginSlots());
        long started = System.nanoTime();
        SQLException e = assertThrows(SQLException.class, () -> connector.connect(server).close());
        assertTrue(System.nanoTime() - started >= TIMEOUT_MILLIS * 900_000L, "cut off by the open's deadline");
        cluster.reportConnected(server); // another session's login completed meanwhile (reported before this failure)
        cluster.reportLoginFailure(server, e, started);
        assertEquals(Health.ACTIVE, cluster.topology().health(server));
    }

    @Test
    void tooManyConnectionsIsTheServersAnswerNotItsFailure() throws Exception {
        ServerAddress server = new FakeListener("too-many").address();
        Cluster cluster = TestClusters.of(List.of(server));
        long started = System.nanoTime();
        SQLException e = assertThrows(SQLException.class,
                () -> connector(server, 32, new LoginSlots()).connect(server).close());
        assertEquals(1040, e.getErrorCode(), e.toString());
        assertEquals("08004", e.getSQLState(), e.toString());
        assertTrue(e.getMessage().contains("Too many connections"), e.getMessage());
        cluster.reportLoginFailure(server, e, started);
        assertEquals(Health.ACTIVE, cluster.topology().health(server));
    }

    @Test
    void loginsBeyondTheBoundWaitTheirTurnAndFailUntriedWhenNoneComesInTime() throws Exception {
        FakeListener l = new FakeListener("silent");
        ServerAddress server = l.address();
        LoginSlots slots = new LoginSlots();
        PhysicalConnector slow = new PhysicalConnector(DriverConfig.parse("jdbc:obproxy://" + server
                + "/?user=u&password=p&physicalConnectTimeoutMillis=1500&maxLoginsPerServer=2", null), watchdog, slots);
        List<CompletableFuture<SQLException>> holders = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            holders.add(login(slow, server));
        }
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (l.accepted.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(2, l.accepted.get(), "both turns taken");
        PhysicalConnector waiting = connector(server, 2, slots);
        List<CompletableFuture<SQLException>> waiters = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < 6; i++) {
            waiters.add(login(waiting, server));
        }
        for (CompletableFuture<SQLException> f : waiters) {
            SQLException e = f.get();
            assertTrue(e instanceof LoginSlots.Timeout, String.valueOf(e));
            assertEquals("08001", e.getSQLState());
        }
        assertTrue(System.nanoTime() - t0 >= TIMEOUT_MILLIS * 900_000L, "waited for a turn within the open's time");
        assertEquals(2, l.accepted.get(), "no login beyond the bound reached the server");
        for (CompletableFuture<SQLException> f : holders) {
            assertTrue(f.get() != null, "nothing greets");
        }
    }

    private static CompletableFuture<SQLException> login(PhysicalConnector connector, ServerAddress server) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                connector.connect(server).close();
                return null;
            } catch (SQLException e) {
                return e;
            }
        }, r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            t.start();
        });
    }
}
