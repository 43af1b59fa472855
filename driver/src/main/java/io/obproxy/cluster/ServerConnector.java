package io.obproxy.cluster;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a physical connection to one server, with whatever credentials and options its owner holds. */
@FunctionalInterface
public interface ServerConnector {
    Connection connect(ServerAddress server) throws SQLException;
}
