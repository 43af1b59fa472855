package io.obproxy.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.metrics.ClusterMetrics;
import io.obproxy.metrics.Metric;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The cache's own rules, with a loader that counts its calls (the metadata reads are tested against the sandbox). */
class LocationCacheTest {
    private final AtomicInteger loads = new AtomicInteger();
    private final ClusterMetrics metrics = new ClusterMetrics("test", true, () -> 0, () -> 0);
    private final LocationCache cache = new LocationCache(key -> {
        loads.incrementAndGet();
        return key.table().startsWith("missing") ? Optional.empty()
                : Optional.of(new TableLocation(key.database(), key.table(), loads.get(), loads.get(), null, List.of(),
                        1, Map.of()));
    }, Runnable::run, 100, 3600, metrics);

    @Test
    void aHitDoesNotLoadAgainAndMissingTablesAreCachedToo() {
        assertEquals(1, cache.get("db", "t").orElseThrow().tableId());
        assertEquals(1, cache.get("db", "t").orElseThrow().tableId());
        assertTrue(cache.get("db", "missing").isEmpty());
        assertTrue(cache.get("db", "missing").isEmpty());
        assertEquals(2, loads.get());
    }

    @Test
    void lookupsAndLoadsAreCountedInTheClusterMetrics() {
        cache.get("db", "t");
        cache.get("db", "t");
        cache.get("db", "t");
        assertEquals(2, metrics.total(Metric.LOCATION_CACHE_HITS));
        assertEquals(1, metrics.total(Metric.LOCATION_CACHE_MISSES));
        assertEquals(1, metrics.total(Metric.LOCATION_LOADS));
        assertEquals(1, cache.size());
    }

    @Test
    void invalidateMakesTheNextGetLoadRefreshReloadsInPlace() {
        cache.get("db", "t");
        cache.invalidate("db", "t");
        assertEquals(2, cache.get("db", "t").orElseThrow().tableId());
        cache.refresh("db", "t"); // the executor runs it at once here
        assertEquals(3, cache.get("db", "t").orElseThrow().tableId());
        assertEquals(3, loads.get());
        assertEquals(1, cache.entries().size());
    }

    @Test
    void answersReusedBetweenLookupsStillLetTheTimedRefreshCome() throws InterruptedException {
        LocationCache quick = new LocationCache(key -> {
            loads.incrementAndGet();
            return Optional.of(new TableLocation(key.database(), key.table(), loads.get(), loads.get(), null, List.of(),
                    1, Map.of()));
        }, Runnable::run, 100, 1, metrics);
        assertEquals(1, quick.get("db", "t").orElseThrow().tableId());
        for (int i = 0; i < 1_000; i++) {
            assertEquals(1, quick.get("db", "t").orElseThrow().tableId());
        }
        Thread.sleep(1_100 + LocationCache.RECENT_MILLIS);
        quick.get("db", "t"); // due: Caffeine reloads (at once, on this executor) and replaces the entry
        assertEquals(2, quick.get("db", "t").orElseThrow().tableId(), "the replaced entry is not answered from before");
        assertEquals(1_002, metrics.total(Metric.LOCATION_CACHE_HITS), "reused answers are hits too");
        assertEquals(1, metrics.total(Metric.LOCATION_CACHE_MISSES));
    }

    @Test
    void onlyRefreshesGoToTheBackgroundExecutor() {
        AtomicInteger background = new AtomicInteger();
        LocationCache counted = new LocationCache(key -> Optional.empty(), task -> {
            background.incrementAndGet();
            task.run();
        }, 100, 3600, metrics);
        for (int i = 0; i < 10_000; i++) {
            counted.get("db", "missing" + (i % 3));
        }
        assertEquals(0, background.get(), "lookups and the cache's upkeep stay on the caller's thread");
        counted.refresh("db", "missing0");
        counted.refresh("db", "never-looked-up");
        assertEquals(2, background.get(), "a refresh, of a cached table or not, loads in the background");
    }
}
