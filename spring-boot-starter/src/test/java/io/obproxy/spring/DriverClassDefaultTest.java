package io.obproxy.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.obproxy.jdbc.ObProxyDriver;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;

/** The pool is built without a driver class for a {@code jdbc:obproxy:} URL; nothing connects. */
class DriverClassDefaultTest {
    private static final String URL = "spring.datasource.url=jdbc:obproxy://127.0.0.1:1/test";

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(DataSourceAutoConfiguration.class, ObProxyDataSourceAutoConfiguration.class));

    @Test
    void anObProxyUrlNeedsNoDriverClass() {
        runner.withPropertyValues(URL).run(context -> {
            assertThat(context).hasNotFailed();
            HikariDataSource pool = (HikariDataSource) context.getBean(DataSource.class);
            assertThat(pool.getDriverClassName()).isEqualTo(ObProxyDriver.class.getName());
            assertThat(pool.getJdbcUrl()).isEqualTo("jdbc:obproxy://127.0.0.1:1/test");
        });
    }

    @Test
    void withoutTheStarterSpringBootCannotTellTheDriver() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues(URL)
                .run(context -> assertThat(context).getFailure()
                        .hasRootCauseMessage("Failed to determine a suitable driver class"));
    }

    @Test
    void aDriverClassTheApplicationSetWins() {
        runner.withPropertyValues(URL, "spring.datasource.driver-class-name=com.mysql.cj.jdbc.Driver").run(context ->
                assertThat(((HikariDataSource) context.getBean(DataSource.class)).getDriverClassName())
                        .isEqualTo("com.mysql.cj.jdbc.Driver"));
    }

    @Test
    void aDriverClassGivenToHikariWins() {
        runner.withPropertyValues(URL, "spring.datasource.hikari.driver-class-name=com.mysql.cj.jdbc.Driver").run(
                context -> assertThat(((HikariDataSource) context.getBean(DataSource.class)).getDriverClassName())
                        .isEqualTo("com.mysql.cj.jdbc.Driver"));
    }

    /** As {@code @DynamicPropertySource} and other late sources do: after every EnvironmentPostProcessor ran. */
    @Test
    void aUrlFromAPropertySourceAddedWithTheContextWorksToo() {
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(
                "late", Map.of("spring.datasource.url", "jdbc:obproxy://127.0.0.1:1/late")))).run(context -> {
                    HikariDataSource pool = (HikariDataSource) context.getBean(DataSource.class);
                    assertThat(pool.getJdbcUrl()).isEqualTo("jdbc:obproxy://127.0.0.1:1/late");
                    assertThat(pool.getDriverClassName()).isEqualTo(ObProxyDriver.class.getName());
                });
    }

    @Test
    void hikariPropertiesStillApply() {
        runner.withPropertyValues(URL, "spring.datasource.hikari.maximum-pool-size=3",
                "spring.datasource.hikari.data-source-properties.maxLoginsPerServer=4").run(context -> {
                    HikariDataSource pool = (HikariDataSource) context.getBean(DataSource.class);
                    assertThat(pool.getDriverClassName()).isEqualTo(ObProxyDriver.class.getName());
                    assertThat(pool.getMaximumPoolSize()).isEqualTo(3);
                    assertThat(pool.getDataSourceProperties()).containsEntry("maxLoginsPerServer", "4");
                });
    }

    @Test
    void otherUrlsAreLeftAlone() {
        runner.withPropertyValues("spring.datasource.url=jdbc:mysql://127.0.0.1:1/test").run(context ->
                assertThat(((HikariDataSource) context.getBean(DataSource.class)).getDriverClassName())
                        .isEqualTo("com.mysql.cj.jdbc.Driver"));
    }
}
