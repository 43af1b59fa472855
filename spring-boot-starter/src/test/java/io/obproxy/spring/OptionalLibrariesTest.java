package io.obproxy.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.obproxy.jdbc.ObProxyDriver;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Every part of the starter is on only with its library: without Actuator, Micrometer and jOOQ the rest works. */
class OptionalLibrariesTest {
    @Test
    void withoutActuatorMicrometerAndJooqTheDriverClassIsStillSupplied() {
        new ApplicationContextRunner()
                .withClassLoader(new FilteredClassLoader(HealthIndicator.class, MeterRegistry.class, DSLContext.class))
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        ObProxyDataSourceAutoConfiguration.class, ObProxyHealthAutoConfiguration.class,
                        ObProxyMetricsAutoConfiguration.class, ObProxyJooqAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:obproxy://127.0.0.1:1/test")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean("obproxyHealthContributor")
                            .doesNotHaveBean(DataSourcesMeterBinder.class).doesNotHaveBean(MySqlDialectForJooq.class);
                    assertThat(((HikariDataSource) context.getBean(DataSource.class)).getDriverClassName())
                            .isEqualTo(ObProxyDriver.class.getName());
                });
    }
}
