package io.obproxy.cluster;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The clusters one driver instance talks to: one {@link Cluster} per {@link ClusterKey}, created on
 * first use, shared, and dropped when the last connection releases it. Owns the one daemon thread
 * that refreshes server lists; the thread exists only while some cluster is in use.
 *
 * <p>Each driver instance has its own registry (no static state): tests create a driver and close
 * its registry to start clean.
 */
public final class ClusterRegistry implements AutoCloseable {
    private final Map<ClusterKey, Cluster> clusters = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private ScheduledThreadPoolExecutor scheduler;

    /**
     * @param refreshSeconds period of the background server list refresh
     * @return the shared cluster, its server list loaded; release it with {@link #release}
     * @throws SQLException when the cluster is new and none of its seeds answers
     */
    public Cluster acquire(ClusterKey key, ServerConnector connector, boolean discover, int refreshSeconds)
            throws SQLException {
        Cluster cluster;
        lock.lock();
        try {
            cluster = clusters.computeIfAbsent(key, k -> new Cluster(k, connector, discover));
            if (cluster.retain() == 1) {
                cluster.refreshTask(scheduler().scheduleWithFixedDelay(cluster::refreshQuietly, refreshSeconds,
                        refreshSeconds, TimeUnit.SECONDS));
            }
        } finally {
            lock.unlock();
        }
        try {
            cluster.ensureLoaded();
            return cluster;
        } catch (SQLException | RuntimeException e) {
            release(cluster);
            throw e;
        }
    }

    /** Gives back one reference; the last one stops the cluster's background work. */
    public void release(Cluster cluster) {
        lock.lock();
        try {
            if (cluster.releaseReference() == 0) {
                cluster.refreshTask().cancel(false);
                clusters.remove(cluster.key(), cluster);
                if (clusters.isEmpty() && scheduler != null) {
                    scheduler.shutdown();
                    scheduler = null;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return clusters in use right now */
    public int size() {
        lock.lock();
        try {
            return clusters.size();
        } finally {
            lock.unlock();
        }
    }

    private ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            scheduler = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "obproxy-cluster-refresh");
                t.setDaemon(true);
                return t;
            });
            scheduler.setRemoveOnCancelPolicy(true);
        }
        return scheduler;
    }

    /** Stops background work and forgets every cluster (connections still open keep working). */
    @Override
    public void close() {
        lock.lock();
        try {
            clusters.clear();
            if (scheduler != null) {
                scheduler.shutdownNow();
                scheduler = null;
            }
        } finally {
            lock.unlock();
        }
    }
}
