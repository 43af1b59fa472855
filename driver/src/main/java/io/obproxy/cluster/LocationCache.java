package io.obproxy.cluster;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
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
 * the metadata does not know. Loads use one metadata connection of the cluster, opened on demand,
 * and read OceanBase's proxy tables ({@link LocationLoader}), or where the tenant may not read
 * those, the DBA views ({@link DbaLocationLoader}). When neither can be read, every table is
 * "unknown" (default routing) and one WARN says why.
 *
 * <p>Freshness: an entry is reloaded in the background {@code refreshSeconds} after it was loaded
 * (a new schema version replaces the old entry then), refreshed in the background at once when a
 * server says a statement missed its partition ({@link #refresh}), and dropped, so that the next
 * statement waits for a fresh load, when a route proved wrong ({@link #invalidate}: stale-location
 * errors, DDL on the table, a leader that cannot be reached). Negative entries expire after
 * {@value #NEGATIVE_SECONDS} s, so that a table created elsewhere is routed soon.
 */
public final class LocationCache {
    private static final Logger log = LoggerFactory.getLogger(LocationCache.class);
    private static final int METADATA_TIMEOUT_SECONDS = 10;
    /** Lifetime of a "no such table" entry. */
    static final long NEGATIVE_SECONDS = 5;

    /** A table as the metadata names it. */
    public record Key(String database, String table) {
    }

    private final String tenant;
    private final ServerConnector connector;
    private final java.util.function.Supplier<java.util.List<ServerAddress>> servers;
    private final LoadingCache<Key, Optional<TableLocation>> cache;
    private final ReentrantLock connectionLock = new ReentrantLock();
    private final AtomicBoolean warned = new AtomicBoolean();
    private final long refreshSeconds;
    private Connection metadata;
    /** Where locations are read from; guarded by {@code connectionLock}. */
    private Source source = Source.PROXY_TABLES;
    private long sourceCheckedNanos;

    /** Metadata sources, in order of preference. */
    private enum Source { PROXY_TABLES, DBA_VIEWS, NONE }

    LocationCache(String tenant, ServerConnector connector, java.util.function.Supplier<java.util.List<ServerAddress>> servers,
                  Executor executor, long maxEntries, long refreshSeconds) {
        this.tenant = tenant;
        this.connector = connector;
        this.servers = servers;
        this.refreshSeconds = refreshSeconds;
        this.cache = Caffeine.newBuilder().maximumSize(maxEntries).executor(executor)
                .expireAfter(Expiry.<Key, Optional<TableLocation>>writing((key, location) -> location.isPresent()
                        ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofSeconds(NEGATIVE_SECONDS)))
                .refreshAfterWrite(refreshSeconds, TimeUnit.SECONDS).build(this::load);
    }

    /** @return the table's location, or empty when unknown (no such table, or metadata unreadable) */
    public Optional<TableLocation> get(String database, String table) {
        return cache.get(new Key(database, table));
    }

    /** Drops a table's entry: the next statement on it waits for a fresh load. */
    public void invalidate(String database, String table) {
        cache.invalidate(new Key(database, table));
    }

    /** Reloads a table's entry in the background; statements use the current one meanwhile. */
    public void refresh(String database, String table) {
        cache.refresh(new Key(database, table));
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
                    return Optional.ofNullable(loadFrom(metadataConnection(), key));
                } catch (SQLException e) {
                    closeMetadataConnection();
                    if (attempt == 1) {
                        warnOnce("table locations of tenant " + tenant + " cannot be read (" + e.getMessage()
                                + "); statements use the default route");
                    }
                }
            }
            return Optional.empty();
        } finally {
            connectionLock.unlock();
        }
    }

    /**
     * Loads from the first metadata source this tenant may read: the proxy tables, else the DBA
     * views, else none (checked again after a refresh period). An SQLSTATE of class 42 (no such
     * table, access denied) means "not readable"; other failures propagate.
     */
    private TableLocation loadFrom(Connection c, Key key) throws SQLException {
        if (source == Source.NONE && System.nanoTime() - sourceCheckedNanos < TimeUnit.SECONDS.toNanos(refreshSeconds)) {
            return null;
        }
        if (source == Source.NONE) {
            source = Source.PROXY_TABLES;
        }
        try {
            return source == Source.PROXY_TABLES ? LocationLoader.load(c, tenant, key.database(), key.table())
                    : DbaLocationLoader.load(c, key.database(), key.table());
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("42")) {
                throw e;
            }
            sourceCheckedNanos = System.nanoTime();
            if (source == Source.PROXY_TABLES) {
                log.info("tenant {}: __all_virtual_proxy_* not readable ({}); reading locations from the DBA_OB_* views",
                        tenant, e.getMessage());
                source = Source.DBA_VIEWS;
                return loadFrom(c, key);
            }
            source = Source.NONE;
            warnOnce("table locations of tenant " + tenant + " are not readable (neither __all_virtual_proxy_* nor"
                    + " DBA_OB_TABLE_LOCATIONS: " + e.getMessage() + "); statements use the default route");
            return null;
        }
    }

    private void warnOnce(String message) {
        if (warned.compareAndSet(false, true)) {
            log.warn(message);
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
