package io.obproxy.cluster;

import io.obproxy.metrics.DriverMetrics;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The clusters one driver instance talks to: one {@link Cluster} per {@link ClusterKey}, created on
 * first use and shared. When the last connection releases a cluster its background refresh stops
 * and it is kept idle (at most {@value #MAX_IDLE}, the longest idle dropped first), so that the
 * next connection finds its server list without a metadata query while the list is younger than
 * a refresh period. A cluster whose first login failed (a wrong password, an unknown user) never
 * loaded a list: it is dropped at once, so that failed logins neither take idle places from other
 * users' clusters nor leave anything a later login would find. Owns the one daemon thread that refreshes server lists and times probes, and
 * the bounded pool that probes servers (see {@link ServerHealth}); both exist only while some
 * cluster is in use.
 *
 * <p>Each driver instance has its own registry (no static state): tests create a driver and close
 * its registry to start clean.
 */
public final class ClusterRegistry implements AutoCloseable {
    static final int MAX_IDLE = 64;

    private final Map<ClusterKey, Cluster> clusters = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    static final int PROBE_THREADS = 2;
    static final int PROBE_QUEUE = 64;

    private ScheduledThreadPoolExecutor scheduler;
    private ThreadPoolExecutor probes;
    private final DriverMetrics metrics;

    /** @param metrics told of each cluster created and closed */
    public ClusterRegistry(DriverMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * @param connector the connecting caller's own login (see {@link Cluster} on credentials)
     * @param settings  how the cluster's state is kept, if it is new
     * @return the shared cluster, its server list loaded; release it with {@link #release}
     * @throws SQLException when a server refused the caller's login (the server's error), or the
     * cluster is new and none of its seeds answers
     */
    public Cluster acquire(ClusterKey key, ServerConnector connector, ClusterSettings settings) throws SQLException {
        int refreshSeconds = settings.refreshSeconds();
        Cluster cluster;
        lock.lock();
        try {
            cluster = clusters.get(key);
            if (cluster == null) {
                cluster = new Cluster(key, settings, this::runInBackground);
                clusters.put(key, cluster);
                metrics.added(cluster.metrics());
            }
            cluster.metrics().logicalOpened();
            if (cluster.retain() == 1) {
                cluster.refreshTask(scheduler().scheduleWithFixedDelay(cluster::refreshQuietly, refreshSeconds,
                        refreshSeconds, TimeUnit.SECONDS));
                cluster.health().start(scheduler(), probes());
            }
        } finally {
            lock.unlock();
        }
        try {
            cluster.admit(connector, TimeUnit.SECONDS.toNanos(refreshSeconds));
            return cluster;
        } catch (SQLException | RuntimeException e) {
            release(cluster);
            throw e;
        }
    }

    /** Gives back one reference; the last one stops the cluster's background work and leaves it idle. */
    public void release(Cluster cluster) {
        lock.lock();
        try {
            cluster.metrics().logicalClosed();
            if (cluster.releaseReference() > 0) {
                return;
            }
            cluster.refreshTask().cancel(false);
            cluster.health().stop();
            if (!cluster.loaded()) {
                forget(cluster);
            }
            List<Cluster> idle = new ArrayList<>();
            for (Cluster c : clusters.values()) {
                if (c.references() == 0) {
                    idle.add(c);
                }
            }
            if (idle.size() > MAX_IDLE) {
                idle.sort(Comparator.comparingLong(Cluster::idleSinceNanos));
                for (Cluster c : idle.subList(0, idle.size() - MAX_IDLE)) {
                    forget(c);
                }
            }
            if (idle.size() == clusters.size() && scheduler != null) {
                scheduler.shutdown();
                scheduler = null;
                probes.shutdown();
                probes = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Drops a cluster (caller holds the lock); its metrics end with it. */
    private void forget(Cluster cluster) {
        if (clusters.remove(cluster.key(), cluster)) {
            metrics.removed(cluster.metrics());
        }
    }

    /** @return clusters in use right now (idle ones not counted) */
    public int size() {
        lock.lock();
        try {
            return (int) clusters.values().stream().filter(c -> c.references() > 0).count();
        } finally {
            lock.unlock();
        }
    }

    /** Runs background work (location refreshes) on the registry's thread. */
    private void runInBackground(Runnable task) {
        lock.lock();
        try {
            scheduler().execute(task);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The pool that probes servers a connection failed on: at most {@value #PROBE_THREADS} threads
     * (a probe may wait for a connect timeout), at most {@value #PROBE_QUEUE} waiting probes (more
     * are retried later), threads gone after 30 s idle. Caller holds the lock.
     */
    private ThreadPoolExecutor probes() {
        if (probes == null) {
            probes = new ThreadPoolExecutor(PROBE_THREADS, PROBE_THREADS, 30, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(PROBE_QUEUE), DaemonThreads.named("obproxy-server-probe"),
                    new ThreadPoolExecutor.AbortPolicy());
            probes.allowCoreThreadTimeOut(true);
        }
        return probes;
    }

    private ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            scheduler = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("obproxy-cluster-refresh"));
            scheduler.setRemoveOnCancelPolicy(true);
            scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // pending probes go with it
        }
        return scheduler;
    }

    /** Stops background work and forgets every cluster (connections still open keep working). */
    @Override
    public void close() {
        lock.lock();
        try {
            clusters.values().forEach(c -> {
                c.health().stop();
                metrics.removed(c.metrics());
            });
            clusters.clear();
            if (scheduler != null) {
                scheduler.shutdownNow();
                scheduler = null;
            }
            if (probes != null) {
                probes.shutdownNow();
                probes = null;
            }
        } finally {
            lock.unlock();
        }
    }
}
