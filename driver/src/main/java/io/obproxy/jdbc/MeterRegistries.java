package io.obproxy.jdbc;

import io.obproxy.metrics.DriverMetrics;
import io.obproxy.metrics.micrometer.ObProxyMeterBinder;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Binds a driver instance's metrics to Micrometer when the application asks for it (a registry
 * handed to the data source, or {@code metricRegistry=GLOBAL}), and only then: the binder, the one
 * class that names Micrometer, is loaded by the first call, so the driver runs without Micrometer on
 * the class path as long as nobody asks.
 */
final class MeterRegistries {
    private final DriverMetrics metrics;
    private final AtomicBoolean boundGlobally = new AtomicBoolean();

    MeterRegistries(DriverMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * @param registry a Micrometer MeterRegistry, or null for Micrometer's global registry
     * @throws IllegalStateException when Micrometer is not on the class path
     */
    void bind(Object registry) {
        try {
            ObProxyMeterBinder.bind(metrics, registry);
        } catch (LinkageError e) {
            throw new IllegalStateException("metricRegistry needs Micrometer: put io.micrometer:micrometer-core on the"
                    + " class path (" + e + ")", e);
        }
    }

    /** Binds to Micrometer's global registry, once per driver instance. */
    void bindGlobalOnce() {
        if (boundGlobally.compareAndSet(false, true)) {
            bind(null);
        }
    }
}
