package io.obproxy.metrics;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports a driver instance's clusters to the platform MBean server: per cluster
 * {@code io.obproxy:type=Cluster,cluster="<name>"}, per server
 * {@code io.obproxy:type=Server,cluster="<name>",server="<host:port>"} (values quoted), registered when
 * the cluster (or the server, first seen later) appears and unregistered with the cluster. A second
 * driver instance in the JVM with a cluster of the same name gets {@code ,instance=2} (and so on)
 * added to its names. A registration that fails is logged and skipped: metrics never fail a connection.
 */
final class JmxExporter implements MetricsListener {
    private static final Logger log = LoggerFactory.getLogger(JmxExporter.class);
    static final String DOMAIN = "io.obproxy";

    /** Per cluster, the names registered for it: the cluster's first. */
    private final Map<ClusterMetrics, Map<String, ObjectName>> registered = new ConcurrentHashMap<>();

    @Override
    public void clusterAdded(ClusterMetrics cluster) {
        Map<String, ObjectName> names = new ConcurrentHashMap<>();
        if (registered.putIfAbsent(cluster, names) != null) {
            return;
        }
        ObjectName name = register("type=Cluster,cluster=" + ObjectName.quote(cluster.name()), null, "cluster "
                + cluster.name(), () -> cluster.series().stream().filter(s -> !s.labels().containsKey("server"))
                .collect(Collectors.toList()));
        if (name != null) {
            names.put("", name);
            cluster.onNewSeries(() -> registerServers(cluster, names));
            registerServers(cluster, names);
        }
    }

    private void registerServers(ClusterMetrics cluster, Map<String, ObjectName> names) {
        if (registered.get(cluster) != names) {
            return; // removed meanwhile
        }
        String instance = names.get("").getKeyProperty("instance");
        for (ServerMetrics s : cluster.servers()) {
            names.computeIfAbsent(s.address(), address -> register("type=Server,cluster="
                    + ObjectName.quote(cluster.name()) + ",server=" + ObjectName.quote(address), instance,
                    "server " + address + " of " + cluster.name(), serverSeries(cluster, address)));
        }
    }

    private static Supplier<List<Series>> serverSeries(ClusterMetrics cluster, String address) {
        return () -> cluster.series().stream().filter(s -> address.equals(s.labels().get("server")))
                .collect(Collectors.toList());
    }

    /** @return the platform MBean server, asked for only when a cluster appears (not when a driver class loads) */
    private static MBeanServer server() {
        return ManagementFactory.getPlatformMBeanServer();
    }

    /**
     * @param instance the {@code instance} key its cluster got, or null to take the first free one
     * @return the name it was registered under, or null when it could not be
     */
    private ObjectName register(String properties, String instance, String description, Supplier<List<Series>> series) {
        for (int n = 1; n < 1000; n++) {
            String suffix = instance != null ? ",instance=" + instance : n == 1 ? "" : ",instance=" + n;
            try {
                ObjectName name = new ObjectName(DOMAIN + ":" + properties + suffix);
                server().registerMBean(new SeriesMBean(description, series), name);
                return name;
            } catch (InstanceAlreadyExistsException taken) {
                if (instance != null) {
                    log.warn("metrics of {} not exported to JMX: {} is taken", description, taken.getMessage());
                    return null;
                }
                // another driver instance's cluster of that name: try the next instance number
            } catch (JMException | RuntimeException e) {
                log.warn("metrics of {} not exported to JMX: {}", description, e.toString());
                return null;
            }
        }
        return null;
    }

    @Override
    public void clusterRemoved(ClusterMetrics cluster) {
        Map<String, ObjectName> names = registered.remove(cluster);
        if (names == null) {
            return;
        }
        for (ObjectName name : names.values()) {
            try {
                server().unregisterMBean(name);
            } catch (JMException e) {
                log.debug("{} was already unregistered: {}", name, e.toString());
            }
        }
    }
}
