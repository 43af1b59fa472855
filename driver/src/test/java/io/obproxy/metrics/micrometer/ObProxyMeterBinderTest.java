package io.obproxy.metrics.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.obproxy.metrics.ClusterMetrics;
import io.obproxy.metrics.DriverMetrics;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Meters follow the clusters: created with them, reading live values, removed when they close. */
class ObProxyMeterBinderTest {
    private enum Reason { FOLLOWER }

    @Test
    void metersReadLiveValuesAndGoWithTheirCluster() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DriverMetrics driver = new DriverMetrics();
        new ObProxyMeterBinder(driver).bindTo(registry);
        ClusterMetrics cluster = new ClusterMetrics("mm@t/10.0.0.1:2881", true, () -> 5, () -> 1);
        driver.added(cluster);

        cluster.staleRouteRefused();
        cluster.retried(true);
        assertEquals(1.0, registry.get("obproxy.stale.route.refusals").tag("cluster", cluster.name()).functionCounter()
                .count());
        assertEquals(1.0, registry.get("obproxy.reroutes").functionCounter().count());
        assertEquals(5.0, registry.get("obproxy.location.cache.entries").gauge().value());

        cluster.server("10.0.0.2:2881").routed(Reason.FOLLOWER, false); // a new server and a first route reason
        assertEquals(1.0, registry.get("obproxy.routes").tag("reason", "follower").functionCounter().count());
        assertEquals(1.0, registry.get("obproxy.server.routes").tag("server", "10.0.0.2:2881").functionCounter().count());

        cluster.locationLoaded(TimeUnit.MILLISECONDS.toNanos(250), true);
        FunctionTimer loads = registry.get("obproxy.location.load").functionTimer();
        assertEquals(1.0, loads.count());
        assertEquals(250.0, loads.totalTime(TimeUnit.MILLISECONDS), 0.001);

        driver.removed(cluster);
        assertNull(registry.find("obproxy.routes").meter());
        assertNull(registry.find("obproxy.server.routes").meter());
    }

    @Test
    void aClosedBinderTakesItsMetersAwayAndFollowsNoNewCluster() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DriverMetrics driver = new DriverMetrics();
        ClusterMetrics cluster = new ClusterMetrics("mm@t/10.0.0.1:2881", true, () -> 5, () -> 1);
        driver.added(cluster);
        ObProxyMeterBinder binder = new ObProxyMeterBinder(driver);
        binder.bindTo(registry);
        assertEquals(5.0, registry.get("obproxy.location.cache.entries").gauge().value());

        binder.close();
        assertNull(registry.find("obproxy.location.cache.entries").meter());
        driver.added(new ClusterMetrics("mm@t/10.0.0.9:2881", true, () -> 1, () -> 1));
        assertNull(registry.find("obproxy.location.cache.entries").meter(), "a cluster after the close");
    }
}
