package io.obproxy.session;

import io.obproxy.sql.SqlInfo;
import java.sql.SQLException;

/**
 * Statements the session holds until the next statement, to send them on that statement's server
 * just before it (as ODP does): a BEGIN / START TRANSACTION / XA START, so that a transaction starts
 * where its first statement runs, and a SET TRANSACTION for the next transaction. Once sent, the
 * BEGIN is remembered until its statement completes, which then knows it opened a transaction.
 */
final class HeldStatements {
    private HeldBegin begin;
    private String nextTransaction;
    private HeldBegin sent;

    void holdBegin(String sql, SqlInfo info) {
        begin = new HeldBegin(sql, info);
    }

    void holdNextTransaction(String sql) {
        nextTransaction = sql;
    }

    /** @return true while a BEGIN is held */
    boolean holdsBegin() {
        return begin != null;
    }

    /** @return true while anything is held */
    boolean any() {
        return begin != null || nextTransaction != null;
    }

    /** @return what is held now, to be put back by {@link #restore} when an attempt fails */
    Snapshot snapshot() {
        return any() ? new Snapshot(begin, nextTransaction) : Snapshot.NOTHING; // each execution asks: mostly nothing
    }

    /** Puts back what an attempt consumed, for the next attempt. */
    void restore(Snapshot held) {
        begin = held.begin();
        nextTransaction = held.nextTransaction();
    }

    /** Drops the held BEGIN: autocommit was switched on, or the transaction ended before it began. */
    void dropBegin() {
        begin = null;
    }

    /** Drops everything held. */
    void clear() {
        begin = null;
        nextTransaction = null;
    }

    /** Sends what is held on {@code ps}, the server of the statement about to run; held no more either way. */
    void sendOn(PhysicalSession ps) throws SQLException {
        if (!any()) {
            return;
        }
        try {
            if (nextTransaction != null) {
                ps.execute(nextTransaction);
            }
            if (begin != null) {
                ps.execute(begin.sql());
                sent = begin;
            }
        } finally {
            clear();
        }
    }

    /** @return the BEGIN sent before the statement that just completed (its classification), or null; forgotten now */
    SqlInfo takeSentBegin() {
        HeldBegin was = sent;
        sent = null;
        return was == null ? null : was.info();
    }

    /** What was held when an execution started. */
    record Snapshot(HeldBegin begin, String nextTransaction) {
        static final Snapshot NOTHING = new Snapshot(null, null);
    }
}
