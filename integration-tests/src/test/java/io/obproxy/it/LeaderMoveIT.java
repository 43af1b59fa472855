package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.sandbox.Partitioning;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.TableLayout;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Leaders move while 4 threads insert in autocommit: the first write that reaches an old leader is
 * refused (4038, it did not run), the driver refreshes the table's location and sends it again to
 * the new leader; the application sees no error and every row is written once.
 */
@ExtendWith(SandboxExtension.class)
class LeaderMoveIT {
    private static final int THREADS = 4;
    private static final int ROWS_PER_THREAD = 150;

    private final SandboxCluster cluster;

    LeaderMoveIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void writesFollowMovedLeadersWithoutErrors() throws Exception {
        String table = Sql.createTable(cluster, "move", "id BIGINT PRIMARY KEY, server INT");
        cluster.declare(TableLayout.partitioned("test", table, Partitioning.hash("id", 6)));
        AtomicLong ids = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            futures.add(pool.submit(() -> {
                try (Connection c = DriverManager.getConnection(cluster.jdbcUrl());
                     PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, server) VALUES (?, @@server_id)")) {
                    for (int i = 0; i < ROWS_PER_THREAD; i++) {
                        ps.setLong(1, ids.incrementAndGet());
                        ps.executeUpdate();
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (ids.get() < THREADS * ROWS_PER_THREAD / 3 && errors.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(errors.isEmpty(), "errors before the move: " + errors);
        int[] moved = new int[6];
        for (int p = 0; p < 6; p++) {
            moved[p] = cluster.leaderOf("test", table, p, -1) % 3 + 1;
            cluster.moveLeader("test", table, p, moved[p]);
        }
        long afterMove = ids.get() + THREADS; // rows numbered above this were sent after every move
        for (Future<?> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertTrue(errors.isEmpty(), "errors reached the application: " + errors);
        cluster.awaitReplication(Duration.ofSeconds(10));
        try (Connection c = cluster.connect(cluster.node(1))) {
            assertEquals(String.valueOf(THREADS * ROWS_PER_THREAD), Sql.scalar(c, "SELECT COUNT(*) FROM " + table));
            for (int p = 0; p < 6; p++) {
                assertEquals("0", Sql.scalar(c, "SELECT COUNT(*) FROM " + table + " WHERE MOD(id, 6) = " + p
                        + " AND id > " + afterMove + " AND server <> " + moved[p]),
                        "rows of partition " + p + " written after the move on a node other than its new leader");
            }
        }
    }
}
