package io.obproxy.cluster;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.obproxy.metrics.ClusterMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A cluster's table locations: bounded, one load per table at a time, refreshed in the background
 * after a while (a statement waits only for a table's first load), with negative entries for tables
 * the metadata does not know. What a load reads is its loader's business ({@link LocationSource}
 * in a cluster).
 *
 * <p>Freshness: an entry is reloaded in the background {@code refreshSeconds} after it was loaded
 * (a new schema version replaces the old entry then), refreshed in the background at once when a
 * server says a statement missed its partition ({@link #refresh}), and dropped, so that the next
 * statement waits for a fresh load, when a route proved wrong ({@link #invalidate}: stale-location
 * errors, DDL on the table, a leader that cannot be reached). Negative entries expire after
 * {@value #NEGATIVE_SECONDS} s, so that a table created elsewhere is routed soon.
 */
public final class LocationCache {
    /** Lifetime of a "no such table" entry, in seconds. */
    static final long NEGATIVE_SECONDS = 5;

    /** A table as the metadata names it. */
    public record Key(String database, String table) {
        // written out, as ServerAddress's: looked up on every statement that names a table

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(table, other.table) && Objects.equals(database, other.database);
        }

        @Override
        public int hashCode() {
            return 31 * Objects.hashCode(database) + Objects.hashCode(table);
        }
    }

    private final LoadingCache<Key, Optional<TableLocation>> cache;

    /**
     * @param loader   reads one table's location (empty: no such table); called off the statement
     *                 path for refreshes, on {@code executor}
     * @param executor runs background refreshes (and nothing else: the cache's upkeep runs on the caller)
     * @param metrics  counts lookups and loads (when its counting is on)
     */
    public LocationCache(Function<Key, Optional<TableLocation>> loader, Executor executor, long maxEntries,
                         long refreshSeconds, ClusterMetrics metrics) {
        Caffeine<Object, Object> builder = Caffeine.newBuilder();
        if (metrics.on()) {
            LocationStats stats = new LocationStats(metrics);
            builder.recordStats(() -> stats);
        }
        // the cache's own upkeep runs on the statement's thread, a few entries at a time: handed to the
        // executor, it woke a thread (behind the registry's lock) every few lookups
        this.cache = builder.maximumSize(maxEntries).executor(Runnable::run)
                .expireAfter(Expiry.<Key, Optional<TableLocation>>writing((key, location) -> location.isPresent()
                        ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofSeconds(NEGATIVE_SECONDS)))
                .refreshAfterWrite(refreshSeconds, TimeUnit.SECONDS).build(new CacheLoader<>() {
                    @Override
                    public Optional<TableLocation> load(Key key) {
                        return loader.apply(key);
                    }

                    @Override
                    public CompletableFuture<Optional<TableLocation>> asyncLoad(Key key, Executor ignored) {
                        return CompletableFuture.supplyAsync(() -> loader.apply(key), executor);
                    }

                    @Override
                    public CompletableFuture<Optional<TableLocation>> asyncReload(Key key, Optional<TableLocation> old,
                                                                                 Executor ignored) {
                        return CompletableFuture.supplyAsync(() -> loader.apply(key), executor);
                    }
                });
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

    /** @return how many entries the cache holds (an estimate while it changes) */
    public long size() {
        return cache.estimatedSize();
    }

    /** @return the cached entries, for diagnostics */
    public Map<Key, Optional<TableLocation>> entries() {
        return Map.copyOf(cache.asMap());
    }
}
