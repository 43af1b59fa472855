package io.obproxy.sandbox;

import io.obproxy.sandbox.SandboxNode.Credentials;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multi-source replication between the nodes: on every node, one named connection
 * ({@code CHANGE MASTER 'node<j>'}) per peer, by GTID, retrying every second while a peer is down.
 */
final class Replication {
    private Replication() {
    }

    static void connectAll(List<SandboxNode> nodes, Credentials admin) throws SQLException {
        for (SandboxNode node : nodes) {
            try (Connection c = node.adminConnection(); Statement st = c.createStatement()) {
                for (SandboxNode peer : nodes) {
                    if (peer == node) {
                        continue;
                    }
                    st.execute("CHANGE MASTER 'node" + peer.id() + "' TO MASTER_HOST='127.0.0.1', MASTER_PORT="
                            + peer.serverPort() + ", MASTER_USER='" + admin.user() + "', MASTER_PASSWORD='"
                            + admin.password() + "', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1");
                }
                st.execute("START ALL SLAVES");
            }
        }
    }

    /** Waits until each node has applied what every other node had logged when this was called. */
    static void await(List<SandboxNode> nodes, Duration timeout) throws SQLException {
        Map<SandboxNode, String> positions = new LinkedHashMap<>();
        for (SandboxNode node : nodes) {
            try (Connection c = node.adminConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT @@gtid_binlog_pos")) {
                rs.next();
                positions.put(node, rs.getString(1));
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (SandboxNode replica : nodes) {
            try (Connection c = replica.adminConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT MASTER_GTID_WAIT(?, ?)")) {
                for (Map.Entry<SandboxNode, String> source : positions.entrySet()) {
                    if (source.getKey() == replica || source.getValue().isEmpty()) {
                        continue;
                    }
                    double left = Math.max(0.001, (deadline - System.nanoTime()) / 1e9);
                    ps.setString(1, source.getValue());
                    ps.setDouble(2, left);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getInt(1) != 0) {
                            throw new IllegalStateException(replica + " has not applied " + source.getKey()
                                    + "'s binlog up to " + source.getValue() + " within " + timeout);
                        }
                    }
                }
            }
        }
    }
}
