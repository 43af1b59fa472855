package io.obproxy.sandbox;

import io.obproxy.sandbox.SandboxNode.Credentials;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who replays whom in one cluster, kept right as nodes stop and come back, and the waits for
 * replication to catch up.
 *
 * <p>Design note. The running nodes form a ring, each replaying the one before it (row-based, GTID
 * domain = node id, between the servers' own ports) and logging what it applies, so every write
 * goes round: a write on any node reaches the others milliseconds later; DDL too. It is
 * semi-synchronous: a commit returns once the next node has it, so an acknowledged write is on two
 * nodes and survives the loss of one, as on a Paxos majority of three. When a node is killed or
 * paused the ring closes around it, when it comes back it takes its place again ({@link #rewire});
 * one source per node, because MariaDB's semi-synchronous replica cannot serve two
 * ({@link Replication}, which also does the pointing and the waiting). A standby cluster's nodes
 * each replay a running node of the primary instead of their own ring. Each relay holds the reply
 * to a DDL statement until the other running nodes have applied it
 * ({@link Replication#awaitDdlApplied}), as OceanBase's DDL is visible cluster-wide when it returns.
 */
final class ReplicationRing {
    private static final Logger log = LoggerFactory.getLogger(ReplicationRing.class);

    private final SandboxCluster cluster;
    private final Credentials admin;
    private final ReentrantLock lock;
    /** The ring of the cluster this one replays as a standby, or null. */
    private volatile ReplicationRing primary;
    /** The rings of the standby clusters replaying this one. */
    private final List<ReplicationRing> standbys = new CopyOnWriteArrayList<>();

    /**
     * @param cluster the cluster whose running nodes replicate (named in messages)
     * @param admin   the account its nodes' replicas log in to them as
     * @param lock    the cluster's lock
     */
    ReplicationRing(SandboxCluster cluster, Credentials admin, ReentrantLock lock) {
        this.cluster = cluster;
        this.admin = admin;
        this.lock = lock;
    }

    /** Makes this cluster's nodes replay {@code primary}'s instead of each other. */
    void replicateFrom(ReplicationRing primary) {
        this.primary = primary;
        primary.standbys.add(this);
        rewire();
    }

    /** Makes this cluster replay no other: its nodes form their own ring again. */
    void stopReplicating() {
        ReplicationRing from = primary;
        if (from != null) {
            from.standbys.remove(this);
            primary = null;
            rewire();
        }
    }

    /**
     * Points every running node at its source ({@link Replication#pointAt}): in a standby, a running
     * node of the primary; otherwise the running node before it in the ring. Then the standbys of
     * this cluster, whose sources may have changed too.
     */
    void rewire() {
        long t0 = System.nanoTime();
        lock.lock();
        try {
            ReplicationRing from = primary;
            List<SandboxNode> running = cluster.runningNodes();
            List<SandboxNode> sources = from == null ? List.of() : from.cluster.runningNodes();
            for (SandboxNode node : running) {
                SandboxNode source = from == null ? Replication.ringSource(node, running)
                        : sources.isEmpty() ? null : sources.get((node.id() - 1) % sources.size());
                Replication.pointAt(node, source, from == null ? admin : from.admin);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(cluster + ": replication rewiring failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
        log.info("{}: replication rewired in {} ms", cluster.config().clusterName(), (System.nanoTime() - t0) / 1_000_000);
        for (ReplicationRing standby : standbys) {
            standby.rewire();
        }
    }

    /**
     * Waits until every running node has applied every other running node's binlog as it stood
     * when this was called.
     *
     * @throws IllegalStateException when that takes longer than {@code timeout}
     */
    void await(Duration timeout) {
        try {
            Replication.await(cluster.runningNodes(), timeout);
        } catch (SQLException e) {
            throw new IllegalStateException("replication wait failed: " + e.getMessage(), e);
        }
    }

    /** Waits until every running node of {@code standby} has applied what this cluster's nodes had logged. */
    void awaitAppliedBy(ReplicationRing standby, Duration timeout) throws SQLException {
        Replication.awaitApplied(cluster.runningNodes(), standby.cluster.runningNodes(), timeout);
    }

    /**
     * Switches roles with {@code standby}, as OceanBase's switchover does (see
     * {@link SandboxCluster#switchoverTo}): this tenant STANDBY, the standby caught up and cut loose,
     * {@code withoutPrimary} later PRIMARY, and this cluster replaying it.
     */
    void switchoverTo(ReplicationRing standby, Duration withoutPrimary) {
        SandboxCluster other = standby.cluster;
        if (!"PRIMARY".equals(cluster.tenantRole()) || !"STANDBY".equals(other.tenantRole())) {
            throw new IllegalStateException("switchoverTo: " + cluster + " is " + cluster.tenantRole() + " and " + other
                    + " is " + other.tenantRole() + " (expected PRIMARY to STANDBY)");
        }
        cluster.setRole("STANDBY");
        try {
            awaitAppliedBy(standby, Duration.ofSeconds(30));
            standby.stopReplicating();
            Thread.sleep(withoutPrimary.toMillis());
        } catch (SQLException e) {
            throw new IllegalStateException("switchover to " + other + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("switchover to " + other + " interrupted", e);
        }
        other.setRole("PRIMARY");
        cluster.replicateFrom(other);
        log.info("switchover: {} is PRIMARY, {} is STANDBY", other.config().clusterName(), cluster.config().clusterName());
    }
}
