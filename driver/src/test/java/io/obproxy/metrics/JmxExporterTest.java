package io.obproxy.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** MBeans come with a cluster (and its servers) and go with it; attributes read live values. */
class JmxExporterTest {
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    private enum Reason { LEADER }

    @Test
    void aClusterAndItsServersAreMBeansWhileTheClusterExists() throws Exception {
        DriverMetrics driver = new DriverMetrics();
        ClusterMetrics cluster = new ClusterMetrics("jmx@t/10.0.0.1:2881", true, () -> 0, () -> 0);
        driver.added(cluster);
        ObjectName clusterName = new ObjectName("io.obproxy:type=Cluster,cluster=" + ObjectName.quote(cluster.name()));
        ObjectName serverName = new ObjectName("io.obproxy:type=Server,cluster=" + ObjectName.quote(cluster.name())
                + ",server=" + ObjectName.quote("10.0.0.1:2881"));
        assertTrue(server.isRegistered(clusterName));
        assertFalse(server.isRegistered(serverName), "no server seen yet");

        cluster.server("10.0.0.1:2881").routed(Reason.LEADER, false);
        cluster.transactionLost();
        assertTrue(server.isRegistered(serverName), "registered when first seen");
        assertEquals(1L, server.getAttribute(clusterName, "Routes_leader"));
        assertEquals(1L, server.getAttribute(clusterName, "TransactionsLost_40001"));
        assertEquals(1L, server.getAttribute(serverName, "ServerRoutes"));
        cluster.server("10.0.0.1:2881").routed(Reason.LEADER, false);
        assertEquals(2L, server.getAttribute(serverName, "ServerRoutes"));

        DriverMetrics other = new DriverMetrics();
        ClusterMetrics same = new ClusterMetrics(cluster.name(), true, () -> 0, () -> 0);
        other.added(same);
        assertTrue(server.isRegistered(new ObjectName(clusterName + ",instance=2")), "a second instance's cluster");
        same.server("10.0.0.1:2881");
        assertTrue(server.isRegistered(new ObjectName(serverName + ",instance=2")), "and its servers");

        driver.removed(cluster);
        other.removed(same);
        assertFalse(server.isRegistered(clusterName));
        assertFalse(server.isRegistered(serverName));
        assertTrue(server.queryNames(new ObjectName("io.obproxy:cluster=" + ObjectName.quote(cluster.name()) + ",*"),
                null).isEmpty());
    }
}
