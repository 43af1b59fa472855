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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 *
 * <p>Speed: a table's answer is reused for {@value #RECENT_MILLIS} ms without asking Caffeine
 * again, as long as no entry of the cache changed meanwhile (any load that replaces an entry, any
 * invalidation, expiry or eviction ends every reuse). Caffeine's own lookup records each read for
 * its eviction policy and refresh timer, which cost about 6% of the front end's user-mode CPU on
 * point selects; it still sees every table in use at least that often, so refreshes still come
 * {@code refreshSeconds} (and at most {@value #RECENT_MILLIS} ms) after a load.
 */
public final class LocationCache {
    /** Lifetime of a "no such table" entry, in seconds. */
    static final long NEGATIVE_SECONDS = 5;

    /** How long a lookup's answer is reused without asking Caffeine, in milliseconds. */
    static final long RECENT_MILLIS = 200;
    private static final long RECENT_NANOS = TimeUnit.MILLISECONDS.toNanos(RECENT_MILLIS);

    /** An answer of Caffeine's, reused until {@code until} (a nanoTime) while the cache's version is {@code version}. */
    private record Recent(Optional<TableLocation> location, long version, long until) {
    }

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
    private final ClusterMetrics metrics;
    private final long maxEntries;
    private final ConcurrentHashMap<Key, Recent> recent = new ConcurrentHashMap<>();
    /** Moves whenever an entry is replaced or removed: answers read before are not reused. */
    private final AtomicLong version = new AtomicLong();

    /**
     * @param loader   reads one table's location (empty: no such table); called off the statement
     *                 path for refreshes, on {@code executor}
     * @param executor runs background refreshes (and nothing else: the cache's upkeep runs on the caller)
     * @param metrics  counts lookups and loads (when its counting is on)
     */
    public LocationCache(Function<Key, Optional<TableLocation>> loader, Executor executor, long maxEntries,
                         long refreshSeconds, ClusterMetrics metrics) {
        this.metrics = metrics;
        this.maxEntries = maxEntries;
        Caffeine<Key, Optional<TableLocation>> builder = Caffeine.newBuilder().removalListener((key, old, cause) -> {
            version.incrementAndGet();
            recent.remove(key);
        });
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
        Key key = new Key(database, table);
        long now = System.nanoTime();
        long current = version.get();
        Recent r = recent.get(key);
        if (r != null && r.version == current && now - r.until < 0) {
            metrics.locationHits(1);
            return r.location;
        }
        Optional<TableLocation> location = cache.get(key);
        if (recent.size() >= maxEntries) {
            recent.clear(); // keys Caffeine evicted while their answer was being stored
        }
        recent.put(key, new Recent(location, current, now + RECENT_NANOS));
        return location;
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
