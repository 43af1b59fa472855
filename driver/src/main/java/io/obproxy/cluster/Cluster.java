package io.obproxy.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one cluster looks like, shared by every logical connection to it: the server list, read
 * from the cluster's metadata on first use and refreshed in the background.
 *
 * <p>Lifetime: created and reference-counted by {@link ClusterRegistry}; the background refresh
 * stops when the last connection releases it, and the registry keeps the idle cluster for a while,
 * so that short-lived connections do not read the metadata each time. {@link #ensureFresh} blocks
 * only the connection that finds the list missing or older than a refresh period; background
 * refreshes never block a statement: readers see an immutable snapshot through a volatile field.
 */
public final class Cluster {
    private static final Logger log = LoggerFactory.getLogger(Cluster.class);
    private static final int METADATA_TIMEOUT_SECONDS = 10;

    private final ClusterKey key;
    private final ServerConnector connector;
    private final boolean discover;
    private final ReentrantLock loadLock = new ReentrantLock();
    private volatile List<ServerAddress> servers = List.of();
    private volatile long loadedAtNanos;
    private volatile boolean loaded;
    private int references; // guarded by the registry's lock
    private long idleSinceNanos; // guarded by the registry's lock
    private ScheduledFuture<?> refreshTask; // guarded by the registry's lock

    private final LocationCache locations;

    Cluster(ClusterKey key, ServerConnector connector, boolean discover, java.util.concurrent.Executor background) {
        this.key = key;
        this.connector = connector;
        this.discover = discover;
        this.locations = new LocationCache(key.tenant() == null ? "sys" : key.tenant(), connector, this::servers,
                background, LOCATION_CACHE_ENTRIES, LOCATION_REFRESH_SECONDS);
    }

    /** Table entries kept per cluster; refreshed in the background after this many seconds. */
    static final long LOCATION_CACHE_ENTRIES = 100_000;
    static final long LOCATION_REFRESH_SECONDS = 60;

    /** @return the cluster's table locations */
    public LocationCache locations() {
        return locations;
    }

    public ClusterKey key() {
        return key;
    }

    /** @return the active servers, in the metadata's order (by zone); never empty once loaded */
    public List<ServerAddress> servers() {
        return servers;
    }

    /**
     * Loads the server list when it was never loaded or is older than {@code maxAgeNanos} (an idle
     * cluster taken up again); throws when no server answers and there is no list at all.
     */
    void ensureFresh(long maxAgeNanos) throws SQLException {
        if (loaded && System.nanoTime() - loadedAtNanos <= maxAgeNanos) {
            return;
        }
        loadLock.lock();
        try {
            if (!loaded) {
                refresh();
                loaded = true;
            } else if (System.nanoTime() - loadedAtNanos > maxAgeNanos) {
                refreshQuietly();
            }
        } finally {
            loadLock.unlock();
        }
    }

    /**
     * Reads the server list through the first server that accepts a connection: known servers
     * first, then the seeds. Keeps the previous list when the metadata cannot be read.
     */
    void refresh() throws SQLException {
        Set<ServerAddress> candidates = new LinkedHashSet<>(servers);
        candidates.addAll(key.seeds());
        SQLException failure = null;
        for (ServerAddress candidate : candidates) {
            try (Connection c = connector.connect(candidate)) {
                List<ServerAddress> fresh = discover ? activeServers(ServerListLoader.load(c, METADATA_TIMEOUT_SECONDS))
                        : List.of();
                update(fresh.isEmpty() ? (servers.isEmpty() ? key.seeds() : servers) : fresh);
                loadedAtNanos = System.nanoTime();
                return;
            } catch (SQLException e) {
                log.debug("cluster {}: server list not readable through {}: {}", key.seeds(), candidate, e.toString());
                if (failure == null) {
                    failure = new SQLException("No server of the cluster answers (tried " + candidates + ")",
                            "08001", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure;
    }

    private static List<ServerAddress> activeServers(List<Server> all) {
        List<ServerAddress> active = new ArrayList<>();
        for (Server s : all) {
            if (s.active()) {
                active.add(s.address());
            }
        }
        return active;
    }

    private void update(List<ServerAddress> fresh) {
        List<ServerAddress> old = servers;
        if (!old.equals(fresh)) {
            servers = List.copyOf(fresh);
            if (old.isEmpty()) {
                log.debug("cluster {}: servers {}", key.seeds(), fresh);
            } else {
                log.warn("cluster {}: server list changed from {} to {}", key.seeds(), old, fresh);
            }
        }
    }

    void refreshQuietly() {
        try {
            refresh();
        } catch (SQLException | RuntimeException e) {
            log.warn("cluster {}: server list refresh failed: {}", key.seeds(), e.getMessage());
        }
    }

    int retain() {
        return ++references;
    }

    int releaseReference() {
        if (--references == 0) {
            idleSinceNanos = System.nanoTime();
            locations.closeConnection();
        }
        return references;
    }

    int references() {
        return references;
    }

    long idleSinceNanos() {
        return idleSinceNanos;
    }

    void refreshTask(ScheduledFuture<?> task) {
        this.refreshTask = task;
    }

    ScheduledFuture<?> refreshTask() {
        return refreshTask;
    }

    @Override
    public String toString() {
        return "Cluster" + key.seeds() + " servers=" + servers;
    }
}
