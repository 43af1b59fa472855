package io.obproxy.spring;

import io.obproxy.jdbc.ObProxyDriver;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;

/**
 * Lets {@code spring.datasource.url=jdbc:obproxy://...} work without
 * {@code spring.datasource.driver-class-name}: see {@link DriverClassDefault}. The pool stays
 * whatever Spring Boot picks (HikariCP by default), configured as usual.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass({ObProxyDriver.class, DataSourceProperties.class})
public class ObProxyDataSourceAutoConfiguration {
    /** Static: a post-processor is made before the configuration class's own bean. */
    @Bean
    static DriverClassDefault obProxyDriverClassDefault() {
        return new DriverClassDefault();
    }
}
