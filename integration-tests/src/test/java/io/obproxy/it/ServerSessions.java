package io.obproxy.it;

import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Counts server sessions over every node of a sandbox cluster by a connection attribute the driver
 * sets on its physical connections ({@code obproxy_conn}: the logical connection id,
 * {@code obproxy_instance}: the driver instance), as the servers' own session views show them.
 */
final class ServerSessions {
    private ServerSessions() {
    }

    static int withAttribute(SandboxCluster cluster, String name, String value) throws SQLException {
        int n = 0;
        for (SandboxNode node : cluster.nodes()) {
            try (Connection c = cluster.connect(node);
                 PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM performance_schema.session_connect_attrs"
                         + " WHERE ATTR_NAME = ? AND ATTR_VALUE = ?")) {
                ps.setString(1, name);
                ps.setString(2, value);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    n += rs.getInt(1);
                }
            }
        }
        return n;
    }
}
