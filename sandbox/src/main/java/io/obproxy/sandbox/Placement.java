package io.obproxy.sandbox;

import io.obproxy.sandbox.MetadataModel.DeclaredTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the sandbox's data lives, as OceanBase's metadata shows it, and how tests change it: table
 * layouts declared (partitions, leaders, and the triggers that refuse a write on a non-leader with
 * 4038), leaders moved or elected away from a node, servers marked inactive or compacting, the
 * tenant's role (with the nodes' read_only). Each change goes to the {@link MetadataModel} first,
 * then to every running node's metadata tables, under the cluster's lock; a node restarted on its
 * data directory gets the whole model again ({@link #restore}).
 *
 * <p>Design note: the model is the truth and each node holds a copy outside its binlog (replicated
 * rows would not fire the triggers, and a stopped node would miss changes); a new cluster's first
 * copy is {@link NodeBootstrap}'s.
 */
final class Placement {
    private static final Logger log = LoggerFactory.getLogger(Placement.class);
    /** How long a table declared right after its CREATE may take to reach every node. */
    private static final Duration DECLARE_WAIT = Duration.ofSeconds(10);

    private final SandboxConfig config;
    private final MetadataModel model;
    private final ReentrantLock lock;
    private final Supplier<List<SandboxNode>> running;
    private final IntConsumer checkNode;

    /**
     * @param lock      the cluster's lock, held by every change
     * @param running   the nodes running now
     * @param checkNode fails for a node number the cluster does not have
     */
    Placement(SandboxConfig config, MetadataModel model, ReentrantLock lock, Supplier<List<SandboxNode>> running,
              IntConsumer checkNode) {
        this.config = config;
        this.model = model;
        this.lock = lock;
        this.running = running;
        this.checkNode = checkNode;
    }

    /**
     * Declares a table's partitioning and placement in the metadata of every node, and installs the
     * triggers that refuse stale writes where the keys allow it. The table must exist (it is waited
     * for on every running node for up to 10 s); declaring again replaces the earlier layout.
     */
    void declare(TableLayout layout) {
        lock.lock();
        try {
            awaitTable(layout.database(), layout.table());
            DeclaredTable declared;
            try (Connection c = anyRunningNode().adminConnection()) {
                List<KeyColumn> keys = layout.partitioning() == null ? List.of()
                        : KeyColumn.resolve(c, layout.database(), layout.table(), layout.partitioning().columns(),
                                config.columnTypes());
                List<List<KeyColumn>> subKeys = new ArrayList<>();
                for (int p = 0; layout.partitioning() != null && layout.subpartitioning(p) != null
                        && p < layout.partitioning().count(); p++) {
                    subKeys.add(KeyColumn.resolve(c, layout.database(), layout.table(),
                            layout.subpartitioning(p).columns(), config.columnTypes()));
                }
                declared = model.declare(layout, keys, subKeys);
            }
            syncMetadata();
            for (SandboxNode node : running.get()) {
                try (Connection c = node.adminConnection(); Statement st = c.createStatement()) {
                    st.execute("SET SESSION sql_log_bin = 0");
                    for (String sql : MetadataModel.triggerStatements(declared)) {
                        st.execute(sql);
                    }
                }
            }
            log.info("declared {}", layout);
        } catch (SQLException e) {
            throw new IllegalStateException("declare " + layout + " failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves the leader of one tablet. {@code sub} is -1 for tables without sub-partitions. A table
     * nobody declared is first declared as one tablet, led where it was.
     */
    void moveLeader(String database, String table, int part, int sub, int node) {
        String db = database.toLowerCase(Locale.ROOT);
        String t = table.toLowerCase(Locale.ROOT);
        lock.lock();
        try {
            if (model.table(db, t) == null) {
                declare(TableLayout.nonPartitioned(db, t).leaders(model.autoLeader(db, t)));
            }
            long tablet = model.moveLeader(db, t, part, sub, node);
            for (SandboxNode running : running.get()) {
                try (Connection c = running.adminConnection()) {
                    MetadataModel.writeLeader(c, tablet, node);
                } catch (SQLException e) {
                    throw new IllegalStateException(running + ": leader write failed: " + e.getMessage(), e);
                }
            }
            log.info("leader of {}.{} partition {}{} moved to node {}", db, t, part, sub < 0 ? "" : "/" + sub, node);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Elects new leaders for every declared tablet that {@code node} leads, spread round robin over
     * the running nodes, as OceanBase re-elects after losing a server; the metadata of every running
     * node shows them at once (OceanBase takes a few seconds).
     *
     * @return how many tablets moved
     */
    int electLeadersAwayFrom(int node) {
        checkNode.accept(node);
        lock.lock();
        try {
            List<Integer> survivors = running.get().stream().map(SandboxNode::id).filter(id -> id != node)
                    .collect(Collectors.toList());
            if (survivors.isEmpty()) {
                throw new IllegalStateException("no running node to lead instead of node " + node);
            }
            int moved = 0;
            for (DeclaredTable table : model.declaredTables()) {
                for (MetadataModel.Tablet tablet : table.tablets()) {
                    if (tablet.leader == node) {
                        moveLeader(table.layout().database(), table.layout().table(), tablet.part, tablet.sub,
                                survivors.get(moved++ % survivors.size()));
                    }
                }
            }
            return moved;
        } finally {
            lock.unlock();
        }
    }

    /** @return the node leading one tablet ({@code sub} -1 without sub-partitions), as the metadata says */
    int leaderOf(String database, String table, int part, int sub) {
        String db = database.toLowerCase(Locale.ROOT);
        String t = table.toLowerCase(Locale.ROOT);
        lock.lock();
        try {
            DeclaredTable declared = model.table(db, t);
            if (declared == null) {
                return model.autoLeader(db, t);
            }
            for (MetadataModel.Tablet tablet : declared.tablets()) {
                if (tablet.part == part && tablet.sub == sub) {
                    return tablet.leader;
                }
            }
            throw new IllegalArgumentException(db + "." + t + " has no tablet " + part + "/" + sub);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Marks a node's zone as running a major compaction (DBA_OB_ZONE_MAJOR_COMPACTION status
     * COMPACTING) or idle again; nothing else changes (the sandbox does not compact).
     */
    void setCompacting(int node, boolean compacting) {
        changeServer(node, () -> model.setCompacting(node, compacting));
    }

    void setStatus(int node, String status) {
        changeServer(node, () -> model.setStatus(node, status));
    }

    /** Applies a change of one server's row to the model and writes the model to every running node. */
    private void changeServer(int node, Runnable change) {
        checkNode.accept(node);
        lock.lock();
        try {
            change.run();
            syncMetadata();
        } finally {
            lock.unlock();
        }
    }

    /** @return PRIMARY or STANDBY: the user tenant's role, as DBA_OB_TENANTS shows it */
    String tenantRole() {
        lock.lock();
        try {
            return model.tenantRole();
        } finally {
            lock.unlock();
        }
    }

    /** Gives the tenant {@code role} (PRIMARY or STANDBY) in the metadata and in every running node's read_only. */
    void setRole(String role) throws SQLException {
        lock.lock();
        try {
            model.setTenantRole(role);
            syncMetadata();
            for (SandboxNode node : running.get()) {
                try (Connection c = node.adminConnection(); Statement st = c.createStatement()) {
                    applyRole(st, model);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** A standby's nodes refuse the tenant user's writes (read_only; replication still applies). */
    static void applyRole(Statement st, MetadataModel model) throws SQLException {
        st.execute("SET GLOBAL read_only = " + ("STANDBY".equals(model.tenantRole()) ? "ON" : "OFF"));
    }

    /**
     * Writes again what a node restarted on its data directory lost or missed, as none of it is in
     * the binlogs: the metadata rows, the triggers of declared tables, the statement log's switch,
     * the role's read_only.
     */
    void restore(SandboxNode node, StatementLog statementLog) {
        lock.lock();
        try (Connection c = node.adminConnection(); Statement st = c.createStatement()) {
            model.writeTo(c);
            st.execute("SET SESSION sql_log_bin = 0");
            for (DeclaredTable table : model.declaredTables()) {
                for (String sql : MetadataModel.triggerStatements(table)) {
                    st.execute(sql);
                }
            }
            statementLog.applyTo(st);
            applyRole(st, model);
        } catch (SQLException e) {
            throw new IllegalStateException(node + ": metadata resync after restart failed", e);
        } finally {
            lock.unlock();
        }
    }

    /** Writes the model to every running node. */
    void syncMetadata() {
        for (SandboxNode node : running.get()) {
            try (Connection c = node.adminConnection()) {
                model.writeTo(c);
            } catch (SQLException e) {
                throw new IllegalStateException(node + ": metadata write failed: " + e.getMessage(), e);
            }
        }
    }

    private void awaitTable(String database, String table) throws SQLException {
        long deadline = System.nanoTime() + DECLARE_WAIT.toNanos();
        for (SandboxNode node : running.get()) {
            while (!tableExists(node, database, table)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalArgumentException(database + "." + table + " does not exist on " + node);
                }
                SandboxCluster.sleep(20);
            }
        }
    }

    private static boolean tableExists(SandboxNode node, String database, String table) throws SQLException {
        try (Connection c = node.adminConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                     + database + "' AND TABLE_NAME = '" + table + "'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    private SandboxNode anyRunningNode() {
        return running.get().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no node is running"));
    }
}
