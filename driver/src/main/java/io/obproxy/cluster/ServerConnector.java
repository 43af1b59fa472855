package io.obproxy.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Opens a physical connection to one server, with the credentials and options of its owner (one
 * logical connection, or the proven login of a cluster).
 */
@FunctionalInterface
public interface ServerConnector {
    Connection connect(ServerAddress server) throws SQLException;

    /**
     * @return a connector that also sends these connection attributes (visible in the server's
     * session views); this one when the implementation has no attributes to send
     */
    default ServerConnector withAttributes(Map<String, String> attributes) {
        return this;
    }

    /** @return true when {@code other} logs in with the same user and password as this one */
    default boolean sameLogin(ServerConnector other) {
        return this == other;
    }
}
