package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxConfig;
import io.obproxy.sandbox.SandboxNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kill -9, pause/resume and restart of real server processes. A cluster of its own, so that a
 * failure here cannot leave a node of the shared cluster down.
 */
class SandboxProcessControlIT {
    private static SandboxCluster cluster;

    @BeforeAll
    static void start() {
        cluster = SandboxCluster.start(SandboxConfig.builder().nodes(2).clusterName("itprocess").build());
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            long[] pids = cluster.nodes().stream().mapToLong(SandboxNode::pid).toArray();
            cluster.close();
            for (long pid : pids) {
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                        "mariadbd " + pid + " left after close");
            }
        }
    }

    @Test
    void killedNodeRestartsOnItsDataDirAndCatchesUp() throws Exception {
        String table = Sql.uniqueName("pc_kill");
        SandboxNode victim = cluster.node(2);
        try (Connection c = cluster.connect(cluster.node(1))) {
            Sql.exec(c, "CREATE TABLE " + table + " (id INT PRIMARY KEY)");
            Sql.exec(c, "INSERT INTO " + table + " VALUES (1)");
        }
        cluster.awaitReplication(Duration.ofSeconds(5));
        long oldPid = victim.pid();
        victim.kill();
        assertFalse(victim.isAlive());
        assertEquals(SandboxNode.State.KILLED, victim.state());
        assertThrows(SQLException.class, () -> cluster.connect(victim).close());
        try (Connection c = cluster.connect(cluster.node(1))) {
            Sql.exec(c, "INSERT INTO " + table + " VALUES (2)");
        }
        victim.restart();
        assertTrue(victim.isAlive());
        assertNotEquals(oldPid, victim.pid());
        cluster.awaitReplication(Duration.ofSeconds(10));
        try (Connection c = cluster.connect(victim)) {
            assertEquals("2", Sql.scalar(c, "SELECT COUNT(*) FROM " + table), "caught up after restart");
        }
        try (Connection c = cluster.connectAsMetadataUser(victim)) {
            assertEquals("2", Sql.scalar(c, "SELECT COUNT(*) FROM oceanbase.DBA_OB_SERVERS WHERE STATUS = 'ACTIVE'"));
        }
        try (Connection c = cluster.connect(victim)) {
            Sql.exec(c, "INSERT INTO " + table + " VALUES (3)");
        }
        cluster.awaitReplication(Duration.ofSeconds(5));
        try (Connection c = cluster.connect(cluster.node(1))) {
            assertEquals("3", Sql.scalar(c, "SELECT COUNT(*) FROM " + table), "restarted node replicates out again");
        }
    }

    @Test
    void pausedNodeAnswersNothingUntilResumed() throws Exception {
        SandboxNode node = cluster.node(1);
        try (Connection c = cluster.connect(node)) {
            c.setNetworkTimeout(Runnable::run, 1000);
            node.pause();
            try {
                assertEquals(SandboxNode.State.PAUSED, node.state());
                long start = System.nanoTime();
                assertThrows(SQLException.class, () -> Sql.scalar(c, "SELECT 1"));
                assertTrue((System.nanoTime() - start) / 1_000_000 >= 900, "timed out, not refused");
            } finally {
                node.resume();
            }
        }
        try (Connection c = cluster.connect(node)) {
            assertEquals("1", Sql.scalar(c, "SELECT 1"));
        }
    }

    @Test
    void cleanRestartKeepsData() throws Exception {
        String table = Sql.uniqueName("pc_restart");
        SandboxNode node = cluster.node(1);
        try (Connection c = cluster.connect(node)) {
            Sql.exec(c, "CREATE TABLE " + table + " (id INT PRIMARY KEY)");
            Sql.exec(c, "INSERT INTO " + table + " VALUES (1)");
        }
        node.restart();
        try (Connection c = cluster.connect(node)) {
            assertEquals("1", Sql.scalar(c, "SELECT COUNT(*) FROM " + table));
        }
    }
}
