package io.obproxy.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a cluster's table locations are read from: one metadata connection of the cluster, opened
 * on demand, reading OceanBase's proxy tables ({@link LocationLoader}) or, where the tenant may not
 * read those, the DBA views ({@link DbaLocationLoader}). When neither can be read, every table is
 * unknown (default routing), one WARN says why, and the proxy tables are tried again after a
 * refresh period. Loads are serialised (one connection); {@link LocationCache} calls it.
 */
final class LocationSource {
    private static final Logger log = LoggerFactory.getLogger(LocationSource.class);

    /** Metadata sources, in order of preference. */
    private enum Kind { PROXY_TABLES, DBA_VIEWS, NONE }

    private final String tenant;
    private final ServerConnector connector;
    private final Supplier<List<ServerAddress>> servers;
    private final long retryNanos;
    private final int timeoutMillis;
    private final ColumnTypes columnTypes;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean warned = new AtomicBoolean();
    private Connection metadata; // guarded by lock
    private Kind kind = Kind.PROXY_TABLES; // guarded by lock
    private long kindCheckedNanos; // guarded by lock

    /**
     * @param servers      the servers to open the metadata connection to, in order of preference
     * @param retrySeconds how long "no metadata readable" stands before the proxy tables are tried again
     * @param timeoutMillis bound on each metadata query
     * @param columnTypes  how the tenant stores DECIMAL, DATE, DATETIME, for the DBA views
     */
    LocationSource(String tenant, ServerConnector connector, Supplier<List<ServerAddress>> servers, long retrySeconds,
                   int timeoutMillis, ColumnTypes columnTypes) {
        this.timeoutMillis = timeoutMillis;
        this.columnTypes = columnTypes;
        this.tenant = tenant;
        this.connector = connector;
        this.servers = servers;
        this.retryNanos = TimeUnit.SECONDS.toNanos(retrySeconds);
    }

    /** @return the table's location; empty when no such table, or when no metadata can be read */
    Optional<TableLocation> load(LocationCache.Key key) {
        lock.lock();
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
            lock.unlock();
        }
    }

    /**
     * Loads from the first source this tenant may read. An SQLSTATE of class 42 (no such table or
     * column, access denied) means "not readable"; other failures propagate.
     */
    private TableLocation loadFrom(Connection c, LocationCache.Key key) throws SQLException {
        if (kind == Kind.NONE) {
            if (System.nanoTime() - kindCheckedNanos < retryNanos) {
                return null;
            }
            kind = Kind.PROXY_TABLES;
        }
        try {
            return kind == Kind.PROXY_TABLES ? LocationLoader.load(c, tenant, key.database(), key.table())
                    : DbaLocationLoader.load(c, key.database(), key.table(), columnTypes);
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("42")) {
                throw e;
            }
            kindCheckedNanos = System.nanoTime();
            if (kind == Kind.PROXY_TABLES) {
                log.info("tenant {}: __all_virtual_proxy_* not readable ({}); reading locations from the DBA_OB_* views",
                        tenant, e.getMessage());
                kind = Kind.DBA_VIEWS;
                return loadFrom(c, key);
            }
            kind = Kind.NONE;
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
                metadata.setNetworkTimeout(Runnable::run, timeoutMillis);
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

    /** Closes the metadata connection (reopened on the next load). */
    void closeConnection() {
        lock.lock();
        try {
            closeMetadataConnection();
        } finally {
            lock.unlock();
        }
    }
}
