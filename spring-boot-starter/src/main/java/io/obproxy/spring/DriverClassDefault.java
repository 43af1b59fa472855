package io.obproxy.spring;

import io.obproxy.jdbc.ObProxyDriver;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.util.StringUtils;

/**
 * Names the driver class of a {@link DataSourceProperties} whose URL starts with
 * {@code jdbc:obproxy:} and whose driver class nobody named. Spring Boot picks the driver class
 * from the URL's prefix through its {@code DatabaseDriver} table, which does not know ours: without
 * this, startup fails with "Failed to determine a suitable driver class" (or, with an embedded
 * database on the class path, takes that database's driver for our URL).
 *
 * <p>Runs on the bound properties object, after binding and before the pool is built from it, so
 * it sees the URL wherever it came from (files, environment, {@code @DynamicPropertySource}, a
 * config server) and serves every {@code DataSourceProperties} bean, secondary data sources
 * included. A driver class the application set, there or through {@code spring.datasource.hikari.*},
 * wins.
 */
final class DriverClassDefault implements BeanPostProcessor {
    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSourceProperties properties && !StringUtils.hasText(properties.getDriverClassName())
                && ObProxyUrls.isObProxy(properties.getUrl())) {
            properties.setDriverClassName(ObProxyDriver.class.getName());
        }
        return bean;
    }
}
