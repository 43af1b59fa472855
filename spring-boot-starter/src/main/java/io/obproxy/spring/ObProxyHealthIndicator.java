package io.obproxy.spring;

import io.obproxy.metrics.ClusterMetrics;
import io.obproxy.metrics.DriverMetrics;
import io.obproxy.metrics.Metric;
import io.obproxy.metrics.ServerMetrics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The clusters one data source's driver instance talks to, as that instance sees them: each
 * server's health (ACTIVE, SUSPECT, DEAD) and physical connections, the logical connections, the
 * location cache and the age of the server list. Reads the driver's own numbers only: it opens no
 * connection (Spring Boot's {@code db} indicator checks that one connection works).
 *
 * <p>Status: DOWN when some cluster has no server left that is not DEAD (no statement can run);
 * UNKNOWN while the driver instance has no cluster (no connection opened yet, or
 * {@code metrics=false}, which keeps no numbers); UP otherwise, DEAD servers of a cluster that still
 * has others listed in the details.
 */
public class ObProxyHealthIndicator extends AbstractHealthIndicator {
    private final DriverMetrics metrics;

    /** @param metrics the driver instance's metrics ({@code ObProxyDriver.metrics()}, {@code ObProxyDataSource.metrics()}) */
    public ObProxyHealthIndicator(DriverMetrics metrics) {
        super("obproxy health check failed");
        this.metrics = metrics;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<ClusterMetrics> clusters = metrics.clusters();
        if (clusters.isEmpty()) {
            builder.unknown().withDetail("clusters", Map.of());
            return;
        }
        Map<String, Object> details = new TreeMap<>();
        boolean down = false;
        for (ClusterMetrics cluster : clusters) {
            details.put(cluster.name(), cluster(cluster));
            down |= noServerLeft(cluster);
        }
        (down ? builder.down() : builder.up()).withDetail("clusters", details);
    }

    private static boolean noServerLeft(ClusterMetrics cluster) {
        List<ServerMetrics> servers = cluster.servers();
        return !servers.isEmpty() && servers.stream().allMatch(s -> s.health().equals("DEAD"));
    }

    private static Map<String, Object> cluster(ClusterMetrics cluster) {
        Map<String, Object> servers = new TreeMap<>();
        Map<String, Long> byHealth = new TreeMap<>(Map.of("ACTIVE", 0L, "SUSPECT", 0L, "DEAD", 0L));
        for (ServerMetrics server : cluster.servers()) {
            servers.put(server.address(), Map.of("health", server.health(),
                    "physicalConnections", server.physicalConnections()));
            byHealth.merge(server.health(), 1L, Long::sum);
        }
        Map<String, Object> detail = new TreeMap<>();
        detail.put("servers", servers);
        detail.put("active", byHealth.get("ACTIVE"));
        detail.put("suspect", byHealth.get("SUSPECT"));
        detail.put("dead", byHealth.get("DEAD"));
        detail.put("logicalConnections", cluster.total(Metric.LOGICAL_CONNECTIONS));
        detail.put("serverListAgeSeconds", cluster.total(Metric.SERVER_LIST_AGE));
        detail.put("locationCache", Map.of(
                "entries", cluster.total(Metric.LOCATION_CACHE_ENTRIES),
                "hits", cluster.total(Metric.LOCATION_CACHE_HITS),
                "misses", cluster.total(Metric.LOCATION_CACHE_MISSES),
                "loads", cluster.total(Metric.LOCATION_LOADS),
                "loadFailures", cluster.total(Metric.LOCATION_LOAD_FAILURES)));
        return detail;
    }
}
