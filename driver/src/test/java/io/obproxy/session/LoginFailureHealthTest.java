package io.obproxy.session;

import static io.obproxy.session.FakeSession.A;
import static io.obproxy.session.FakeSession.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.obproxy.cluster.Health;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A session's failed physical login and its server's health, through {@link PhysicalSessions#open}:
 * the server's own refusal of more connections is an answer (the server stays ACTIVE, the statement
 * goes elsewhere or the application gets the server's error), an unreachable server is DEAD.
 */
class LoginFailureHealthTest {
    private static SQLException tooManyConnections() {
        return new SQLException("Too many connections", "08004", 1040);
    }

    /** The session's connection to A is gone (closed while idle), and A refuses the next login with {@code e}. */
    private static FakeSession newLoginTo(FakeSession f, SQLException e) throws SQLException, InterruptedException {
        f.startOn(A);
        f.servers.closeConnections(A);
        f.servers.refuseConnections(A, e);
        Thread.sleep(PhysicalSession.IDLE_CHECK_MILLIS + 1);
        return f;
    }

    @Test
    void tooManyConnectionsSendsTheStatementElsewhereAndLeavesTheServerActive() throws Exception {
        FakeSession f = newLoginTo(new FakeSession(A, B), tooManyConnections());
        assertEquals(B, f.run("UPDATE t SET v = 1"));
        assertEquals(1, f.servers.sends("UPDATE t SET v = 1"));
        assertEquals(Health.ACTIVE, f.cluster.topology().health(A));
    }

    @Test
    void tooManyConnectionsOnTheOnlyServerIsTheApplicationsErrorNotTheServersFailure() throws Exception {
        FakeSession f = newLoginTo(new FakeSession(A), tooManyConnections());
        SQLException e = assertThrows(SQLException.class, () -> f.run("UPDATE t SET v = 1"));
        assertEquals(1040, e.getErrorCode(), e.toString());
        assertEquals("08004", e.getSQLState());
        assertEquals(0, f.servers.sends("UPDATE t SET v = 1"));
        assertEquals(Health.ACTIVE, f.cluster.topology().health(A));
    }

    /** Nothing listens any more (refused), or the login was cut off while the server answered nothing else. */
    @ParameterizedTest
    @ValueSource(strings = {"refused", "reset"})
    void aServerThatFailsTheLoginItselfIsDeadAndTheStatementGoesElsewhere(String how) throws Exception {
        IOException cause = new IOException(how.equals("refused") ? new ConnectException("Connection refused")
                : new SocketException("Connection reset"));
        FakeSession f = newLoginTo(new FakeSession(A, B), new SQLException("Communications link failure", "08S01", 0,
                cause));
        assertEquals(B, f.run("UPDATE t SET v = 1"));
        assertEquals(Health.DEAD, f.cluster.topology().health(A));
    }
}
