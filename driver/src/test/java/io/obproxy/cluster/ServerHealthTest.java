package io.obproxy.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.metrics.ClusterMetrics;
import io.obproxy.metrics.Metric;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The health rule for failed logins (docs/high-availability.md, "Which failed logins count"), on a
 * {@link ServerHealth} without probes: errors shaped as Connector/J reports them (a
 * communications failure, SQLSTATE 08S01, with the socket's exception as its cause; a server's error
 * with its vendor code).
 */
class ServerHealthTest {
    private static final ServerAddress A = new ServerAddress("10.0.0.1", 2881);

    private final ClusterMetrics metrics = new ClusterMetrics("test", true, () -> 0, () -> 0);
    private final ServerHealth health = new ServerHealth("test", new ProvenLogin(), () -> { }, metrics);

    /** A communications failure as Connector/J throws it, caused by {@code cause} (wrapped once more, as it does). */
    private static SQLException linkFailure(Exception cause) {
        return new SQLException("Communications link failure", "08S01", 0, new IOException(cause));
    }

    private static SQLException unreachable(String kind) {
        switch (kind) {
            case "refused": return linkFailure(new ConnectException("Connection refused"));
            case "connect-timeout": return linkFailure(new SocketTimeoutException("Connect timed out"));
            case "no-route": return linkFailure(new NoRouteToHostException("No route to host"));
            case "unknown-host": return linkFailure(new UnknownHostException("db7.example"));
            default: throw new IllegalArgumentException(kind);
        }
    }

    /** The login was cut off after the TCP connect: our deadline closed the socket, the peer reset or closed it. */
    private static SQLException aborted(int i) {
        switch (i % 4) {
            case 0: return linkFailure(new SocketException("Socket closed"));
            case 1: return linkFailure(new SocketException("Connection reset"));
            case 2: return linkFailure(new EOFException("Can not read response from server. Expected to read 4 bytes,"
                    + " read 0 bytes before connection was unexpectedly lost."));
            default: return linkFailure(new SocketTimeoutException("Read timed out"));
        }
    }

    private Health state() {
        return health.states().getOrDefault(A, Health.ACTIVE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"refused", "connect-timeout", "no-route", "unknown-host"})
    void aServerThatCannotBeReachedIsDeadAtOnce(String kind) {
        health.connected(A); // even one that completed a login a moment ago
        assertTrue(health.loginFailed(A, unreachable(kind), System.nanoTime()));
        assertEquals(Health.DEAD, state());
    }

    @Test
    void aServerThatAnswersWithItsOwnErrorIsUp() {
        List<SQLException> answers = List.of(
                new SQLException("Too many connections", "08004", 1040),
                new SQLException("User 'u' has exceeded the 'max_user_connections' resource", "42000", 1226),
                new SQLException("User u already has more than 'max_user_connections' active connections", "42000", 1203),
                new SQLException("Host '10.0.0.9' is blocked because of many connection errors", "HY000", 1129),
                new SQLException("Bad handshake", "08S01", 1043),
                new SQLException("Can't create a new thread (errno 11)", "HY000", 1135),
                new SQLException("Access denied for user 'u'@'h' (using password: YES)", "28000", 1045),
                new SQLException("Unknown database 'x'", "42000", 1049),
                // wrapped by the driver, the server's error inside
                new SQLException("Cannot open a connection: Too many connections", "08004", 0,
                        new SQLException("Too many connections", "08004", 1040)));
        long started = System.nanoTime();
        for (SQLException e : answers) {
            assertFalse(health.loginFailed(A, e, started), e.getMessage());
            assertEquals(Health.ACTIVE, state(), e.getMessage());
        }
        // having answered, the server is alive for logins cut off meanwhile
        assertFalse(health.loginFailed(A, aborted(0), started));
        assertEquals(Health.ACTIVE, state());
    }

    @Test
    void aClientSideCodeIsNoAnswer() {
        assertTrue(health.loginFailed(A, new SQLException("Lost connection to server during query", "08S01", 2013),
                System.nanoTime()));
        assertEquals(Health.DEAD, state());
    }

    @Test
    void eachTimeAServerLeavesActiveIsAFailover() {
        health.connectionBroke(A, "reset");
        health.connectFailed(A, "down"); // SUSPECT to DEAD: still the same failover
        assertEquals(1, metrics.total(Metric.FAILOVERS));
        health.connected(A);
        health.connectFailed(A, "down again");
        assertEquals(2, metrics.total(Metric.FAILOVERS));
    }

