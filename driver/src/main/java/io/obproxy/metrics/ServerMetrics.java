package io.obproxy.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The numbers of one server of a cluster, created by its {@link ClusterMetrics} when the server is
 * first listed or used. A physical session keeps its server's metrics, so that counting a statement
 * needs no lookup. Increments are lock-free and allocate nothing; when the cluster's metrics are off
 * they do nothing.
 */
public final class ServerMetrics {
    /** Health levels of {@link Metric#SERVER_HEALTH}, in order. */
    private static final List<String> HEALTH = List.of("ACTIVE", "SUSPECT", "DEAD");

    private final ClusterMetrics cluster;
    private final String address;
    private final LongAdder routes = new LongAdder();
    private final AtomicLong connections = new AtomicLong();
    private final LongAdder failovers = new LongAdder();
    private volatile int health;

    ServerMetrics(ClusterMetrics cluster, String address) {
        this.cluster = cluster;
        this.address = address;
    }

    /** @return the server as {@code host:port} */
    public String address() {
        return address;
    }

    /** @return ACTIVE, SUSPECT or DEAD, as the driver last saw the server */
    public String health() {
        return HEALTH.get(health);
    }

    /** @return physical connections open to the server now */
    public long physicalConnections() {
        return connections.get();
    }

    /**
     * A statement attempt was routed here.
     *
     * @param reason      why (a route reason)
     * @param inClientIdc a weak read sent to a replica in the client's IDC
     */
    public void routed(Enum<?> reason, boolean inClientIdc) {
        if (cluster.on()) {
            routes.increment();
            cluster.routed(reason, inClientIdc);
        }
    }

    /** A session became pinned to this server for {@code kind} (a pin reason): counted per cluster. */
    public void pinned(Enum<?> kind) {
        cluster.pinned(kind);
    }

    /** A physical connection to the server was opened. */
    public void physicalOpened() {
        connections.incrementAndGet();
    }

    /** A physical connection to the server was closed. */
    public void physicalClosed() {
        connections.decrementAndGet();
    }

    /** The server left ACTIVE. */
    public void failedOver() {
        failovers.increment();
    }

    /** @param level the server's health: its position in ACTIVE, SUSPECT, DEAD */
    public void health(int level) {
        health = level;
    }

    void series(Map<String, String> clusterLabels, List<Series> out) {
        Map<String, String> labels = Series.with(clusterLabels, "server", address);
        out.add(new Series(Metric.SERVER_ROUTES, labels, routes::sum, null));
        out.add(new Series(Metric.PHYSICAL_CONNECTIONS, labels, connections::get, null));
        out.add(new Series(Metric.FAILOVERS, labels, failovers::sum, null));
        out.add(new Series(Metric.SERVER_HEALTH, labels, () -> health, null));
    }
}
