package io.obproxy.spring;

import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.jooq.JooqAutoConfiguration;
import org.springframework.boot.autoconfigure.jooq.JooqProperties;
import org.springframework.context.annotation.Bean;

/** jOOQ speaks MySQL over a {@code jdbc:obproxy:} data source unless told otherwise: see {@link MySqlDialectForJooq}. */
@AutoConfiguration(after = JooqAutoConfiguration.class)
@ConditionalOnClass(DSLContext.class)
@ConditionalOnBean(JooqProperties.class)
@ConditionalOnSingleCandidate(DataSource.class)
public class ObProxyJooqAutoConfiguration {
    /** Read by jOOQ's auto-configuration when it makes its configuration, whatever the order of the two. */
    @Bean
    MySqlDialectForJooq obProxyJooqDialect(JooqProperties properties, DataSource dataSource) {
        return new MySqlDialectForJooq(properties, dataSource);
    }
}
