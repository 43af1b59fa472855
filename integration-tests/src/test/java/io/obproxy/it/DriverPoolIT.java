package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** HikariCP over the driver: many borrowers, clean state on every borrow, nothing left after close. */
@ExtendWith(SandboxExtension.class)
class DriverPoolIT {
    private static final int THREADS = 16;
    private static final int CYCLES = 50;

    private final SandboxCluster cluster;

    DriverPoolIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void sixteenThreadsBorrowTransactAndReturnWithoutLeakingStateOrConnections() throws Exception {
        String table = Sql.createTable(cluster, "pool", "id INT PRIMARY KEY, server INT");
        long[] before = threadsConnected();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(cluster.jdbcUrl());
        config.setMaximumPoolSize(8);
        config.setPoolName("obproxy-it");
        AtomicInteger ids = new AtomicInteger();
        AtomicInteger leaks = new AtomicInteger();
        try (HikariDataSource ds = new HikariDataSource(config)) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < CYCLES; i++) {
                        try (Connection c = ds.getConnection()) {
                            // every borrower must see a fresh session
                            if (!"NULL".equals(String.valueOf(Sql.scalar(c, "SELECT IFNULL(@dirty, 'NULL')")))
                                    || !c.getAutoCommit()) {
                                leaks.incrementAndGet();
                            }
                            c.setAutoCommit(false);
                            Sql.exec(c, "SET @dirty = 1");
                            int id = ids.incrementAndGet();
                            Sql.exec(c, "INSERT INTO " + table + " VALUES (" + id + ", @@server_id)");
                            Sql.exec(c, "UPDATE " + table + " SET server = @@server_id WHERE id = " + id);
                            c.commit();
                            c.endRequest(); // what a JDBC 4.3 pool does when the request ends
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }
        assertEquals(0, leaks.get(), "borrowers saw an earlier borrower's state");
        cluster.awaitReplication(Duration.ofSeconds(10));
        try (Connection c = cluster.connect(cluster.node(2))) {
            assertEquals(String.valueOf(THREADS * CYCLES), Sql.scalar(c, "SELECT COUNT(*) FROM " + table));
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        long[] after;
        do {
            Thread.sleep(100);
            after = threadsConnected();
        } while (!java.util.Arrays.equals(before, after) && System.nanoTime() < deadline);
        for (int i = 0; i < before.length; i++) {
            assertTrue(after[i] <= before[i], "node " + (i + 1) + ": " + before[i] + " tenant sessions before, "
                    + after[i] + " after the pool closed");
        }
    }

    /** @return per node, sessions of the tenant user open now */
    private long[] threadsConnected() throws SQLException {
        long[] counts = new long[3];
        for (SandboxNode node : cluster.nodes()) {
            try (Connection admin = node.adminConnection()) {
                counts[node.id() - 1] = Long.parseLong(Sql.scalar(admin,
                        "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '" + cluster.tenantUser() + "'"));
            }
        }
        return counts;
    }
}
