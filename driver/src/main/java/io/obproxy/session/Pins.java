package io.obproxy.session;

import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.StatementKind;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * Why a logical session must stay on one server, and which server. While any reason holds, every
 * statement goes to {@link #server()}; the pin ends when the last reason is gone.
 *
 * <p>Reasons (odp-facts section 4) and what ends them:
 * <ul>
 *   <li>TRANSACTION: a transaction is open on the server; see {@link #transactionAfter} for how that
 *   is known. Ends with COMMIT or ROLLBACK (not AND CHAIN), XA COMMIT / ROLLBACK, JDBC commit or
 *   rollback, autocommit switched on, or an implicit commit the server's complete reply confirms.</li>
 *   <li>TEMPORARY_TABLE: CREATE TEMPORARY TABLE; ends when every temporary table created is dropped.</li>
 *   <li>USER_LOCK: GET_LOCK; ends when as many RELEASE_LOCK calls have run, or RELEASE_ALL_LOCKS.</li>
 *   <li>LOCK_TABLES: LOCK TABLES until UNLOCK TABLES.</li>
 *   <li>PREPARED_SQL: text PREPARE name until DEALLOCATE / DROP PREPARE of every name.</li>
 *   <li>XA: XA START until XA COMMIT / ROLLBACK.</li>
 *   <li>CURSOR: a streaming or cursor result set is open; ends when it is closed.</li>
 *   <li>CALLABLE: a CallableStatement is open; ends when it is closed.</li>
 * </ul>
 */
final class Pins {
    /** A reason to stay on one server. */
    public enum Reason { TRANSACTION, TEMPORARY_TABLE, USER_LOCK, LOCK_TABLES, PREPARED_SQL, XA, CURSOR, CALLABLE }

    private final Set<String> temporaryTables = new HashSet<>();
    private final Set<String> preparedNames = new HashSet<>();
    private PhysicalSession server;
    private boolean transaction;
    private int userLocks;
    private boolean lockTables;
    private boolean xa;
    private int cursors;
    private int callables;

    /** @return the pinned server, or null when the session is free to move */
    public PhysicalSession server() {
        return isPinned() ? server : null;
    }

    public boolean isPinned() {
        return transaction || userLocks > 0 || lockTables || xa || cursors > 0 || callables > 0
                || !temporaryTables.isEmpty() || !preparedNames.isEmpty();
    }

    /** @return the reasons that hold now */
    public Set<Reason> reasons() {
        EnumSet<Reason> reasons = EnumSet.noneOf(Reason.class);
        add(reasons, transaction, Reason.TRANSACTION);
        add(reasons, !temporaryTables.isEmpty(), Reason.TEMPORARY_TABLE);
        add(reasons, userLocks > 0, Reason.USER_LOCK);
        add(reasons, lockTables, Reason.LOCK_TABLES);
        add(reasons, !preparedNames.isEmpty(), Reason.PREPARED_SQL);
        add(reasons, xa, Reason.XA);
        add(reasons, cursors > 0, Reason.CURSOR);
        add(reasons, callables > 0, Reason.CALLABLE);
        return reasons;
    }

    private static void add(Set<Reason> set, boolean holds, Reason reason) {
        if (holds) {
            set.add(reason);
        }
    }

    /** @return true while a transaction (plain or XA) is open on the pinned server */
    public boolean inTransaction() {
        return transaction || xa;
    }

    /**
     * Whether a transaction is open after a statement succeeded, from what the session knows rather
     * than from the server's status flags alone. Connector/J keeps the flags of the last OK or EOF it
     * read; while a result is still being streamed (or fetched by cursor) that is not the statement's
     * own end, and a flag read then has been seen to say "no transaction" in the middle of one. So the
     * flag may open a transaction at any time, but closes one only where the statement's whole reply
     * was read and the statement is one that can end a transaction implicitly (SET autocommit, DDL,
     * LOCK TABLES, a multi-statement); a plain read or write never ends one. A statement whose reply
     * is still streaming decides nothing from the flag: its cursor pins the session meanwhile, and
     * the flag is read when the cursor closes ({@link #closeCursor}), complete by then.
     *
     * @param wasOpen       a transaction was open before the statement
     * @param began         a held BEGIN / START TRANSACTION / XA START was sent just before it
     * @param serverFlag    the server's IN_TRANS flag as Connector/J has it now
     * @param replyComplete the statement's whole reply has been read (nothing streams)
     */
    static boolean transactionAfter(boolean wasOpen, SqlInfo info, boolean began, boolean serverFlag,
                                    boolean replyComplete) {
        StatementKind kind = info.kind();
        if (!info.isMulti()) {
            if (kind == StatementKind.COMMIT || kind == StatementKind.ROLLBACK) {
                return info.has(SqlInfo.FLAG_CHAIN);
            }
            if (info.has(SqlInfo.FLAG_XA_END)) {
                return false;
            }
            if (kind == StatementKind.BEGIN || info.has(SqlInfo.FLAG_XA_START)) {
                return true;
            }
        }
        if (began) {
            return true;
        }
        if (!replyComplete) {
            return wasOpen; // the cursor pin holds the server; closing the cursor reads the flag (closeCursor)
        }
        if (info.isMulti() || endsImplicitly(kind)) {
            return serverFlag;
        }
        return wasOpen || serverFlag;
    }

    /** @return true for statements that may end a transaction without COMMIT and answer with an OK packet */
    private static boolean endsImplicitly(StatementKind kind) {
        return kind == StatementKind.SET || kind == StatementKind.DDL || kind == StatementKind.DROP_TABLE
                || kind == StatementKind.LOCK_TABLES || kind == StatementKind.UNLOCK_TABLES;
    }

    /**
     * Applies what a statement that ran on {@code ps} did to the pins.
     *
     * @param began         a held BEGIN or XA START was sent on {@code ps} just before the statement
     * @param replyComplete the statement's whole reply has been read (see {@link #transactionAfter})
     */
    void afterStatement(SqlInfo info, PhysicalSession ps, SqlInfo began, boolean replyComplete) {
        boolean wasPinned = isPinned();
        take(ps);
        StatementKind kind = info.kind();
        if (kind == StatementKind.CREATE_TEMPORARY_TABLE && info.objectName() != null) {
            temporaryTables.add(info.objectName());
        } else if (kind == StatementKind.DROP_TABLE) {
            info.tables().forEach(t -> temporaryTables.remove(t.table()));
        } else if (kind == StatementKind.LOCK_TABLES) {
            lockTables = true;
        } else if (kind == StatementKind.UNLOCK_TABLES) {
            lockTables = false;
        } else if (kind == StatementKind.PREPARE && info.objectName() != null) {
            preparedNames.add(info.objectName());
        } else if (kind == StatementKind.DEALLOCATE_PREPARE) {
            preparedNames.remove(info.objectName());
        }
        if (info.has(SqlInfo.FLAG_GET_LOCK)) {
            userLocks++;
        }
        if (info.has(SqlInfo.FLAG_RELEASE_LOCK) && userLocks > 0) {
            userLocks--;
        }
        if (info.has(SqlInfo.FLAG_RELEASE_ALL_LOCKS)) {
            userLocks = 0;
        }
        if (info.has(SqlInfo.FLAG_XA_START) || began != null && began.has(SqlInfo.FLAG_XA_START)) {
            xa = true;
        } else if (info.has(SqlInfo.FLAG_XA_END)) {
            xa = false;
        }
        transaction = transactionAfter(transaction, info, began != null, ps.inTransaction(), replyComplete);
        countIfPinned(wasPinned);
    }

    /**
     * Re-reads the transaction flag after a JDBC commit, rollback or autocommit change on {@code ps}:
     * the reply to COMMIT, ROLLBACK or SET autocommit is a complete OK, so the flag is the truth.
     */
    void transactionEnded(PhysicalSession ps) {
        if (ps == server) {
            transaction = ps.inTransaction();
        }
    }

    /**
     * After a savepoint was set or a statement failed on {@code ps}: a transaction the server's flag
     * shows open there is pinned. A failure never ends one (an error packet carries no status flags,
     * so what Connector/J has is older than the failure).
     */
    void transactionMayHaveStarted(PhysicalSession ps) {
        boolean wasPinned = isPinned();
        take(ps);
        transaction |= ps.inTransaction();
        countIfPinned(wasPinned);
    }

    /** A statement sent as the first of a transaction failed on {@code ps}: the transaction is open there. */
    void transactionStarted(PhysicalSession ps) {
        boolean wasPinned = isPinned();
        take(ps);
        transaction = true;
        countIfPinned(wasPinned);
    }

    void openCursor(PhysicalSession ps) {
        boolean wasPinned = isPinned();
        take(ps);
        cursors++;
        countIfPinned(wasPinned);
    }

    /**
     * A streaming or cursor result closed: its reply has been read to the end, so the server's flag
     * now tells whether the statement left a transaction open (autocommit off, or a locking read).
     */
    void closeCursor() {
        if (cursors > 0) {
            if (server != null) {
                transaction |= server.inTransaction();
            }
            cursors--;
        }
    }

    void openCallable(PhysicalSession ps) {
        boolean wasPinned = isPinned();
        take(ps);
        callables++;
        countIfPinned(wasPinned);
    }

    void closeCallable() {
        if (callables > 0) {
            callables--;
        }
    }

    /** Forgets every reason: the server-side state is gone (connection closed or reset). */
    void clear() {
        temporaryTables.clear();
        preparedNames.clear();
        transaction = false;
        userLocks = 0;
        lockTables = false;
        xa = false;
        cursors = 0;
        callables = 0;
        server = null;
    }

    /** Counts a pin that began just now (a free session is pinned), by each reason it holds. */
    private void countIfPinned(boolean wasPinned) {
        if (!wasPinned && isPinned()) {
            for (Reason reason : reasons()) {
                server.metrics().pinned(reason);
            }
        }
    }

    private void take(PhysicalSession ps) {
        if (!isPinned()) {
            server = ps;
        }
    }
}
