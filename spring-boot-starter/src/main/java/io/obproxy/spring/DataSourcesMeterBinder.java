package io.obproxy.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.obproxy.metrics.DriverMetrics;
import io.obproxy.metrics.micrometer.ObProxyMeterBinder;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Binds the metrics of every driver instance behind the application's {@code jdbc:obproxy:} data
 * sources to a registry, each instance once (pools over the same URL prefix share the instance
 * registered with {@code DriverManager}). Spring Boot hands every {@link MeterBinder} bean its
 * registry once the application's beans exist, so the data sources are looked up then.
 */
final class DataSourcesMeterBinder implements MeterBinder, DisposableBean {
    private final ObjectProvider<DataSource> dataSources;
    private final List<ObProxyMeterBinder> binders = new CopyOnWriteArrayList<>();

    DataSourcesMeterBinder(ObjectProvider<DataSource> dataSources) {
        this.dataSources = dataSources;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Set<DriverMetrics> bound = Collections.newSetFromMap(new IdentityHashMap<>());
        dataSources.orderedStream().forEach(dataSource -> {
            DriverMetrics metrics = ObProxyDataSources.metrics(dataSource);
            if (metrics != null && bound.add(metrics)) {
                ObProxyMeterBinder binder = new ObProxyMeterBinder(metrics);
                binders.add(binder);
                binder.bindTo(registry);
            }
        });
    }

    /** The context ends: its registry no longer follows the driver instances (which may outlive it). */
    @Override
    public void destroy() {
        binders.forEach(ObProxyMeterBinder::close);
        binders.clear();
    }
}
