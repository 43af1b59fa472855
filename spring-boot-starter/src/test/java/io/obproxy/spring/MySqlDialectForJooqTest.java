package io.obproxy.spring;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jooq.JooqAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * jOOQ's dialect over a data source whose server cannot be reached (port 1): Spring Boot's own guess
 * is then DEFAULT for any URL (Spring Boot logs its failure to connect), so these cases show what the starter changes and what it leaves.
 * The integration test checks it against a running cluster.
 */
class MySqlDialectForJooqTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(DataSourceAutoConfiguration.class, JooqAutoConfiguration.class,
                    ObProxyDataSourceAutoConfiguration.class, ObProxyJooqAutoConfiguration.class))
            .withPropertyValues("spring.datasource.hikari.connection-timeout=250");

    @Test
    void anObProxyDataSourceGetsMySql() {
        runner.withPropertyValues("spring.datasource.url=jdbc:obproxy://127.0.0.1:1/test").run(context ->
                assertThat(context.getBean(DSLContext.class).dialect()).isEqualTo(SQLDialect.MYSQL));
    }

    @Test
    void aDialectTheApplicationChoseWins() {
        runner.withPropertyValues("spring.datasource.url=jdbc:obproxy://127.0.0.1:1/test",
                "spring.jooq.sql-dialect=MARIADB").run(context ->
                assertThat(context.getBean(DSLContext.class).dialect()).isEqualTo(SQLDialect.MARIADB));
    }

    @Test
    void otherDataSourcesAreLeftAlone() {
        runner.withBean(DataSource.class, () -> new DriverManagerDataSource("jdbc:unknown:test")).run(context ->
                assertThat(context.getBean(DSLContext.class).dialect()).isEqualTo(SQLDialect.DEFAULT));
    }
}
