package io.obproxy.session;

import io.obproxy.cluster.Cluster;
import io.obproxy.cluster.Deployment;
import io.obproxy.cluster.ServerAddress;
import io.obproxy.cluster.ServerConnector;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The physical connections of one logical session: at most one per server, opened when a statement
 * first goes there, told the session's network timeout, closed with the session. Opening one tells
 * the server's cluster how it went: a success makes the server healthy again, a failure is judged by
 * the cluster (an unreachable server is DEAD; a refused login, a server's own error such as 1040, or
 * a login that did not complete while the server answered others, is not a server failure). Used by
 * the session's thread; {@link #closeAll} and {@link #abortAll} may come from another, hence the
 * concurrent map.
 */
final class PhysicalSessions {
    private final Deployment deployment;
    private final ServerConnector connector;
    private final Map<ServerAddress, PhysicalSession> byServer = new ConcurrentHashMap<>(8);
    /**
     * The connection {@link #get} found last, looked at before the map: a session's statements go to
     * one server far more often than to another. Forgotten when it leaves the map.
     */
    private volatile PhysicalSession last;
    private int networkTimeoutMillis;

    PhysicalSessions(Deployment deployment, ServerConnector connector) {
        this.deployment = deployment;
        this.connector = connector;
    }

    /** @return the session's physical connection to {@code server}, or null when it has none */
    PhysicalSession get(ServerAddress server) {
        PhysicalSession l = last;
        if (l != null && l.server().equals(server)) {
            return l;
        }
        PhysicalSession ps = byServer.get(server);
        if (ps != null) {
            last = ps;
            if (byServer.get(server) != ps) { // closed by another thread meanwhile: its clearing came first
                last = null;
            }
        }
        return ps;
    }

    /** @return true when {@code ps} is still the session's connection to its server */
    boolean holds(PhysicalSession ps) {
        return byServer.get(ps.server()) == ps;
    }

    List<PhysicalSession> all() {
        return new ArrayList<>(byServer.values());
    }

    /**
     * Opens a connection to {@code server}, not yet the session's: the caller checks it (a kill
     * from another instance) and then {@link #add}s it.
     *
     * @throws SQLException naming the server, with the cause's SQLSTATE and code
     */
    Connection open(ServerAddress server) throws SQLException {
        Cluster owner = deployment.clusterOf(server);
        long started = System.nanoTime();
        Connection c;
        try {
            c = connector.connect(server);
        } catch (SQLException e) {
            owner.reportLoginFailure(server, e, started); // the cluster tells a real failure from an answer or a busy server
            throw new OpenFailed("Cannot open a connection to server " + server + ": " + e.getMessage(),
                    e.getSQLState() != null ? e.getSQLState() : "08001", e.getErrorCode(), e);
        }
        owner.reportConnected(server);
        return c;
    }

    /**
     * Makes an opened connection the session's connection to {@code server}, with the session's
     * network timeout.
     *
     * @param epoch the server's failure epoch when the connection was opened
     */
    PhysicalSession add(ServerAddress server, Connection c, int epoch) throws SQLException {
        PhysicalSession ps;
        try {
            if (networkTimeoutMillis > 0) {
                c.setNetworkTimeout(Runnable::run, networkTimeoutMillis);
            }
            ps = new PhysicalSession(server, c, epoch, deployment.clusterOf(server).metrics().server(server.toString()));
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        byServer.put(server, ps);
        return ps;
    }

    /** Forgets and closes one connection. */
    void remove(PhysicalSession ps) {
        byServer.remove(ps.server(), ps);
        if (last == ps) {
            last = null;
        }
        ps.close();
    }

    void setNetworkTimeout(Executor executor, int millis) throws SQLException {
        networkTimeoutMillis = millis;
        for (PhysicalSession ps : byServer.values()) {
            ps.connection().setNetworkTimeout(executor, millis);
        }
    }

    int networkTimeout() {
        return networkTimeoutMillis;
    }

    void closeAll() {
        for (PhysicalSession ps : byServer.values()) {
            ps.close();
        }
        byServer.clear();
        last = null;
    }

    void abortAll() {
        for (PhysicalSession ps : byServer.values()) {
            ps.abort();
        }
        byServer.clear();
        last = null;
    }

    /** No connection was made: the server could not be reached, or refused or broke off the login. */
    static final class OpenFailed extends SQLException {
        private static final long serialVersionUID = 1L;

        OpenFailed(String message, String sqlState, int code, Throwable cause) {
            super(message, sqlState, code, cause);
        }
    }
}
