package io.obproxy.metrics.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.obproxy.metrics.ClusterMetrics;
import io.obproxy.metrics.DriverMetrics;
import io.obproxy.metrics.MetricsListener;
import io.obproxy.metrics.Series;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Publishes a driver instance's metrics to a Micrometer {@link MeterRegistry}: per series a
 * {@link FunctionCounter}, {@link Gauge} or {@link FunctionTimer} that reads the live value, tagged
 * with the series' labels ({@code cluster}, {@code server}, {@code reason} ...), named as
 * {@link io.obproxy.metrics.Metric#meterName()} says ({@code obproxy.routes}, ...). Meters come
 * with their cluster (and with each server first seen) and are removed from the registry when the
 * cluster closes, or when the binder is closed (an application context that ends).
 *
 * <p>Use: {@code new ObProxyMeterBinder(dataSource.metrics()).bindTo(registry)}, or let the data
 * source do it ({@code setMetricRegistry(registry)}, or the property {@code metricRegistry=GLOBAL}).
 * This is the only class of the driver that names Micrometer (an optional dependency): nothing
 * loads it unless one of those is used.
 */
public final class ObProxyMeterBinder implements MeterBinder, AutoCloseable {
    private final DriverMetrics metrics;
    private final List<Meters> bound = new CopyOnWriteArrayList<>();

    /** @param metrics the driver instance's metrics ({@code ObProxyDriver.metrics()}, {@code ObProxyDataSource.metrics()}) */
    public ObProxyMeterBinder(DriverMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Binds {@code metrics} to {@code registry}: a {@link MeterRegistry}, or null for Micrometer's
     * global registry. Takes an Object so that callers need not name Micrometer's types.
     *
     * @throws IllegalArgumentException when {@code registry} is no MeterRegistry
     */
    public static void bind(DriverMetrics metrics, Object registry) {
        if (registry != null && !(registry instanceof MeterRegistry)) {
            throw new IllegalArgumentException("metricRegistry must be an io.micrometer.core.instrument.MeterRegistry,"
                    + " not " + registry.getClass().getName());
        }
        new ObProxyMeterBinder(metrics).bindTo(registry == null ? Metrics.globalRegistry : (MeterRegistry) registry);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Meters meters = new Meters(registry);
        bound.add(meters);
        metrics.addListener(meters);
    }

    /** Removes every meter this binder added from its registries, and follows the driver no more. */
    @Override
    public void close() {
        for (Meters meters : bound) {
            metrics.removeListener(meters);
        }
        bound.clear();
    }

    /** A meter and the series it reads, kept here because Micrometer refers to it weakly. */
    private record Bound(Series series, Meter meter) {
    }

    /** The meters of one registry, per cluster; each keeps its series (Micrometer holds state weakly). */
    private static final class Meters implements MetricsListener {
        private final MeterRegistry registry;
        private final Map<ClusterMetrics, Map<String, Bound>> byCluster = new ConcurrentHashMap<>();

        Meters(MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void clusterAdded(ClusterMetrics cluster) {
            Map<String, Bound> meters = new ConcurrentHashMap<>();
            if (byCluster.putIfAbsent(cluster, meters) == null) {
                cluster.onNewSeries(() -> register(cluster, meters));
                register(cluster, meters);
            }
        }

        private void register(ClusterMetrics cluster, Map<String, Bound> meters) {
            if (byCluster.get(cluster) != meters) {
                return; // removed meanwhile
            }
            for (Series s : cluster.series()) {
                meters.computeIfAbsent(s.metric().name() + s.labels(), k -> new Bound(s, meter(s)));
            }
        }

        private Meter meter(Series s) {
            Tags tags = Tags.empty();
            for (Map.Entry<String, String> label : s.labels().entrySet()) {
                tags = tags.and(label.getKey(), label.getValue());
            }
            String name = s.metric().meterName();
            String help = s.metric().help();
            return switch (s.metric().type()) {
                case COUNTER -> FunctionCounter.builder(name, s, Series::value).tags(tags).description(help)
                        .register(registry);
                case GAUGE -> Gauge.builder(name, s, Series::value).tags(tags).description(help).strongReference(true)
                        .register(registry);
                case TIMER -> FunctionTimer.builder(name, s, Series::value, Series::totalSeconds, TimeUnit.SECONDS)
                        .tags(tags).description(help).register(registry);
            };
        }

        @Override
        public void clusterRemoved(ClusterMetrics cluster) {
            Map<String, Bound> meters = byCluster.remove(cluster);
            if (meters != null) {
                meters.values().forEach(b -> registry.remove(b.meter()));
            }
        }
    }
}
