package io.obproxy.session;

import static io.obproxy.session.FakeSession.A;
import static io.obproxy.session.FakeSession.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.cluster.Health;
import io.obproxy.cluster.ServerAddress;
import io.obproxy.session.Pins.Reason;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * JDBC calls that reach a server without a statement of the application (commit, rollback,
 * savepoints, a validity check, metadata) run through the execution pipeline: they go where the
 * transaction runs, start the held one only when they stand for a statement, and fail as
 * statements do. Fake servers; each test could fail on the calls of the old bypass.
 */
class JdbcCallsTest {
    private static final ServerWork<ServerAddress> WHERE = PhysicalSession::server;
    private static final ServerWork<ServerAddress> BROKEN_ON_A = ps -> {
        if (ps.server().equals(A)) {
            throw new SQLException("Communications link failure", "08S01");
        }
        return ps.server();
    };

    @Test
    void aProbeNeverStartsTheHeldTransaction() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.startOn(A);
        f.run("BEGIN");
        assertEquals(A, f.session.probe(WHERE));
        assertEquals(0, f.servers.sends("BEGIN"), "a validity check or metadata sends no held BEGIN");
        assertTrue(f.session.inTransaction(), "still held");
        f.run("UPDATE t SET v = 1");
        assertEquals(List.of("BEGIN", "UPDATE t SET v = 1"), f.servers.sentTo(A).subList(1, 3));
    }

    @Test
    void aSavepointStartsTheHeldTransactionWhereItRunsAndPinsIt() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.startOn(B);
        f.run("BEGIN");
        f.session.transactions().setSavepoint("s1");
        assertEquals(List.of("BEGIN", "SAVEPOINT"), f.servers.sentTo(B).subList(1, 3));
        assertEquals(B, f.pinnedTo());
        assertEquals(Set.of(Reason.TRANSACTION), f.session.parts().pins().reasons());
    }

    @Test
    void aCommitGoesWhereTheTransactionRunsAndFreesTheSession() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.startOn(B);
        f.run("BEGIN");
        f.run("UPDATE t SET v = 1");
        f.session.transactions().commit();
        assertEquals("COMMIT", last(f.servers.sentTo(B)));
        assertNull(f.pinnedTo());
        assertFalse(f.session.inTransaction());
    }

    @Test
    void aCommitWithNothingRunSendsNothing() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.run("BEGIN");
        f.session.transactions().commit();
        f.session.transactions().rollback();
        assertEquals(0, f.servers.sends("COMMIT") + f.servers.sends("ROLLBACK") + f.servers.sends("BEGIN"));
        assertFalse(f.session.inTransaction(), "the held BEGIN is dropped");
    }

    @Test
    void aProbeThatBreaksMovesToAnotherServerAndReportsTheBrokenOne() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.startOn(A);
        assertEquals(B, f.session.probe(BROKEN_ON_A));
        assertEquals(Health.SUSPECT, f.cluster.topology().health(A));
        assertTrue(f.session.physicalSessions().stream().noneMatch(ps -> ps.server().equals(A)), "dropped");
    }

    @Test
    void aProbeWithAutocommitOffAndNoTransactionOpenStillMoves() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.startOn(A);
        f.session.transactions().setAutoCommit(false);
        assertEquals(B, f.session.probe(BROKEN_ON_A), "no transaction runs, so none is lost");
    }

    @Test
    void aProbeOfAPinnedSessionWhoseServerBrokeLosesThePinAndSaysSo() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.startOn(A);
        f.run("BEGIN");
        f.run("UPDATE t SET v = 1");
        SQLException e = assertThrows(SQLException.class, () -> f.session.probe(BROKEN_ON_A));
        assertEquals("40001", e.getSQLState());
        assertNull(f.pinnedTo());
        assertFalse(f.session.inTransaction());
    }

    @Test
    void savepointCallsWithoutATransactionFailWith3B001AndSendNothing() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.startOn(A);
        int sent = f.servers.sent().size();
        assertEquals("3B001", assertThrows(SQLException.class, () -> f.session.transactions().rollback(null)).getSQLState());
        assertEquals("3B001", assertThrows(SQLException.class,
                () -> f.session.transactions().releaseSavepoint(null)).getSQLState());
        assertEquals(sent, f.servers.sent().size());
    }

    private static String last(List<String> texts) {
        return texts.get(texts.size() - 1);
    }

    /**
     * With autocommit off, a statement that fails on its server has started a transaction there all
     * the same, holding the locks it took: the session stays pinned, and ROLLBACK goes there to
     * release them (it was answered locally as if nothing ran, and the locks stayed).
     */
    @Test
    void aFailedFirstStatementOfATransactionPinsItsServerForTheRollback() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.startOn(B);
        f.session.transactions().setAutoCommit(false);
        f.servers.failNext(B, "DELETE FROM parent WHERE id = 1",
                new SQLException("Cannot delete or update a parent row: a foreign key constraint fails", "23000", 1451));
        assertEquals(1451, assertThrows(SQLException.class, () -> f.run("DELETE FROM parent WHERE id = 1")).getErrorCode());
        assertEquals(B, f.pinnedTo());
        assertEquals(B, f.run("ROLLBACK"), "sent to the transaction's server, not answered locally");
        assertEquals("ROLLBACK", last(f.servers.sentTo(B)));
        assertNull(f.pinnedTo());
    }
}
