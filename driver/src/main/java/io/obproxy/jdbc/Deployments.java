package io.obproxy.jdbc;

import io.obproxy.cluster.Cluster;
import io.obproxy.cluster.ClusterKey;
import io.obproxy.cluster.ClusterRegistry;
import io.obproxy.cluster.ClusterSettings;
import io.obproxy.cluster.ColumnTypes;
import io.obproxy.cluster.ConfigServer;
import io.obproxy.cluster.ConfigServerDirectory;
import io.obproxy.cluster.Deployment;
import io.obproxy.cluster.ServerAddress;
import io.obproxy.cluster.TenantRole;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a connection's {@link Deployment} from its configuration: the clusters of the config
 * server ({@code configUrl}), of the {@code clusters} property and of the URL's hosts (named by the
 * user name's {@code #cluster}, else unnamed), narrowed to the one the user name selects. Each is
 * acquired from the registry (shared with other connections); one that cannot be reached is left
 * out with a WARN, as long as another can be.
 */
final class Deployments {
    private static final Logger log = LoggerFactory.getLogger(Deployments.class);

    private Deployments() {
    }

    /** @return a connector with the metadata credentials, or null when the application gave none */
    private static PhysicalConnector metadataLogin(DriverConfig config, PhysicalConnector connector) {
        String user = config.get(ObProxyProperty.METADATA_USER);
        return user == null || user.isBlank() ? null
                : connector.withLogin(user.trim(), config.get(ObProxyProperty.METADATA_PASSWORD));
    }

    private record Source(String name, List<ServerAddress> seeds, TenantRole roleHint) {
    }

    /** @return the deployment; its clusters must be released with the registry when the connection closes */
    static Deployment acquire(DriverConfig config, PhysicalConnector connector, ClusterRegistry registry,
                              ConfigServerDirectory directory) throws SQLException {
        ClusterSettings settings = new ClusterSettings(config.getBoolean(ObProxyProperty.DISCOVER_SERVERS),
                config.getInt(ObProxyProperty.SERVER_LIST_REFRESH_SECONDS), config.getInt(ObProxyProperty.METADATA_TIMEOUT),
                config.getEnum(ObProxyProperty.TENANT_COLUMN_TYPES, ColumnTypes.class), metadataLogin(config, connector),
                config.getBoolean(ObProxyProperty.METRICS));
        List<Source> sources = sources(config, directory);
        String wanted = config.user().cluster();
        if (wanted != null) {
            sources.removeIf(s -> !s.name().equals(wanted));
            if (sources.isEmpty()) {
                throw new SQLException("Unknown cluster '" + wanted + "' in the user name: the configuration names "
                        + names(sources(config, directory)), "08001");
            }
            sources = sources.subList(0, 1);
        }
        List<Deployment.Member> members = new ArrayList<>();
        SQLException failure = null;
        for (Source source : sources) {
            ClusterKey key = new ClusterKey(source.seeds(), config.user().tenant(), source.name().isEmpty() ? null
                    : source.name(), config.user().serverLogin(), settings.metadataLogin() == null ? null
                    : config.get(ObProxyProperty.METADATA_USER).trim());
            try {
                Cluster cluster = registry.acquire(key, connector, settings);
                cluster.assumeRole(source.roleHint());
                members.add(new Deployment.Member(source.name(), cluster));
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (members.isEmpty()) {
            throw failure;
        }
        if (failure != null) {
            log.warn("a configured cluster cannot be reached, connecting to the others: {}", failure.getMessage());
            log.debug("a configured cluster cannot be reached", failure);
        }
        return new Deployment(members, wanted != null);
    }

    private static List<Source> sources(DriverConfig config, ConfigServerDirectory directory) throws SQLException {
        List<Source> sources = new ArrayList<>();
        String url = config.get(ObProxyProperty.CONFIG_URL);
        if (url != null) {
            for (ConfigServer.Entry e : directory.clusters(url, config.getInt(ObProxyProperty.SERVER_LIST_REFRESH_SECONDS)
                    * 1000L, config.getInt(ObProxyProperty.METADATA_TIMEOUT))) {
                sources.add(new Source(e.name(), e.seeds(), TenantRole.of(e.type())));
            }
        }
        for (Map.Entry<String, List<ServerAddress>> e : config.clusters().entrySet()) {
            sources.add(new Source(e.getKey(), e.getValue(), TenantRole.UNKNOWN));
        }
        if (!config.seeds().isEmpty()) {
            String name = config.user().cluster();
            sources.add(new Source(name == null ? "" : name, config.seeds(), TenantRole.UNKNOWN));
        }
        return sources;
    }

    private static List<String> names(List<Source> sources) {
        List<String> names = new ArrayList<>();
        for (Source s : sources) {
            names.add(s.name().isEmpty() ? "(the URL's hosts)" : s.name());
        }
        return names;
    }
}
