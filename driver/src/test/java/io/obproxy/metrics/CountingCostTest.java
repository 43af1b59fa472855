package io.obproxy.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * What a statement's counting costs the thread that runs it: nothing allocated (the JVM's count of
 * the bytes this thread allocated stays put over many increments).
 */
class CountingCostTest {
    private enum Reason { LEADER, FOLLOWER }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static void count(ServerMetrics server, int times) {
        for (int i = 0; i < times; i++) {
            server.routed((i & 1) == 0 ? Reason.LEADER : Reason.FOLLOWER, (i & 3) == 0);
        }
    }

    @Test
    void countingAStatementAllocatesNothing() {
        ClusterMetrics cluster = new ClusterMetrics("cost", true, () -> 0, () -> 0);
        ServerMetrics server = cluster.server("10.0.0.1:2881");
        count(server, 20_000); // the enum's counters made, the loop compiled
        long before = allocatedBytes();
        count(server, 1_000_000);
        long allocated = allocatedBytes() - before;
        assertTrue(allocated < 4096, allocated + " bytes for a million statements");
        assertEquals(1_020_000, cluster.total(Metric.SERVER_ROUTES));
        assertEquals(1_020_000, cluster.total(Metric.ROUTES));
        assertEquals(255_000, cluster.total(Metric.IDC_ROUTES));
    }
}
