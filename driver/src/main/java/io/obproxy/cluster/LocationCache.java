package io.obproxy.cluster;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster's table locations: bounded, one load per table at a time, refreshed in the background
 * after a while (a statement waits only for a table's first load), with negative entries for tables
 * the metadata does not know. Loads use one metadata connection of the cluster, opened on demand.
 * When the metadata cannot be read at all, every table is "unknown" (default routing) and one WARN
 * says why.
 */
public final class LocationCache {
    private static final Logger log = LoggerFactory.getLogger(LocationCache.class);
    private static final int METADATA_TIMEOUT_SECONDS = 10;

    /** A table as the metadata names it. */
    public record Key(String database, String table) {
    }

    private final String tenant;
    private final ServerConnector connector;
    private final java.util.function.Supplier<java.util.List<ServerAddress>> servers;
    private final LoadingCache<Key, Optional<TableLocation>> cache;
    private final ReentrantLock connectionLock = new ReentrantLock();
    private final AtomicBoolean warned = new AtomicBoolean();
    private Connection metadata;

    LocationCache(String tenant, ServerConnector connector, java.util.function.Supplier<java.util.List<ServerAddress>> servers,
                  Executor executor, long maxEntries, long refreshSeconds) {
        this.tenant = tenant;
        this.connector = connector;
        this.servers = servers;
        this.cache = Caffeine.newBuilder().maximumSize(maxEntries).executor(executor)
                .refreshAfterWrite(refreshSeconds, TimeUnit.SECONDS).build(this::load);
    }

    /** @return the table's location, or empty when unknown (no such table, or metadata unreadable) */
    public Optional<TableLocation> get(String database, String table) {
        return cache.get(new Key(database, table));
    }

    /** Marks a table's entry stale: the next statement on it waits for a fresh load. */
    public void invalidate(String database, String table) {
        cache.invalidate(new Key(database, table));
    }

    /** @return the cached entries, for diagnostics */
    public java.util.Map<Key, Optional<TableLocation>> entries() {
        return java.util.Map.copyOf(cache.asMap());
    }

    private Optional<TableLocation> load(Key key) {
        connectionLock.lock();
        try {
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    Connection c = metadataConnection();
                    return Optional.ofNullable(LocationLoader.load(c, tenant, key.database(), key.table()));
                } catch (SQLException e) {
                    closeMetadataConnection();
                    if (attempt == 1) {
                        if (warned.compareAndSet(false, true)) {
                            log.warn("table locations of tenant {} are not readable ({}); statements use the default"
                                    + " route", tenant, e.getMessage());
                        }
                    }
                }
            }
            return Optional.empty();
        } finally {
            connectionLock.unlock();
        }
    }

    private Connection metadataConnection() throws SQLException {
        if (metadata != null) {
            return metadata;
        }
        SQLException failure = null;
        for (ServerAddress server : servers.get()) {
            try {
                metadata = connector.connect(server);
                metadata.setNetworkTimeout(Runnable::run, METADATA_TIMEOUT_SECONDS * 1000);
                return metadata;
            } catch (SQLException e) {
                failure = e;
            }
        }
        throw failure != null ? failure : new SQLException("no server to read locations from", "08001");
    }

    private void closeMetadataConnection() {
        if (metadata != null) {
            try {
                metadata.close();
            } catch (SQLException ignored) {
                // it is being replaced because it failed
            }
            metadata = null;
        }
    }

    /** Closes the metadata connection (reopened on the next load); cached entries stay. */
    void closeConnection() {
        connectionLock.lock();
        try {
            closeMetadataConnection();
        } finally {
            connectionLock.unlock();
        }
    }
}
