package io.obproxy.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credentials a cluster's own work logs in with (server list, tenant role, table locations,
 * health probes, the cluster-wide processlist): those of the latest connection whose login the
 * cluster accepted.
 *
 * <p>Design: every physical login of a logical connection uses that connection's own credentials
 * (its {@link ServerConnector}); only the shared work needs credentials of its own, and it takes
 * them from a login that succeeded, never from one that failed. A connection whose credentials
 * differ from the proven ones proves its own ({@link #verify}) before it is given the cluster, so
 * that a wrong password is refused at once, with the server's error, and leaves nothing behind.
 * When the servers refuse the proven credentials (the password was changed), they are forgotten:
 * the next connection proves its own, and meanwhile the shared work waits.
 */
final class ProvenLogin implements ServerConnector {
    private static final Logger log = LoggerFactory.getLogger(ProvenLogin.class);

    private final AtomicReference<ServerConnector> proven = new AtomicReference<>();

    /** @return true when {@code caller} logs in as the proven credentials do (same user and password) */
    boolean matches(ServerConnector caller) {
        ServerConnector p = proven.get();
        return p != null && p.sameLogin(caller);
    }

    /** @return true when a login succeeded and its credentials were not refused since */
    boolean known() {
        return proven.get() != null;
    }

    /** A login through {@code connector} succeeded: the shared work uses its credentials from now on. */
    void accepted(ServerConnector connector) {
        proven.set(connector);
    }

    /**
     * Logs in with the caller's credentials through the first of {@code servers} that answers, and
     * makes them the proven ones when it succeeds. When no server answers the login is not decided
     * here: the caller's first statement meets its own answer.
     *
     * @throws SQLException the server's refusal (SQLSTATE and vendor code as the server gave them)
     */
    void verify(ServerConnector caller, Collection<ServerAddress> servers) throws SQLException {
        for (ServerAddress server : servers) {
            try (Connection c = caller.connect(server)) {
                accepted(caller);
                return;
            } catch (SQLException e) {
                if (LoginRefusal.is(e)) {
                    throw e;
                }
                log.debug("login not checkable through {}: {}", server, e.toString());
            }
        }
    }

    /** Connects with the proven credentials; forgets them when the server refuses them. */
    @Override
    public Connection connect(ServerAddress server) throws SQLException {
        return connect(server, null);
    }

    @Override
    public ServerConnector withAttributes(Map<String, String> attributes) {
        return server -> connect(server, attributes);
    }

    private Connection connect(ServerAddress server, Map<String, String> attributes) throws SQLException {
        ServerConnector p = proven.get();
        if (p == null) {
            throw new SQLException("No login to the cluster has succeeded since its credentials were last refused",
                    "08001");
        }
        try {
            return (attributes == null ? p : p.withAttributes(attributes)).connect(server);
        } catch (SQLException e) {
            if (LoginRefusal.is(e) && proven.compareAndSet(p, null)) {
                log.warn("server {} refused the credentials the cluster's metadata was read with ({} {}): the next"
                        + " connection's login is checked and used instead", server, e.getErrorCode(), e.getSQLState());
            }
            throw e;
        }
    }
}
