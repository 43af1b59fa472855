package io.obproxy.session;

import io.obproxy.cluster.ServerAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Whether one logical session was killed or its running statement cancelled. KILL and KILL QUERY
 * come from other threads (another connection's KILL, a front end's, a remote instance's mark seen
 * by the {@link KillWatch}), hence the volatile fields; the session's own thread reads them when a
 * statement fails, to answer as MySQL does (1927 for a killed connection, 1317 for a killed query).
 */
final class KillSwitch {
    private volatile boolean killed;
    private volatile Statement running;
    private volatile boolean queryKilled;
    private KillWatch watch = KillWatch.NONE;

    /** Sets how the session learns it was killed from another instance (before its first statement). */
    void watch(KillWatch watch) {
        this.watch = watch;
    }

    /** The physical statement the session runs now (null when none), for KILL QUERY. */
    void running(Statement physical) {
        running = physical;
    }

    /** KILL QUERY: cancels the statement running now, on its server. */
    void killQuery() {
        Statement st = running;
        if (st != null) {
            queryKilled = true;
            try {
                st.cancel();
            } catch (SQLException e) {
                // it ended meanwhile, or its connection is gone: nothing runs
            }
        }
    }

    /** Marks the session killed and cancels what it runs; the caller then calls {@link #announce} and closes its connections. */
    void kill() {
        killed = true;
        killQuery();
    }

    /** Tells the kill watch (and through it other instances) that the session is gone. */
    void announce() {
        watch.killed();
    }

    boolean isKilled() {
        return killed;
    }

    /** A new execution starts: a KILL QUERY that came as the previous statement ended is spent. */
    void newExecution() {
        queryKilled = false;
    }

    /** @return true once after a KILL QUERY cancelled the running statement (then MySQL's 1317 is due) */
    boolean consumeQueryKilled() {
        boolean was = queryKilled;
        queryKilled = false;
        return was;
    }

    /** @return true when the cluster holds a mark saying the session was killed from another instance */
    boolean markedElsewhere(ServerAddress broken) {
        return !killed && watch.killedElsewhere(broken);
    }

    /** @return true when a newly opened connection finds such a mark */
    boolean markedElsewhere(Connection opened) {
        return watch.killedElsewhere(opened);
    }

    /** @return MySQL's error for a statement of a killed session (MariaDB's ER_CONNECTION_KILLED) */
    static SQLException killedException() {
        return new SQLException("Connection was killed", "70100", 1927);
    }
}
