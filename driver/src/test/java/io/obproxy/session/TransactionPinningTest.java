package io.obproxy.session;

import static io.obproxy.session.FakeSession.A;
import static io.obproxy.session.FakeSession.B;
import static io.obproxy.session.FakeSession.other;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.cluster.ServerAddress;
import io.obproxy.session.Pins.Reason;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pinning across statements (docs/routing.md, "Transactions and pinning"), over fake servers that
 * move the IN_TRANS flag as MySQL does: what pins a session, what ends the pin, and that a pinned
 * session's next statement stays on its server even when a route is forced elsewhere.
 */
class TransactionPinningTest {
    /**
     * Runs the steps on a cluster of two servers (all on one: held statements go with the first one
     * that runs, the rest stay by pin or by affinity), checks the pin reasons, then forces the route
     * to the other server: the next statement goes there only when nothing pins the session.
     * Steps are SQL, or JDBC calls: {@code commit()}, {@code rollback()}, {@code autocommit(on|off)}.
     */
    @ParameterizedTest(name = "{0} -> [{1}]")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # steps                                                             | pinned for
            BEGIN ; UPDATE t SET v = 1                                          | TRANSACTION
            START TRANSACTION ; SELECT * FROM t                                 | TRANSACTION
            START TRANSACTION READ ONLY ; SELECT * FROM t                       | TRANSACTION
            BEGIN ; UPDATE t SET v = 1 ; COMMIT                                 | -
            BEGIN ; UPDATE t SET v = 1 ; ROLLBACK                               | -
            BEGIN ; UPDATE t SET v = 1 ; COMMIT AND CHAIN                       | TRANSACTION
            BEGIN ; UPDATE t SET v = 1 ; ROLLBACK TO SAVEPOINT s                | TRANSACTION
            BEGIN ; UPDATE t SET v = 1 ; commit()                               | -
            BEGIN ; UPDATE t SET v = 1 ; rollback()                             | -
            BEGIN ; UPDATE t SET v = 1 ; CREATE TABLE t2 (id INT)               | -
            BEGIN ; SELECT * FROM t ; SELECT * FROM t                           | TRANSACTION
            SET autocommit = 0 ; UPDATE t SET v = 1                             | TRANSACTION
            SET autocommit = 0 ; SELECT * FROM t                                | TRANSACTION
            SET autocommit = 0 ; UPDATE t SET v = 1 ; COMMIT                    | -
            SET autocommit = 0 ; UPDATE t SET v = 1 ; SET autocommit = 1        | -
            autocommit(off) ; UPDATE t SET v = 1                                | TRANSACTION
            autocommit(off) ; UPDATE t SET v = 1 ; commit()                     | -
            autocommit(off) ; UPDATE t SET v = 1 ; rollback()                   | -
            autocommit(off) ; UPDATE t SET v = 1 ; autocommit(on)               | -
            UPDATE t SET v = 1 ; SELECT * FROM t                                | -
            CREATE TEMPORARY TABLE tmp (id INT)                                 | TEMPORARY_TABLE
            CREATE TEMPORARY TABLE tmp (id INT) ; DROP TEMPORARY TABLE tmp      | -
            CREATE TEMPORARY TABLE a (id INT) ; CREATE TEMPORARY TABLE b (id INT) ; DROP TABLE a | TEMPORARY_TABLE
            CREATE TEMPORARY TABLE tmp (id INT) ; BEGIN ; INSERT INTO tmp VALUES (1) ; COMMIT | TEMPORARY_TABLE
            SELECT GET_LOCK('l', 1)                                             | USER_LOCK
            SELECT GET_LOCK('l', 1) ; SELECT RELEASE_LOCK('l')                  | -
            SELECT GET_LOCK('a', 1) ; SELECT GET_LOCK('b', 1) ; SELECT RELEASE_LOCK('a') | USER_LOCK
            SELECT GET_LOCK('a', 1) ; SELECT GET_LOCK('b', 1) ; SELECT RELEASE_ALL_LOCKS() | -
            LOCK TABLES t WRITE                                                 | LOCK_TABLES
            LOCK TABLES t WRITE ; UNLOCK TABLES                                 | -
            BEGIN ; UPDATE t SET v = 1 ; LOCK TABLES t WRITE                    | LOCK_TABLES
            PREPARE s FROM 'SELECT 1'                                           | PREPARED_SQL
            PREPARE s FROM 'SELECT 1' ; DEALLOCATE PREPARE s                    | -
            PREPARE s FROM 'SELECT 1' ; DROP PREPARE s                          | -
            PREPARE s FROM 'SELECT 1' ; PREPARE u FROM 'SELECT 2' ; DEALLOCATE PREPARE s | PREPARED_SQL
            XA START 'x' ; INSERT INTO t VALUES (1)                             | TRANSACTION,XA
            XA START 'x' ; INSERT INTO t VALUES (1) ; XA END 'x' ; XA PREPARE 'x' | TRANSACTION,XA
            XA START 'x' ; INSERT INTO t VALUES (1) ; XA END 'x' ; XA PREPARE 'x' ; XA COMMIT 'x' | -
            XA START 'x' ; INSERT INTO t VALUES (1) ; XA END 'x' ; XA ROLLBACK 'x' | -
            """)
    void pinsHoldUntilTheirEnd(String steps, String reasons) throws SQLException {
        FakeSession f = new FakeSession(A, B);
        ServerAddress where = null;
        for (String step : steps.split(" ; ")) {
            ServerAddress ran = step(f, step.trim());
            if (ran != null && where == null) {
                where = ran;
            } else if (ran != null) {
                assertEquals(where, ran, step);
            }
        }
        Set<Reason> expected = EnumSet.noneOf(Reason.class);
        if (reasons != null) {
            for (String r : reasons.split(",")) {
                expected.add(Reason.valueOf(r.trim()));
            }
        }
        assertEquals(expected, f.session.parts().pins().reasons());
        assertEquals(expected.isEmpty() ? null : where, f.pinnedTo());
        f.run("SET @obproxy_route_addr = '" + other(where) + "'");
        assertEquals(expected.isEmpty() ? other(where) : where, f.run("SELECT 1"), "the next statement");
    }

    /** @return the server a step ran on, null when it needed none */
    private static ServerAddress step(FakeSession f, String step) throws SQLException {
        switch (step) {
            case "commit()":
                f.session.transactions().commit();
                return null;
            case "rollback()":
                f.session.transactions().rollback();
                return null;
            case "autocommit(on)":
            case "autocommit(off)":
                f.session.transactions().setAutoCommit(step.equals("autocommit(on)"));
                return null;
            default:
                return f.run(step);
        }
    }

    @Test
    void aHeldBeginIsSentWithTheFirstStatementOnThatStatementsServer() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.run("SET @obproxy_route_addr = '" + B + "'");
        assertNull(f.run("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"));
        assertNull(f.run("BEGIN"));
        assertEquals(0, f.servers.opened(), "held: no server yet");
        assertTrue(f.session.inTransaction());
        assertEquals(B, f.run("UPDATE t SET v = 1"));
        assertEquals(List.of("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "BEGIN", "UPDATE t SET v = 1"),
                f.servers.sentTo(B));
        assertEquals(0, f.servers.opened(A));
        assertEquals(Set.of(Reason.TRANSACTION), f.session.parts().pins().reasons());
    }

    @Test
    void aTransactionInWhichNothingRanEndsWithoutAServer() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        for (String end : List.of("COMMIT", "ROLLBACK")) {
            assertNull(f.run("BEGIN"));
            assertNull(f.run(end), end);
            assertFalse(f.session.inTransaction(), end);
        }
        assertNull(f.run("BEGIN"));
        f.session.transactions().commit();
        assertFalse(f.session.inTransaction());
        assertEquals(0, f.servers.opened());
        assertEquals(List.of(), f.servers.sent());
    }

    @Test
    void autocommitOffMakesTheFirstStatementOpenATransactionWhereItRuns() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.session.transactions().setAutoCommit(false);
        f.run("SET @obproxy_route_addr = '" + A + "'");
        assertEquals(A, f.run("UPDATE t SET v = 1"));
        f.run("SET @obproxy_route_addr = '" + B + "'");
        assertEquals(A, f.run("UPDATE t SET v = 2"), "pinned wins over the forced route");
        f.session.transactions().commit();
        assertNull(f.pinnedTo());
        assertEquals(B, f.run("UPDATE t SET v = 3"), "the next transaction starts where its first statement runs");
        assertEquals(B, f.pinnedTo());
    }

    @Test
    void aStreamedReadDecidesNothingUntilItsCursorCloses() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.session.transactions().setAutoCommit(false);
        ServerAddress where = f.stream("SELECT * FROM t");
        assertEquals(Set.of(Reason.CURSOR), f.session.parts().pins().reasons(), "the flag is not read mid-stream");
        f.session.closeCursor();
        assertEquals(Set.of(Reason.TRANSACTION), f.session.parts().pins().reasons(), "the complete reply said so");
        assertEquals(where, f.pinnedTo());
    }

    @Test
    void aStreamedReadNeverEndsATransaction() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.run("BEGIN");
        ServerAddress where = f.run("UPDATE t SET v = 1");
        f.servers.statusFlags(where, 0); // a packet in the middle of the stream says "no transaction"
        assertEquals(where, f.stream("SELECT * FROM t"));
        assertEquals(EnumSet.of(Reason.TRANSACTION, Reason.CURSOR), f.session.parts().pins().reasons());
        f.session.closeCursor();
        assertEquals(Set.of(Reason.TRANSACTION), f.session.parts().pins().reasons());
        assertEquals(where, f.run("SELECT * FROM t"));
        f.run("COMMIT");
        assertEquals(Set.of(), f.session.parts().pins().reasons());
    }

    @Test
    void aStreamedReadOutsideATransactionPinsOnlyWhileItsCursorIsOpen() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        ServerAddress where = f.stream("SELECT * FROM t");
        assertEquals(Set.of(Reason.CURSOR), f.session.parts().pins().reasons());
        assertEquals(where, f.pinnedTo());
        f.session.closeCursor();
        assertEquals(Set.of(), f.session.parts().pins().reasons());
    }
}
