package io.obproxy.metrics;

/** Told when a driver instance's clusters come and go ({@link DriverMetrics#addListener}). */
public interface MetricsListener {
    /** A cluster was created: its metrics exist from now on. */
    void clusterAdded(ClusterMetrics cluster);

    /** A cluster was closed: its metrics stop here. */
    void clusterRemoved(ClusterMetrics cluster);
}
