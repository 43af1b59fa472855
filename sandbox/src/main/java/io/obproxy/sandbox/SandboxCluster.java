package io.obproxy.sandbox;

import ch.vorburger.exec.ManagedProcessException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local cluster shaped like OceanBase for the driver: N MariaDB nodes, one per zone, each behind
 * a {@link FaultRelay}, holding one replicated database and the OceanBase 4.x routing metadata that
 * describes where each table's tablets are led.
 *
 * <p>Design notes. This class is the facade tests and tools use; the work is done by
 * <ul>
 *   <li>{@link NodeProcesses}: the servers and relays as processes, started and stopped together
 *   (one node's kill, pause, resume and restart are {@link SandboxNode}'s, which then tells this
 *   cluster, and it rewrites the node's metadata and rewires replication);</li>
 *   <li>{@link ReplicationRing}: the running nodes replay each other in a ring, semi-synchronously,
 *   closed around a stopped node and reopened when it is back; a standby replays its primary; DDL
 *   replies wait until every node has applied the DDL;</li>
 *   <li>{@link NodeBootstrap} and {@link Placement}: {@link MetadataModel} is the truth; each change is
 *   written to every running node outside the binlog, so all nodes answer the same
 *   ({@link MetadataSchema} has the views that register new tables automatically). Declared
 *   HASH/RANGE/LIST tables on integer keys get triggers that refuse a row write on a non-leader with
 *   error 4038 (replicated rows do not fire triggers).</li>
 * </ul>
 * Accounts: the tenant user ({@code user@tenant}, all privileges, as a tenant's root) for
 * applications; a sandbox admin from {@code 127.0.0.1} for the sandbox itself and replication;
 * anonymous accounts are removed. Lifetime: {@link #close()}, a JVM shutdown hook and a failed
 * start stop every server ({@link NodeProcesses}). One lock, this cluster's, serialises every
 * change of its metadata and replication.
 */
public final class SandboxCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SandboxCluster.class);

    private final SandboxConfig config;
    private final ReentrantLock lock = new ReentrantLock();
    private final NodeProcesses processes;
    private final MetadataModel model;
    private final Placement placement;
    private final StatementLog statementLog;
    private final ReplicationRing ring;

    private SandboxCluster(SandboxConfig config, NodeProcesses processes) {
        this.config = config;
        this.processes = processes;
        this.model = new MetadataModel(config.tenant(), config.tenantRole());
        this.placement = new Placement(config, model, lock, processes::running, processes::node);
        this.statementLog = new StatementLog(this);
        this.ring = new ReplicationRing(this, processes.admin(), lock);
    }

    /** Starts a cluster with the defaults of {@link SandboxConfig#defaults()}. */
    public static SandboxCluster start() {
        return start(SandboxConfig.defaults());
    }

    /**
     * Starts a cluster: every node installed, started, bootstrapped and replicating, metadata
     * written. On failure, everything started so far is stopped before the exception propagates.
     */
    public static SandboxCluster start(SandboxConfig config) {
        SandboxCluster cluster = new SandboxCluster(config, NodeProcesses.prepare(config));
        try {
            cluster.boot();
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw new IllegalStateException("sandbox: start failed: " + e.getMessage(), e);
        }
    }

    private void boot() throws IOException, ManagedProcessException, SQLException {
        long t0 = System.nanoTime();
        processes.start(this::nodeChanged, node -> Replication.awaitDdlApplied(node, runningNodes()));
        NodeBootstrap.bootstrap(processes.nodes(), config, model);
        ring.rewire();
        log.info("sandbox {} ready: {} nodes in {} ms, tenant user {}", config.clusterName(), config.nodes(),
                (System.nanoTime() - t0) / 1_000_000, config.tenantUser());
    }

    /** A node's process changed: a restarted node gets what lives outside its binlog again; replication is rewired. */
    private void nodeChanged(SandboxNode node, boolean restarted) {
        if (restarted) {
            placement.restore(node, statementLog);
        }
        ring.rewire();
    }

    // ---------------------------------------------------------------- accessors

    /** @return the directory the nodes' data, logs and other files of this cluster live in */
    public Path workDir() {
        return processes.workDir();
    }

    public SandboxConfig config() {
        return config;
    }

    /** @return the nodes, in id order */
    public List<SandboxNode> nodes() {
        return processes.nodes();
    }

    /** @param id 1-based */
    public SandboxNode node(int id) {
        return processes.node(id);
    }

    /** @return the tenant user's login name, {@code user@tenant} */
    public String tenantUser() {
        return config.tenantUser();
    }

    /**
     * @return the sys-tenant user that reads the cluster's metadata, as ODP's {@code proxyro@sys}
     * (SELECT on {@code oceanbase.*}; its password is {@link #password()})
     */
    public String metadataUser() {
        return NodeBootstrap.METADATA_USER;
    }

    /** Opens a plain JDBC connection to one node (through its relay) as {@link #metadataUser()}. */
    public Connection connectAsMetadataUser(SandboxNode node) throws SQLException {
        return node.open(node.port(), NodeBootstrap.METADATA_USER, config.password(), "");
    }

    public String password() {
        return config.password();
    }

    /** @return {@code host:port,host:port,...} of every node as advertised (the relays) */
    public String seeds() {
        return processes.nodes().stream().map(SandboxNode::address).collect(Collectors.joining(","));
    }

    /** @return a complete {@code jdbc:obproxy://} URL with the tenant user's credentials */
    public String jdbcUrl() {
        return "jdbc:obproxy://" + seeds() + "/" + config.database() + "?user=" + config.tenantUser()
                + "&password=" + config.password();
    }

    /** @return a plain Connector/J URL to one node, through its relay, without credentials */
    public String mysqlUrl(SandboxNode node) {
        return "jdbc:mysql://" + node.address() + "/" + config.database();
    }

    /** Opens a plain Connector/J connection to one node as the tenant user, through its relay. */
    public Connection connect(SandboxNode node) throws SQLException {
        return node.open(node.port(), config.tenantUser(), config.password(), config.database());
    }

    public StatementLog statementLog() {
        return statementLog;
    }

    // ---------------------------------------------------------------- metadata (see Placement)

    /**
     * Declares a table's partitioning and placement in the metadata of every node, and installs the
     * triggers that refuse stale writes where the keys allow it. The table must exist (it is waited
     * for on every running node for up to 10 s); declaring again replaces the earlier layout.
     */
    public void declare(TableLayout layout) {
        placement.declare(layout);
    }

    /** Moves the leader of a non-partitioned (or not yet declared) table to {@code node}. */
    public void moveLeader(String database, String table, int node) {
        placement.moveLeader(database, table, 0, -1, node);
    }

    /** Moves the leader of partition {@code part} of a one-level table to {@code node}. */
    public void moveLeader(String database, String table, int part, int node) {
        placement.moveLeader(database, table, part, -1, node);
    }

    /**
     * Moves the leader of one tablet. {@code sub} is -1 for tables without sub-partitions. A table
     * nobody declared is first declared as one tablet, led where it was.
     */
    public void moveLeader(String database, String table, int part, int sub, int node) {
        placement.moveLeader(database, table, part, sub, node);
    }

    /**
     * Elects new leaders for every declared tablet that {@code node} leads, spread round robin over
     * the running nodes, as OceanBase re-elects after losing a server.
     *
     * @return how many tablets moved
     */
    public int electLeadersAwayFrom(int node) {
        return placement.electLeadersAwayFrom(node);
    }

    /** @return the node leading one tablet ({@code sub} -1 without sub-partitions), as the metadata says */
    public int leaderOf(String database, String table, int part, int sub) {
        return placement.leaderOf(database, table, part, sub);
    }

    /** Marks a server INACTIVE in DBA_OB_SERVERS (it also leaves GV$OB_SERVERS). */
    public void markInactive(int node) {
        placement.setStatus(node, "INACTIVE");
    }

    /** Marks a server ACTIVE again. */
    public void markActive(int node) {
        placement.setStatus(node, "ACTIVE");
    }

    /**
     * Marks a node's zone as running a major compaction (DBA_OB_ZONE_MAJOR_COMPACTION status
     * COMPACTING) or idle again; nothing else changes (the sandbox does not compact).
     */
    public void setCompacting(int node, boolean compacting) {
        placement.setCompacting(node, compacting);
    }

    // ---------------------------------------------------------------- primary and standby clusters

    /** @return PRIMARY or STANDBY: the user tenant's role here, as DBA_OB_TENANTS shows it */
    public String tenantRole() {
        return placement.tenantRole();
    }

    /**
     * Makes this (standby) cluster replay {@code primary}, as a standby tenant replays its primary's
     * log: each node replays a running node of the primary instead of its own ring. The clusters must
     * have different cluster ids.
     */
    public void replicateFrom(SandboxCluster primary) {
        if (primary.config.clusterId() == config.clusterId()) {
            throw new IllegalArgumentException("replicateFrom: both clusters have cluster id " + config.clusterId());
        }
        ring.replicateFrom(primary.ring);
    }

    /** Waits until every running node of {@code standby} has applied what this cluster's nodes had logged. */
    public void awaitReplicatedTo(SandboxCluster standby, Duration timeout) {
        try {
            ring.awaitAppliedBy(standby.ring, timeout);
        } catch (SQLException e) {
            throw new IllegalStateException("replication wait failed: " + e.getMessage(), e);
        }
    }

    /**
     * Switches roles with {@code standby}, as OceanBase's switchover does: this cluster's tenant
     * becomes read-only (STANDBY), the standby applies everything this one wrote, stops replaying it,
     * and, {@code withoutPrimary} later (a real switchover leaves the tenant without a primary for
     * seconds), becomes PRIMARY; this cluster replays the new primary from then on. Each cluster's
     * DBA_OB_TENANTS shows its new role.
     */
    public void switchoverTo(SandboxCluster standby, Duration withoutPrimary) {
        ring.switchoverTo(standby.ring, withoutPrimary);
    }

    /** Gives the tenant {@code role} (PRIMARY or STANDBY): metadata, and read_only on every running node. */
    void setRole(String role) {
        try {
            placement.setRole(role);
        } catch (SQLException e) {
            throw new IllegalStateException(this + ": role change to " + role + " failed: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- replication (see ReplicationRing)

    /**
     * Waits until every running node has applied every other running node's binlog as it stood
     * when this was called.
     *
     * @throws IllegalStateException when that takes longer than {@code timeout}
     */
    public void awaitReplication(Duration timeout) {
        ring.await(timeout);
    }

    List<SandboxNode> runningNodes() {
        return processes.running();
    }

    // ---------------------------------------------------------------- lifetime

    /**
     * Stops every node and relay and deletes a temporary work directory. Idempotent; a second caller
     * (the shutdown hook racing the application) waits until the first has finished.
     */
    @Override
    public void close() {
        processes.close();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "SandboxCluster{" + config.clusterName() + ", nodes=" + processes + "}";
    }
}
