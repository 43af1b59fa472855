package io.obproxy.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The metrics of one driver instance ({@code ObProxyDriver.metrics()}, {@code ObProxyDataSource.metrics()}):
 * one {@link ClusterMetrics} per cluster it talks to, from the cluster's creation to its close, and
 * the listeners that export them. Every instance exports its clusters to JMX
 * ({@link JmxExporter}, the platform MBean server) when it is created; Micrometer's binder
 * ({@code io.obproxy.metrics.micrometer.ObProxyMeterBinder}) is one more listener.
 */
public final class DriverMetrics {
    private final Set<ClusterMetrics> clusters = ConcurrentHashMap.newKeySet();
    private final List<MetricsListener> listeners = new CopyOnWriteArrayList<>();

    /** A driver instance's metrics, exported to JMX. */
    public DriverMetrics() {
        addListener(new JmxExporter());
    }

    /** @return the clusters that exist now */
    public List<ClusterMetrics> clusters() {
        return List.copyOf(clusters);
    }

    /** @return every series of every cluster, live */
    public List<Series> series() {
        List<Series> out = new ArrayList<>();
        clusters.forEach(c -> out.addAll(c.series()));
        return out;
    }

    /** Tells {@code listener} of every cluster there is, then of each that comes or goes. */
    public void addListener(MetricsListener listener) {
        listeners.add(listener);
        clusters.forEach(listener::clusterAdded);
    }

    /** Stops telling {@code listener}; it is told first that every cluster there is went (its exports end). */
    public void removeListener(MetricsListener listener) {
        if (listeners.remove(listener)) {
            clusters.forEach(listener::clusterRemoved);
        }
    }

    /** A cluster was created (called by the cluster registry); one whose counting is off is not exported. */
    public void added(ClusterMetrics cluster) {
        if (cluster.on() && clusters.add(cluster)) {
            listeners.forEach(l -> l.clusterAdded(cluster));
        }
    }

    /** A cluster was closed (called by the cluster registry). */
    public void removed(ClusterMetrics cluster) {
        if (clusters.remove(cluster)) {
            listeners.forEach(l -> l.clusterRemoved(cluster));
        }
    }
}