    @Test
    void aLoginThatFoundNoFreeSlotSaysNothing() {
        assertFalse(health.loginFailed(A, new LoginSlots.Timeout("no slot"), System.nanoTime()));
        assertFalse(health.loginFailed(A, new SQLException("wrapped", "08001", 0, new LoginSlots.Timeout("no slot")),
                System.nanoTime()));
        assertEquals(Health.ACTIVE, state());
    }

    @Test
    void aLoginCutOffWhileTheServerCompletedOthersIsABusyServer() {
        long started = System.nanoTime();
        health.connected(A); // another login completed after this one began
        for (int i = 0; i < 4; i++) {
            assertFalse(health.loginFailed(A, aborted(i), started), aborted(i).getCause().getCause().toString());
        }
        assertEquals(Health.ACTIVE, state());
    }

    @Test
    void aLoginCutOffWhileTheServerAnsweredNothingIsADeadServer() {
        health.connected(A); // before: says nothing about the time of this login
        long started = System.nanoTime();
        assertTrue(health.loginFailed(A, aborted(0), started));
        assertEquals(Health.DEAD, state());
        assertEquals(1, health.epoch(A));
    }

    @Test
    void aServerNeverHeardFromIsDeadWhenItsLoginIsCutOff() {
        assertTrue(health.loginFailed(A, aborted(3), System.nanoTime()));
        assertEquals(Health.DEAD, state());
    }

    /**
     * The burst, in a fixed order: 500 logins start at once; the server completes 40 of them
     * and sends 1040 to 60, and the rest are cut off (our deadline, resets) as they come: none of it
     * is the server's failure. Then the server stops answering (a hang): the next login cut off
     * makes it DEAD.
     */
    @Test
    void aBurstOfLoginsDoesNotTakeAHealthyServerOutButAHangDoes() {
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            starts.add(System.nanoTime());
        }
        int i = 0;
        for (; i < 40; i++) {
            health.connected(A);
        }
        for (; i < 100; i++) {
            assertFalse(health.loginFailed(A, new SQLException("Too many connections", "08004", 1040), starts.get(i)));
        }
        for (; i < 500; i++) {
            assertFalse(health.loginFailed(A, aborted(i), starts.get(i)), "login " + i);
        }
        assertEquals(Map.of(), health.states());
        assertEquals(0, health.epoch(A), "no connection of the server is distrusted");

        long hungSince = System.nanoTime();
        assertTrue(health.loginFailed(A, aborted(0), hungSince));
        assertEquals(Health.DEAD, state());
    }

    /** A probe answered with the server's own error (here 1040) finds the server up: ACTIVE again. */
    @Test
    void aProbeAnsweredWithTooManyConnectionsBringsTheServerBack() throws Exception {
        ProvenLogin login = new ProvenLogin();
        login.accepted(server -> {
            throw new SQLException("Too many connections", "08004", 1040);
        });
        ServerHealth probed = new ServerHealth("test", login, () -> { }, metrics);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            probed.start(timer, Runnable::run);
            probed.loginFailed(A, unreachable("refused"), System.nanoTime());
            assertEquals(Health.DEAD, probed.states().get(A));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (probed.states().containsKey(A) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(Map.of(), probed.states(), "the probe's 1040 is an answer");
        } finally {
            probed.stop();
            timer.shutdownNow();
        }
    }

    /** A probe cut off while the server answered nothing keeps it DEAD. */
    @Test
    void aProbeCutOffKeepsTheServerDead() throws Exception {
        ProvenLogin login = new ProvenLogin();
        List<Long> probes = new ArrayList<>();
        login.accepted(server -> {
            synchronized (probes) {
                probes.add(System.nanoTime());
            }
            throw aborted(2);
        });
        ServerHealth probed = new ServerHealth("test", login, () -> { }, metrics);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            probed.start(timer, Runnable::run);
            probed.loginFailed(A, unreachable("refused"), System.nanoTime());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (probeCount(probes) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(probeCount(probes) >= 2, "probed again after a failed probe");
            assertEquals(Health.DEAD, probed.states().get(A));
        } finally {
            probed.stop();
            timer.shutdownNow();
        }
    }

    private static int probeCount(List<Long> probes) {
        synchronized (probes) {
            return probes.size();
        }
    }
}
