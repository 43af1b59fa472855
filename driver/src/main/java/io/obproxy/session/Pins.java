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
 *   <li>TRANSACTION: the server's status flags say a transaction is open; ends when they no longer do
 *   (COMMIT, ROLLBACK, an implicit commit, JDBC commit/rollback).</li>
 *   <li>TEMPORARY_TABLE: CREATE TEMPORARY TABLE; ends when every temporary table created is dropped.</li>
 *   <li>USER_LOCK: GET_LOCK; ends when as many RELEASE_LOCK calls have run, or RELEASE_ALL_LOCKS.</li>
 *   <li>LOCK_TABLES: LOCK TABLES until UNLOCK TABLES.</li>
 *   <li>PREPARED_SQL: text PREPARE name until DEALLOCATE / DROP PREPARE of every name.</li>
 *   <li>XA: XA START until XA COMMIT / ROLLBACK.</li>
 *   <li>CURSOR: a streaming or cursor result set is open; ends when it is closed.</li>
 *   <li>CALLABLE: a CallableStatement is open; ends when it is closed.</li>
 * </ul>
 */
public final class Pins {
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

    /** Applies what a statement that ran on {@code ps} did to the pins. */
    void afterStatement(SqlInfo info, PhysicalSession ps) {
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
        if (info.has(SqlInfo.FLAG_XA_START)) {
            xa = true;
        } else if (info.has(SqlInfo.FLAG_XA_END)) {
            xa = false;
        }
        transaction = ps.inTransaction();
    }

    /** Re-reads the transaction flag after a JDBC commit, rollback or autocommit change on {@code ps}. */
    void transactionEnded(PhysicalSession ps) {
        if (ps == server) {
            transaction = ps.inTransaction();
        }
    }

    void transactionMayHaveStarted(PhysicalSession ps) {
        take(ps);
        transaction = ps.inTransaction();
    }

    void openCursor(PhysicalSession ps) {
        take(ps);
        cursors++;
    }

    void closeCursor() {
        if (cursors > 0) {
            cursors--;
        }
    }

    void openCallable(PhysicalSession ps) {
        take(ps);
        callables++;
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

    private void take(PhysicalSession ps) {
        if (!isPinned()) {
            server = ps;
        }
    }
}
