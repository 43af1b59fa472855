package io.obproxy.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/** Opens a physical connection to one server, with whatever credentials and options its owner holds. */
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
}
