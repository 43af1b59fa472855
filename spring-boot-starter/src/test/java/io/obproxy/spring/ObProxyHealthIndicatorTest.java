package io.obproxy.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.obproxy.metrics.ClusterMetrics;
import io.obproxy.metrics.DriverMetrics;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/** The indicator's status and details from a driver instance's metrics, with no cluster behind them. */
class ObProxyHealthIndicatorTest {
    private static final int ACTIVE = 0;
    private static final int DEAD = 2;

    private final DriverMetrics metrics = new DriverMetrics();

    @Test
    void unknownBeforeAnyConnection() {
        assertThat(new ObProxyHealthIndicator(metrics).health().getStatus()).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void upWithEveryServerAndTheCacheInTheDetails() {
        ClusterMetrics cluster = cluster("app@t/a:1", ACTIVE, ACTIVE, ACTIVE);
        Health health = new ObProxyHealthIndicator(metrics).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        Map<String, Object> detail = detail(health, cluster);
        assertThat(detail).containsEntry("active", 3L).containsEntry("suspect", 0L).containsEntry("dead", 0L)
                .containsEntry("serverListAgeSeconds", 7L);
        assertThat(detail.get("servers")).isEqualTo(Map.of(
                "10.0.0.1:2881", Map.of("health", "ACTIVE", "physicalConnections", 0L),
                "10.0.0.2:2881", Map.of("health", "ACTIVE", "physicalConnections", 0L),
                "10.0.0.3:2881", Map.of("health", "ACTIVE", "physicalConnections", 0L)));
        assertThat(detail.get("locationCache")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("entries", 42L);
    }

    @Test
    void upWhileSomeServerIsLeft() {
        ClusterMetrics cluster = cluster("app@t/a:1", ACTIVE, DEAD, DEAD);
        Health health = new ObProxyHealthIndicator(metrics).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(detail(health, cluster)).containsEntry("active", 1L).containsEntry("dead", 2L);
    }

    @Test
    void downWhenEveryServerOfAClusterIsDead() {
        cluster("app@t/a:1", ACTIVE, ACTIVE, ACTIVE);
        cluster("app@t/b:1", DEAD, DEAD, DEAD);
        assertThat(new ObProxyHealthIndicator(metrics).health().getStatus()).isEqualTo(Status.DOWN);
    }

    private ClusterMetrics cluster(String name, int... health) {
        ClusterMetrics cluster = new ClusterMetrics(name, true, () -> 42, () -> 7);
        for (int i = 0; i < health.length; i++) {
            cluster.server("10.0.0." + (i + 1) + ":2881").health(health[i]);
        }
        metrics.added(cluster);
        return cluster;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> detail(Health health, ClusterMetrics cluster) {
        return (Map<String, Object>) ((Map<String, Object>) health.getDetails().get("clusters")).get(cluster.name());
    }
}
