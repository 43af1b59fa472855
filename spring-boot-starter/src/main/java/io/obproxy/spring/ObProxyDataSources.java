package io.obproxy.spring;

import com.zaxxer.hikari.HikariDataSource;
import io.obproxy.jdbc.ObProxyDataSource;
import io.obproxy.jdbc.ObProxyDriver;
import io.obproxy.metrics.DriverMetrics;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.util.ClassUtils;

/**
 * Finds out, without opening a connection, whether an application's {@link DataSource} reaches the
 * cluster through this driver and which driver instance serves it: our own {@link ObProxyDataSource}
 * (its own instance), or a HikariCP pool, behind any proxy Spring can see through, over an
 * {@code ObProxyDataSource} or over a {@code jdbc:obproxy:} URL. HikariCP opens such a URL with the
 * driver instance registered with {@link DriverManager} (it looks the class name up there first),
 * so that is the instance whose metrics count the pool's connections.
 */
final class ObProxyDataSources {
    private static final boolean HIKARI = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
            ObProxyDataSources.class.getClassLoader());

    private ObProxyDataSources() {
    }

    /** @return true when connections of {@code dataSource} are logical connections of this driver */
    static boolean isObProxy(DataSource dataSource) {
        return own(dataSource) != null || obProxyUrl(dataSource) != null;
    }

    /**
     * @return the metrics of the driver instance behind {@code dataSource} (its clusters, their
     * servers' health, the location cache), or null when it is not ours or that instance is not
     * reachable from here (a driver loaded by another class loader)
     */
    static DriverMetrics metrics(DataSource dataSource) {
        ObProxyDataSource own = own(dataSource);
        if (own != null) {
            return own.metrics();
        }
        String url = obProxyUrl(dataSource);
        if (url == null) {
            return null;
        }
        try {
            Driver driver = DriverManager.getDriver(url);
            return driver instanceof ObProxyDriver obproxy ? obproxy.metrics() : null;
        } catch (SQLException e) {
            return null;
        }
    }

    private static ObProxyDataSource own(DataSource dataSource) {
        ObProxyDataSource own = DataSourceUnwrapper.unwrap(dataSource, ObProxyDataSource.class);
        if (own == null && HIKARI) {
            HikariDataSource hikari = DataSourceUnwrapper.unwrap(dataSource, HikariDataSource.class);
            if (hikari != null && hikari.getDataSource() instanceof ObProxyDataSource inner) {
                return inner;
            }
        }
        return own;
    }

    /** @return the {@code jdbc:obproxy:} URL of a HikariCP pool, or null */
    private static String obProxyUrl(DataSource dataSource) {
        if (!HIKARI) {
            return null;
        }
        HikariDataSource hikari = DataSourceUnwrapper.unwrap(dataSource, HikariDataSource.class);
        return hikari != null && ObProxyUrls.isObProxy(hikari.getJdbcUrl()) ? hikari.getJdbcUrl() : null;
    }
}
