package io.obproxy.session;

import io.obproxy.cluster.Cluster;
import io.obproxy.cluster.Deployment;
import io.obproxy.cluster.Health;
import io.obproxy.cluster.ServerAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The physical sessions of one logical session as its statements use them: which server ran the
 * last statement, whether the logical session is closed, and how a physical session is made ready
 * for the next attempt ({@link #prepare}): opened on first use, distrusted after its server failed
 * or closed it while idle, brought up to the session state, held statements sent.
 *
 * <p>Design notes. The map of connections is {@link PhysicalSessions}' (it may be closed from
 * another thread); this class adds what a connection means to the session: dropping the one the
 * session is pinned to clears the pins (what they held is gone with it), and a connection opened
 * while another instance marked the session killed kills it here too. {@link #close} and
 * {@link #abort} may come from another thread, hence the volatile flag.
 */
final class ServerSessions {
    private final Deployment deployment;
    private final PhysicalSessions physicals;
    private final SessionState state;
    private final Pins pins;
    private final HeldStatements held;
    private final KillSwitch kills;
    private PhysicalSession last;
    private volatile boolean closed;

    ServerSessions(Deployment deployment, PhysicalSessions physicals, SessionState state, Pins pins,
                   HeldStatements held, KillSwitch kills) {
        this.deployment = deployment;
        this.physicals = physicals;
        this.state = state;
        this.pins = pins;
        this.held = held;
        this.kills = kills;
    }

    /**
     * Makes the session's connection to {@code server} ready for a statement: open, in sync with the
     * session state, and (when {@code sendHeld}) with the held BEGIN / SET TRANSACTION sent. A
     * connection opened before the server last failed is not trusted: unpinned it is replaced
     * (nothing was sent on it), pinned to a server now DEAD it fails as a broken connection.
     *
     * @param brokenLaterIsNoWorse a statement whose connection, found broken only after sending, ends
     *                             as it would have before: an idle one is looked at less often
     *                             ({@link PhysicalSession#closedWhileIdle})
     */
    PhysicalSession prepare(ServerAddress server, boolean sendHeld, boolean brokenLaterIsNoWorse) throws SQLException {
        ensureOpen();
        PhysicalSession existing = physicals.get(server);
        if (existing != null) {
            Cluster owner = deployment.clusterOf(server);
            if (existing.epoch() != owner.failureEpoch(server)) {
                if (pins.server() != existing) {
                    drop(existing);
                    existing = null;
                } else if (owner.topology().health(server) == Health.DEAD) {
                    drop(existing);
                    throw new SQLException("Server " + server + " is down", "08S01");
                }
            }
        }
        if (existing != null && existing.closedWhileIdle(brokenLaterIsNoWorse)) {
            if (pins.server() == existing) { // what it was pinned for (a transaction, ...) is gone: the failure path says so
                throw new SQLException("The connection to server " + server + " was closed by the server while idle",
                        "08S01"); // the pins are cleared there; the next statement drops the connection below
            }
            drop(existing); // the statement was not sent: a new connection serves it
            existing = null;
        }
        PhysicalSession ps = existing != null ? existing : open(server);
        try {
            state.sync(ps);
            if (sendHeld) {
                held.sendOn(ps);
            }
        } catch (SQLException e) {
            boolean pinned = pins.server() == ps;
            String reasons = pins.reasons().toString();
            drop(ps); // in an unknown state: closed, so the server rolls back what it held
            if (pinned && !FailurePolicy.isBrokenConnection(e)) {
                throw new SQLException("Transaction lost: the session state could not be brought to server " + server
                        + ", where the session was pinned " + reasons + "; its connection was closed and the server"
                        + " rolls the transaction back (" + e.getMessage() + ")", FailureOutcomes.TRANSACTION_LOST_STATE,
                        e.getErrorCode(), e);
            }
            throw e;
        }
        return ps;
    }

    /** @return the session's connection to {@code server}, opened now if it has none */
    private PhysicalSession open(ServerAddress server) throws SQLException {
        PhysicalSession ps = physicals.get(server);
        if (ps != null) {
            return ps;
        }
        int epoch = deployment.clusterOf(server).failureEpoch(server);
        Connection c = physicals.open(server);
        if (kills.markedElsewhere(c)) {
            c.close();
            kill();
            throw KillSwitch.killedException();
        }
        ps = physicals.add(server, c, epoch);
        if (closed) { // closed by another thread meanwhile
            drop(ps);
            throw closedException();
        }
        return ps;
    }

    /** A statement ran on {@code ps}: the session's affinity follows it. */
    void used(PhysicalSession ps) {
        last = ps;
    }

    /** @return the server of the last statement, or null */
    PhysicalSession last() {
        return last;
    }

    /** @return the server the last statement ran on, or null */
    ServerAddress lastServer() {
        return last == null ? null : last.server();
    }

    /** @return true when {@code ps} is still the session's connection to its server */
    boolean holds(PhysicalSession ps) {
        return physicals.holds(ps);
    }

    /** @return the physical sessions open now */
    List<PhysicalSession> all() {
        return physicals.all();
    }

    /** Closes one physical session, after a failure or a reset; it reopens on demand. */
    void drop(PhysicalSession ps) {
        physicals.remove(ps);
        if (last == ps) {
            last = null;
        }
        if (pins.server() == ps) {
            pins.clear();
        }
    }

    /** Closes every physical session (a reset of SQL state); the logical session stays open. */
    void dropAll() {
        for (PhysicalSession ps : physicals.all()) {
            drop(ps);
        }
    }

    /**
     * KILL CONNECTION: marks the session killed, cancels what it runs, tells whoever watches (a front
     * end, other instances) before the running statement fails, and aborts every connection.
     */
    void kill() {
        kills.kill();
        kills.announce();
        abort();
    }

    void setNetworkTimeout(Executor executor, int millis) throws SQLException {
        physicals.setNetworkTimeout(executor, millis);
    }

    int networkTimeout() {
        return physicals.networkTimeout();
    }

    boolean isClosed() {
        return closed;
    }

    void close() {
        closed = true;
        physicals.closeAll();
        pins.clear();
    }

    void abort() {
        closed = true;
        physicals.abortAll();
    }

    /** @throws SQLException 1927 when the session was killed, 08003 when it is closed */
    void ensureOpen() throws SQLException {
        if (kills.isKilled()) {
            throw KillSwitch.killedException();
        }
        if (closed) {
            throw closedException();
        }
    }

    private static SQLException closedException() {
        return new SQLException("Connection is closed", "08003");
    }
}
