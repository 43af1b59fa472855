package io.obproxy.cluster;

import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import io.obproxy.metrics.ClusterMetrics;

/**
 * Caffeine's statistics of a location cache, counted in the cluster's metrics instead of Caffeine's
 * own counters: hits, misses, loads and their time. Evictions are not counted (the cache is sized
 * for every table of a tenant). The snapshot Caffeine may ask for is empty: the metrics are read
 * through {@link ClusterMetrics}.
 */
final class LocationStats implements StatsCounter {
    private final ClusterMetrics metrics;

    LocationStats(ClusterMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void recordHits(int count) {
        metrics.locationHits(count);
    }

    @Override
    public void recordMisses(int count) {
        metrics.locationMisses(count);
    }

    @Override
    public void recordLoadSuccess(long loadTime) {
        metrics.locationLoaded(loadTime, true);
    }

    @Override
    public void recordLoadFailure(long loadTime) {
        metrics.locationLoaded(loadTime, false);
    }

    @Override
    public void recordEviction(int weight, RemovalCause cause) {
        // not counted: see the class comment
    }

    @Override
    public CacheStats snapshot() {
        return CacheStats.empty();
    }
}
