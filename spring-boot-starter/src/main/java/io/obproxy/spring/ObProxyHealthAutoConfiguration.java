package io.obproxy.spring;

import io.obproxy.metrics.DriverMetrics;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.boot.actuate.autoconfigure.health.CompositeHealthContributorConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Actuator's {@code obproxy} health contributor: an {@link ObProxyHealthIndicator} per driver
 * instance behind the application's {@code jdbc:obproxy:} data sources, named after the first data
 * source bean that uses it when there are several (UNKNOWN when none is ours). Off with
 * {@code management.health.obproxy.enabled=false}.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(DataSource.class)
@ConditionalOnEnabledHealthIndicator("obproxy")
public class ObProxyHealthAutoConfiguration
        extends CompositeHealthContributorConfiguration<ObProxyHealthIndicator, DriverMetrics> {

    /** One {@link ObProxyHealthIndicator} per driver instance's metrics. */
    public ObProxyHealthAutoConfiguration() {
        super(ObProxyHealthIndicator::new);
    }

    @Bean
    @ConditionalOnMissingBean(name = "obproxyHealthContributor")
    HealthContributor obproxyHealthContributor(Map<String, DataSource> dataSources) {
        Set<DriverMetrics> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<String, DriverMetrics> byName = new LinkedHashMap<>();
        dataSources.forEach((name, dataSource) -> {
            DriverMetrics metrics = ObProxyDataSources.metrics(dataSource);
            if (metrics != null && seen.add(metrics)) {
                byName.put(name, metrics);
            }
        });
        if (byName.isEmpty()) {
            return (HealthIndicator) () -> Health.unknown().withDetail("reason", "no jdbc:obproxy: data source").build();
        }
        return createContributor(byName);
    }
}
