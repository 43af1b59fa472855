package io.obproxy.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.obproxy.metrics.micrometer.ObProxyMeterBinder;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Publishes the driver's metrics (routes, retries, location cache, pins, servers' health and
 * connections; docs/metrics.md) to the application's {@link MeterRegistry}, beside HikariCP's pool
 * metrics: see {@link DataSourcesMeterBinder}.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class, afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, ObProxyMeterBinder.class})
@ConditionalOnBean({DataSource.class, MeterRegistry.class})
public class ObProxyMetricsAutoConfiguration {
    @Bean
    DataSourcesMeterBinder obProxyMeterBinder(ObjectProvider<DataSource> dataSources) {
        return new DataSourcesMeterBinder(dataSources);
    }
}
