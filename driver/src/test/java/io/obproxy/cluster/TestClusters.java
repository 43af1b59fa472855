package io.obproxy.cluster;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Clusters for unit tests of other packages, built without a database: the servers are the seeds
 * (no metadata discovery, no tenant, so no role is read), admitted through a login whose only
 * connection is opened and closed unused. Not registered anywhere, so no background refresh and no
 * probes run: a server's health changes only when a test or the code under test reports it.
 */
public final class TestClusters {
    private TestClusters() {
    }

    /** @return a loaded cluster of {@code servers}, all ACTIVE, whose table locations are all unknown */
    public static Cluster of(List<ServerAddress> servers) {
        Cluster cluster = new Cluster(new ClusterKey(servers, null, null, "test", null),
                new ClusterSettings(false, 60, 1000, ColumnTypes.CURRENT, null, true),
                Runnable::run);
        try {
            cluster.admit(server -> unused(), TimeUnit.DAYS.toNanos(1));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return cluster;
    }

    /** @return a connection that answers every call with a default value (the admitting login's) */
    private static Connection unused() {
        return (Connection) Proxy.newProxyInstance(TestClusters.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? Boolean.FALSE : null);
    }
}
