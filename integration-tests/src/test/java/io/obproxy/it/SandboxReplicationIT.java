package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The nodes hold one database: writes and DDL on any node reach every other node, around a paused one too. */
@ExtendWith(SandboxExtension.class)
class SandboxReplicationIT {
    private final SandboxCluster cluster;

    SandboxReplicationIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void ddlOnOneNodeReachesAll() throws SQLException {
        String table = Sql.uniqueName("repl_ddl");
        try (Connection c = cluster.connect(cluster.node(2))) {
            Sql.exec(c, "CREATE TABLE " + table + " (id INT PRIMARY KEY, v VARCHAR(10))");
        }
        cluster.awaitReplication(Duration.ofSeconds(5));
        for (SandboxNode node : cluster.nodes()) {
            try (Connection c = cluster.connect(node)) {
                assertEquals("1", Sql.scalar(c, "SELECT COUNT(*) FROM information_schema.TABLES"
                        + " WHERE TABLE_SCHEMA = 'test' AND TABLE_NAME = '" + table + "'"), "table on " + node);
            }
        }
    }

    @Test
    void rowWrittenOnOneNodeIsReadableOnTheOthersWithinASecond() throws Exception {
        String table = Sql.uniqueName("repl_row");
        try (Connection c = cluster.connect(cluster.node(1))) {
            Sql.exec(c, "CREATE TABLE " + table + " (id INT PRIMARY KEY, v VARCHAR(10))");
        }
        cluster.awaitReplication(Duration.ofSeconds(5));
        try (Connection c = cluster.connect(cluster.node(1))) {
            Sql.exec(c, "INSERT INTO " + table + " VALUES (1, 'one')");
        }
        long start = System.nanoTime();
        for (SandboxNode node : cluster.nodes()) {
            try (Connection c = cluster.connect(node)) {
                while (!"1".equals(Sql.scalar(c, "SELECT COUNT(*) FROM " + table + " WHERE v = 'one'"))) {
                    assertTrue(System.nanoTime() - start < 1_000_000_000L, "row not on " + node + " after 1 s");
                    Thread.sleep(5);
                }
            }
        }
    }

    @Test
    void writesOnDifferentNodesMeetEverywhere() throws SQLException {
        String table = Sql.uniqueName("repl_multi");
        try (Connection c = cluster.connect(cluster.node(3))) {
            Sql.exec(c, "CREATE TABLE " + table + " (id INT PRIMARY KEY, port INT)");
        }
        cluster.awaitReplication(Duration.ofSeconds(5));
        for (SandboxNode node : cluster.nodes()) {
            try (Connection c = cluster.connect(node)) {
                Sql.exec(c, "INSERT INTO " + table + " VALUES (" + node.id() + ", @@port)");
            }
        }
        cluster.awaitReplication(Duration.ofSeconds(5));
        for (SandboxNode node : cluster.nodes()) {
            try (Connection c = cluster.connect(node)) {
                assertEquals("3", Sql.scalar(c, "SELECT COUNT(DISTINCT port) FROM " + table), "rows on " + node);
            }
        }
    }

    /** A paused node is bypassed: the ring closes around it, and it catches up and rejoins once resumed. */
    @Test
    void replicationGoesAroundAPausedNode() throws Exception {
        String table = Sql.createTable(cluster, "repl_pause", "id INT PRIMARY KEY");
        SandboxNode paused = cluster.node(2);
        paused.pause();
        try {
            try (Connection c = cluster.connect(cluster.node(1))) {
                Sql.exec(c, "INSERT INTO " + table + " VALUES (1)");
            }
            cluster.awaitReplication(Duration.ofSeconds(5));
            try (Connection c = cluster.connect(cluster.node(3))) {
                assertEquals("1", Sql.scalar(c, "SELECT COUNT(*) FROM " + table), "node 3 replays node 1 meanwhile");
            }
        } finally {
            paused.resume();
        }
        try (Connection c = cluster.connect(paused)) {
            Sql.exec(c, "INSERT INTO " + table + " VALUES (2)");
        }
        cluster.awaitReplication(Duration.ofSeconds(10));
        for (SandboxNode node : cluster.nodes()) {
            try (Connection c = cluster.connect(node)) {
                assertEquals("2", Sql.scalar(c, "SELECT COUNT(*) FROM " + table), "both rows on " + node);
            }
        }
    }
}
