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
        connect(nodes, nodes, "node", admin);
    }

    /**
     * Makes each replica replay each source (itself excepted), through connections named
     * {@code prefix + source id}, logged in with the sources' admin credentials.
     */
    static void connect(List<SandboxNode> replicas, List<SandboxNode> sources, String prefix, Credentials admin)
            throws SQLException {
        for (SandboxNode node : replicas) {
            try (Connection c = node.adminConnection(); Statement st = c.createStatement()) {
                for (SandboxNode peer : sources) {
                    if (peer == node) {
                        continue;
                    }
                    st.execute("CHANGE MASTER '" + prefix + peer.id() + "' TO MASTER_HOST='127.0.0.1', MASTER_PORT="
                            + peer.serverPort() + ", MASTER_USER='" + admin.user() + "', MASTER_PASSWORD='"
                            + admin.password() + "', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1");
                    st.execute("START SLAVE '" + prefix + peer.id() + "'");
                }
            }
        }
    }

    /** Stops and forgets, on each replica, the replication connections whose names start with {@code prefix}. */
    static void disconnect(List<SandboxNode> replicas, String prefix) throws SQLException {
        for (SandboxNode node : replicas) {
            try (Connection c = node.adminConnection(); Statement st = c.createStatement()) {
                java.util.List<String> names = new java.util.ArrayList<>();
                try (ResultSet rs = st.executeQuery("SHOW ALL SLAVES STATUS")) {
                    while (rs.next()) {
                        if (rs.getString("Connection_name").startsWith(prefix)) {
                            names.add(rs.getString("Connection_name"));
                        }
                    }
                }
                for (String name : names) {
                    st.execute("STOP SLAVE '" + name + "'");
                    st.execute("RESET SLAVE '" + name + "' ALL");
                }
            }
        }
    }

    /** Waits until every replica has applied what every source had logged when this was called. */
    static void awaitApplied(List<SandboxNode> sources, List<SandboxNode> replicas, Duration timeout)
            throws SQLException {
        waitFor(positions(sources), replicas, timeout);
    }

    /** Waits until each node has applied what every other node had logged when this was called. */
    static void await(List<SandboxNode> nodes, Duration timeout) throws SQLException {
        waitFor(positions(nodes), nodes, timeout);
    }

    private static Map<SandboxNode, String> positions(List<SandboxNode> nodes) throws SQLException {
        Map<SandboxNode, String> positions = new LinkedHashMap<>();
        for (SandboxNode node : nodes) {
            try (Connection c = node.adminConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT @@gtid_binlog_pos")) {
                rs.next();
                positions.put(node, rs.getString(1));
            }
        }
        return positions;
    }

    private static void waitFor(Map<SandboxNode, String> positions, List<SandboxNode> replicas, Duration timeout)
            throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (SandboxNode replica : replicas) {
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
