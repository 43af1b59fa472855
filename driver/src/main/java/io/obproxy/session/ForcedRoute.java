package io.obproxy.session;

import io.obproxy.cluster.Deployment;
import io.obproxy.cluster.ServerAddress;
import io.obproxy.route.NoRouteException;
import java.sql.SQLException;

/**
 * The session's {@code SET @obproxy_route_addr}: a server every statement goes to until cleared.
 * It may name only a server of the deployment's server list (compared by resolved address and
 * port, see {@link Deployment#listedServer}), checked when set and again at each use, so that no
 * client input makes the driver contact a host outside the cluster.
 */
final class ForcedRoute {
    /** MySQL's "Variable 'x' can't be set to the value of 'y'". */
    private static final int ER_WRONG_VALUE_FOR_VAR = 1231;

    private final Deployment deployment;
    private ServerAddress server;

    ForcedRoute(Deployment deployment) {
        this.deployment = deployment;
    }

    /** Sets the route from the variable's value: {@code ip:port}, or {@code ''} / {@code 0} to clear it. */
    void set(String address) throws SQLException {
        if (address.isEmpty() || address.equals("0")) {
            server = null;
            return;
        }
        ServerAddress parsed = ServerAddress.parse(address);
        if (parsed == null) {
            throw new SQLException("Invalid @obproxy_route_addr '" + address + "': expected 'ip:port', '' or 0",
                    "HY000", ER_WRONG_VALUE_FOR_VAR);
        }
        ServerAddress listed = deployment.listedServer(parsed);
        if (listed == null) {
            throw new SQLException("@obproxy_route_addr '" + address + "' is not a server of the cluster: a forced route"
                    + " may name only a server its metadata lists (SHOW PROXYROUTE, SHOW PROCESSLIST name them)", "HY000",
                    ER_WRONG_VALUE_FOR_VAR);
        }
        server = listed;
    }

    /** @return true while a route is forced */
    boolean isSet() {
        return server != null;
    }

    /**
     * @return the forced server, null when none
     * @throws NoRouteException when it has left the cluster's server list since it was set
     */
    ServerAddress server() throws NoRouteException {
        if (server != null && !deployment.lists(server)) {
            throw new NoRouteException("@obproxy_route_addr " + server + " is no longer a server of the cluster;"
                    + " set another, or '' to route freely");
        }
        return server;
    }

    void clear() {
        server = null;
    }
}
