package io.obproxy.spring;

import com.zaxxer.hikari.HikariDataSource;
import io.obproxy.jdbc.ObProxyDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.util.ClassUtils;

/**
 * Tells whether an application's {@link DataSource} reaches the cluster through this driver, without
 * opening a connection: our own {@link ObProxyDataSource}, or a HikariCP pool (behind any proxy
 * Spring can see through) over a {@code jdbc:obproxy:} URL or an {@code ObProxyDataSource}.
 */
final class ObProxyDataSources {
    private static final boolean HIKARI = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
            ObProxyDataSources.class.getClassLoader());

    private ObProxyDataSources() {
    }

    /** @return true when connections of {@code dataSource} are logical connections of this driver */
    static boolean isObProxy(DataSource dataSource) {
        if (DataSourceUnwrapper.unwrap(dataSource, ObProxyDataSource.class) != null) {
            return true;
        }
        if (HIKARI) {
            HikariDataSource hikari = DataSourceUnwrapper.unwrap(dataSource, HikariDataSource.class);
            if (hikari != null) {
                return ObProxyUrls.isObProxy(hikari.getJdbcUrl()) || hikari.getDataSource() instanceof ObProxyDataSource;
            }
        }
        try {
            return dataSource.isWrapperFor(ObProxyDataSource.class);
        } catch (SQLException e) {
            return false;
        }
    }
}
