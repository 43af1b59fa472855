package io.obproxy.sandbox;

import io.obproxy.sandbox.SandboxNode.Credentials;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replication between the nodes: each node replays exactly one source, by GTID, over one
 * connection named {@value #CONNECTION}.
 *
 * <p>Why one source. MariaDB keeps one semi-synchronous replica state per server, shared by all
 * of its replication connections: a server replaying two semi-synchronous sources misreads their
 * packets ("Missing magic number for semi-sync packet", checksum failures), drops the connections
 * and reconnects a second later, while its sources wait {@code rpl_semi_sync_master_timeout} for
 * an acknowledgment and then commit without one. Measured on this machine with three nodes each
 * replaying both others, 16 writers, 15 s: a 1 s stall every few seconds and 40% of the commits
 * acknowledged to the client before any other node had them; with one source per node, no stall
 * and every commit acknowledged by a replica.
 *
 * <p>Who replays whom is the cluster's decision ({@link #ringSource}); this class points a node at
 * its source and waits for replicas to catch up.
 */
final class Replication {
    private static final Logger log = LoggerFactory.getLogger(Replication.class);
    /** The name of each node's one replication connection. */
    static final String CONNECTION = "source";
    /** MariaDB's error when a replica asks a source for a GTID the source's binlog does not have yet. */
    private static final int GTID_NOT_IN_SOURCE_BINLOG = 1236;
    private static final Duration START_WAIT = Duration.ofSeconds(10);
    /** Longest a DDL's reply is held for the other nodes to apply it (a node whose replication stopped). */
    private static final Duration DDL_WAIT = Duration.ofSeconds(5);

    private Replication() {
    }

    /**
     * @param running the running nodes of a cluster, in node order
     * @return the node {@code node} replays in the ring of running nodes: the one before it (the
     * last for the first), or null when it runs alone
     */
    static SandboxNode ringSource(SandboxNode node, List<SandboxNode> running) {
        int at = running.indexOf(node);
        if (at < 0 || running.size() < 2) {
            return null;
        }
        return running.get((at + running.size() - 1) % running.size());
    }

    /**
     * Makes {@code node} replay {@code source} (logged in with {@code sourceAdmin}), from where its
     * GTID position stands, or nothing when {@code source} is null; does nothing when it already
     * replays it. A source that does not have the node's position yet (it is catching up itself, as
     * a node that just took over a dead one's place in the ring) is asked again until it has.
     */
    static void pointAt(SandboxNode node, SandboxNode source, Credentials sourceAdmin) throws SQLException {
        try (Connection c = node.adminConnection(); Statement st = c.createStatement()) {
            Integer current = sourcePort(st);
            if (source == null) {
                if (current != null) {
                    st.execute("STOP SLAVE '" + CONNECTION + "'");
                    st.execute("RESET SLAVE '" + CONNECTION + "' ALL");
                }
                return;
            }
            if (current != null && current == source.serverPort()) {
                return;
            }
            if (current != null) {
                drainRelayLog(node, st);
                st.execute("STOP SLAVE '" + CONNECTION + "'");
            }
            st.execute("CHANGE MASTER '" + CONNECTION + "' TO MASTER_HOST='127.0.0.1', MASTER_PORT=" + source.serverPort()
                    + ", MASTER_USER='" + sourceAdmin.user() + "', MASTER_PASSWORD='" + sourceAdmin.password()
                    + "', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1");
            st.execute("START SLAVE '" + CONNECTION + "'");
            awaitStarted(node, st);
        }
    }

    /**
     * Stops reading from the old source and waits until everything already read is applied:
     * CHANGE MASTER deletes the relay log, and what it still holds may be a dead source's
     * acknowledged writes that no other node has (a semi-synchronous acknowledgment means "in the
     * replica's relay log", not "applied").
     */
    private static void drainRelayLog(SandboxNode node, Statement st) throws SQLException {
        st.execute("STOP SLAVE '" + CONNECTION + "' IO_THREAD");
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (true) {
            try (ResultSet rs = st.executeQuery("SHOW SLAVE '" + CONNECTION + "' STATUS")) {
                rs.next();
                boolean applied = rs.getString("Master_Log_File").equals(rs.getString("Relay_Master_Log_File"))
                        && rs.getLong("Read_Master_Log_Pos") == rs.getLong("Exec_Master_Log_Pos");
                if (applied || !"Yes".equals(rs.getString("Slave_SQL_Running"))) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(node + ": its relay log was not applied within " + START_WAIT);
                }
            }
            SandboxCluster.sleep(2);
        }
    }

    /** @return the port of the source the node's connection points at, or null when it has none */
    private static Integer sourcePort(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SHOW ALL SLAVES STATUS")) {
            while (rs.next()) {
                if (CONNECTION.equals(rs.getString("Connection_name"))) {
                    return rs.getInt("Master_Port");
                }
            }
        }
        return null;
    }

    /**
     * Waits until the connection reads from its source, starting it again after the source said it
     * does not have the node's position yet.
     */
    private static void awaitStarted(SandboxNode node, Statement st) throws SQLException {
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (true) {
            try (ResultSet rs = st.executeQuery("SHOW SLAVE '" + CONNECTION + "' STATUS")) {
                rs.next();
                String io = rs.getString("Slave_IO_Running");
                int error = rs.getInt("Last_IO_Errno");
                if ("Yes".equals(io)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(node + ": replication from its source did not start within "
                            + START_WAIT + " (" + io + ", error " + error + ": " + rs.getString("Last_IO_Error") + ")");
                }
                if ("No".equals(io) && error == GTID_NOT_IN_SOURCE_BINLOG) {
                    SandboxCluster.sleep(20);
                    st.execute("START SLAVE '" + CONNECTION + "'");
                    continue;
                }
            }
            SandboxCluster.sleep(5);
        }
    }

    /**
     * Returns once every other node of {@code running} has applied what {@code node} had logged:
     * called by its relay before the reply to a DDL statement goes back, so that DDL is visible on
     * every node when it returns, as on OceanBase. Gives up after {@link #DDL_WAIT} with a WARN.
     */
    static void awaitDdlApplied(SandboxNode node, List<SandboxNode> running) {
        List<SandboxNode> others = new ArrayList<>(running);
        others.remove(node);
        try {
            awaitApplied(List.of(node), others, DDL_WAIT);
        } catch (SQLException | RuntimeException e) {
            log.warn("{}: a DDL statement's reply goes back before every node applied it: {}", node, e.getMessage());
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
