package io.obproxy.spring;

import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DefaultConfiguration;
import org.springframework.boot.autoconfigure.jooq.DefaultConfigurationCustomizer;
import org.springframework.boot.autoconfigure.jooq.JooqProperties;

/**
 * Gives jOOQ the MySQL dialect over a {@code jdbc:obproxy:} data source. jOOQ guesses its dialect
 * from the JDBC URL's prefix, does not know ours and falls back to {@link SQLDialect#DEFAULT}, in
 * which MySQL-only clauses are dropped without a word ({@code onDuplicateKeyIgnore()} becomes a
 * plain INSERT). Only when the application chose no dialect ({@code spring.jooq.sql-dialect}) and
 * the guess was DEFAULT.
 */
final class MySqlDialectForJooq implements DefaultConfigurationCustomizer {
    private final JooqProperties properties;
    private final DataSource dataSource;

    MySqlDialectForJooq(JooqProperties properties, DataSource dataSource) {
        this.properties = properties;
        this.dataSource = dataSource;
    }

    @Override
    public void customize(DefaultConfiguration configuration) {
        if (properties.getSqlDialect() == null && configuration.dialect() == SQLDialect.DEFAULT
                && ObProxyDataSources.isObProxy(dataSource)) {
            configuration.set(SQLDialect.MYSQL);
        }
    }
}
