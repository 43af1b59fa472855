package io.obproxy.session;

import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.StatementKind;
import java.net.SocketTimeoutException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * What happens after one attempt of a statement failed: sent again (to another server, or after a
 * location refresh), or which error the application gets. Pure; the matrix is in
 * docs/high-availability.md.
 *
 * <p>The rule: a statement is sent again only when it cannot have run, or when running it twice
 * is harmless. It cannot have run when the failure came before it was sent ({@link Phase#PREPARE}:
 * connect, login, session replay) or when the server refused it before executing (not master, server
 * stopping or starting, tenant not here, read-only, reroute, not the primary). Running it twice is
 * harmless for a read outside any transaction. A batch some of whose entries ran is not sent again
 * (in autocommit they are committed). Inside a transaction nothing is sent again: a broken
 * connection there loses the transaction (the server rolls it back), and a COMMIT (or a SET
 * autocommit = 1, which commits) whose answer was lost has an unknown outcome. A write whose connection broke after it was sent is never sent again.
 */
final class FailurePolicy {
    /** Where the attempt failed. */
    enum Phase {
        /** Before the statement was sent: opening the connection, replaying session state, preparing. */
        PREPARE,
        /** After the statement was sent. */
        EXECUTE
    }

    /** Where the statement stands in a transaction. */
    enum Position {
        /** Autocommit, no transaction open or pending. */
        OUTSIDE,
        /** It starts a transaction: a held BEGIN goes with it, or autocommit is off and none is open. */
        FIRST,
        /** A transaction was open on the pinned server before it. */
        INSIDE
    }

    /** The verdict. */
    enum Verdict {
        /** Send it again (re-routed; locations refreshed where the error said they were stale). */
        RETRY,
        /** Give the application the server's error as it is. */
        FAIL,
        /** The statement (a write or a COMMIT) may or may not have taken effect: SQLSTATE 08007. */
        OUTCOME_UNKNOWN,
        /** The transaction is gone, rolled back by the server: SQLSTATE 40001, the connection stays usable. */
        TRANSACTION_LOST
    }

    /** Errors with which OceanBase refuses a statement sent to a stale location (odp-facts section 3). */
    static final Set<Integer> STALE_LOCATION = Set.of(4038, 4654, 4638, 4550, 4121, 4122, 4225, 4653, 6228, 6229,
            8001, 8002, 6230, 5296);
    /** Errors saying the server's schema moved on: the location may be stale too (not retried). */
    static final Set<Integer> STALE_SCHEMA = Set.of(4029, 5019, 4725, 4719, 4723, 4138, 5627, 4242, 4283, 5269);
    /** Errors saying the server cannot serve this tenant now: starting, stopping, tenant not here, connect error. */
    static final Set<Integer> SERVER_DOWN = Set.of(8001, 8002, 5150, 4124);
    /** Errors saying this cluster's tenant is not the primary (odp-facts section 7). */
    private static final Set<Integer> NOT_PRIMARY = Set.of(4780, 4782, 4688);
    /** MySQL's ER_OPTION_PREVENTS_STATEMENT: "not the primary" when the option is --read-only / --super-read-only. */
    private static final int OPTION_PREVENTS_STATEMENT = 1290;
    /** Every other error with which the server refused a statement before executing it (ODP retries these). */
    private static final Set<Integer> REFUSED_BEFORE_EXECUTING = union(STALE_LOCATION, SERVER_DOWN, Set.of(5081, 5727));

    private FailurePolicy() {
    }

    static Verdict decide(SQLException e, Phase phase, Position position, SqlInfo info) {
        boolean broken = isBrokenConnection(e) || leftReplyUnread(e);
        if (phase == Phase.PREPARE) {
            if (!broken) {
                return Verdict.FAIL;
            }
            return position == Position.INSIDE ? Verdict.TRANSACTION_LOST : Verdict.RETRY;
        }
        boolean notPrimary = isNotPrimary(e);
        if (notPrimary || REFUSED_BEFORE_EXECUTING.contains(e.getErrorCode())) {
            if (position == Position.OUTSIDE && ranInPart(e)) {
                return Verdict.FAIL; // a batch whose first entries ran (and committed): its counts say which
            }
            if (position != Position.INSIDE) {
                return Verdict.RETRY;
            }
            // inside a transaction: one whose cluster stopped being the primary cannot go on
            return notPrimary ? Verdict.TRANSACTION_LOST : Verdict.FAIL;
        }
        if (!broken) {
            return Verdict.FAIL;
        }
        if (commits(info)) {
            return Verdict.OUTCOME_UNKNOWN;
        }
        if (position != Position.OUTSIDE) {
            return Verdict.TRANSACTION_LOST;
        }
        return isRead(info) ? Verdict.RETRY : Verdict.OUTCOME_UNKNOWN;
    }

    /**
     * @return true when the server says its cluster's tenant is not the primary: OceanBase's 4780,
     * 4782, 4688, or a MySQL or MariaDB server running read-only (1290 naming the read-only option;
     * 1290 for other options, such as --secure-file-priv, is an ordinary error)
     */
    static boolean isNotPrimary(SQLException e) {
        if (e.getErrorCode() == OPTION_PREVENTS_STATEMENT) {
            return e.getMessage() != null && e.getMessage().contains("read-only");
        }
        return NOT_PRIMARY.contains(e.getErrorCode());
    }

    /**
     * @return true for a batch that failed after some of its entries ran: a count other than
     * EXECUTE_FAILED (with Connector/J's continueBatchOnError=false the counts stop at the first
     * failure, so any count at all)
     */
    static boolean ranInPart(SQLException e) {
        if (!(e instanceof BatchUpdateException)) {
            return false;
        }
        for (long count : ((BatchUpdateException) e).getLargeUpdateCounts()) {
            if (count != Statement.EXECUTE_FAILED) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return true for a statement that commits a transaction (COMMIT, XA END, SET autocommit=1):
     * when its connection breaks after it was sent, whether the transaction took effect is unknown
     */
    static boolean commits(SqlInfo info) {
        return info.kind() == StatementKind.COMMIT || info.has(SqlInfo.FLAG_XA_END) || switchesAutocommitOn(info);
    }

    /** @return true for {@code SET autocommit = 1}: it commits the transaction running, as COMMIT does */
    static boolean switchesAutocommitOn(SqlInfo info) {
        if (info.kind() != StatementKind.SET) {
            return false;
        }
        return info.assignments().stream()
                .anyMatch(a -> "autocommit".equals(a.name()) && Boolean.TRUE.equals(EffectRecorder.switchValue(a.literal())));
    }

    /**
     * @return true for a statement that only reads, so that running it twice is harmless: a SELECT
     * without locking, user locks or {@code INTO}, SHOW, EXPLAIN; never a multi-statement
     */
    static boolean isRead(SqlInfo info) {
        if (info.isMulti()) {
            return false;
        }
        switch (info.kind()) {
            case SELECT:
                return !info.has(SqlInfo.FLAG_LOCKING_READ) && !info.has(SqlInfo.FLAG_GET_LOCK)
                        && !info.has(SqlInfo.FLAG_RELEASE_LOCK) && !info.has(SqlInfo.FLAG_RELEASE_ALL_LOCKS)
                        && info.assignments().isEmpty();
            case SHOW:
            case SHOW_WARNINGS:
            case EXPLAIN:
                return true;
            default:
                return false;
        }
    }

    /**
     * @return true when the connection itself failed (SQLSTATE class 08, or a read timeout):
     * Connector/J has closed it, and the server may or may not have seen what was sent
     */
    static boolean isBrokenConnection(SQLException e) {
        String state = e.getSQLState();
        if (state != null && state.startsWith("08")) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return true when Connector/J itself failed while reading a reply (an unchecked exception of
     * its protocol layer, such as its ArrayIndexOutOfBoundsException on a result with more columns
     * than the statement had when prepared), or the front end's client failed while a relayed reply
     * was copied to it ({@link PacketRelay.ClientFailed}): the rest of the reply is still unread on the
     * connection, which then cannot carry another statement. The server is not to blame.
     */
    static boolean leftReplyUnread(SQLException e) {
        if (e instanceof PacketRelay.ClientFailed) {
            return true;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            StackTraceElement[] at = t.getStackTrace();
            if (t instanceof RuntimeException && at.length > 0 && at[0].getClassName().startsWith("com.mysql.cj.protocol.")) {
                return true;
            }
        }
        return false;
    }

    @SafeVarargs
    private static Set<Integer> union(Set<Integer>... sets) {
        java.util.Set<Integer> all = new java.util.HashSet<>();
        for (Set<Integer> s : sets) {
            all.addAll(s);
        }
        return Set.copyOf(all);
    }
}
