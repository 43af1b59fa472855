package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import io.obproxy.jdbc.ObProxyDataSource;
import io.obproxy.jdbc.ObProxyDriver;
import io.obproxy.sandbox.Partitioning;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxConfig;
import io.obproxy.sandbox.SandboxNode;
import io.obproxy.sandbox.TableLayout;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Node failures under load, through real processes and relays: kill -9, black hole, connection
 * resets, latency, a transaction on a dying node. A cluster of its own (nodes die here); each test
 * has its own driver instance. Figures measured are printed as {@code FAILOVER ...} lines.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverIT {
    private static final int PARTITIONS = 12;
    private static SandboxCluster cluster;
    private ObProxyDriver driver;
    private String table;

    @BeforeAll
    static void start() {
        cluster = SandboxCluster.start(SandboxConfig.builder().clusterName("itfailover").build());
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A HASH table of 12 partitions led round robin; {@code pk} is made by the server, so a write run twice shows twice. */
    @BeforeEach
    void table() throws SQLException {
        table = Sql.createTable(cluster, "ha", "pk CHAR(36) PRIMARY KEY, id BIGINT NOT NULL, server INT, KEY (id)");
        cluster.declare(TableLayout.partitioned("test", table, Partitioning.hash("id", PARTITIONS)));
        driver = new ObProxyDriver();
    }

    @AfterEach
    void restore() throws Exception {
        driver.close();
        for (SandboxNode node : cluster.nodes()) {
            node.relay().pass();
            node.relay().latency(0);
            if (node.state() == SandboxNode.State.KILLED) {
                node.restart();
            }
        }
        cluster.awaitReplication(Duration.ofSeconds(30));
    }

    private Connection connect(String... properties) throws SQLException {
        Properties p = new Properties();
        for (int i = 0; i < properties.length; i += 2) {
            p.setProperty(properties[i], properties[i + 1]);
        }
        return driver.connect(cluster.jdbcUrl(), p);
    }

    private String insertSql() {
        return "INSERT INTO " + table + " (pk, id, server) VALUES (UUID(), ?, @@server_id)";
    }

    /** What a workload saw. */
    private static final class Tally {
        final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        /** Per failure, when its statement was sent and when it failed (System.nanoTime). */
        final ConcurrentLinkedQueue<long[]> failureTimes = new ConcurrentLinkedQueue<>();
        final AtomicLong slowestMillis = new AtomicLong();
        final AtomicLong statements = new AtomicLong();
        /** Per partition, the first acknowledged write at or after {@link #since}. */
        final long[] firstWriteAfter = new long[PARTITIONS];
        volatile long since = Long.MAX_VALUE;

        void failed(SQLException e, long sentAt) {
            failures.add(e.getSQLState() + " " + e.getMessage());
            failureTimes.add(new long[] {sentAt, System.nanoTime()});
        }

        void markFrom(long nanos) {
            java.util.Arrays.fill(firstWriteAfter, 0);
            since = nanos;
        }

        synchronized void written(long id, long nanos) {
            int p = (int) (Math.abs(id) % PARTITIONS);
            if (nanos >= since && firstWriteAfter[p] == 0) {
                firstWriteAfter[p] = nanos;
            }
        }

        /** @return milliseconds from {@link #since} until every partition took a write again, or -1 */
        synchronized long allPartitionsServedMillis() {
            long last = 0;
            for (long t : firstWriteAfter) {
                if (t == 0) {
                    return -1;
                }
                last = Math.max(last, t);
            }
            return (last - since) / 1_000_000;
        }
    }

    /**
     * Threads that each insert rows with their own unique ids (every 4th statement reads one of
     * their rows back by key) until {@code stop}.
     */
    private List<Future<?>> workload(ExecutorService pool, int threads, Tally tally, AtomicBoolean stop,
                                     String... properties) {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long base = (t + 1) * 1_000_000_000L;
            futures.add(pool.submit(() -> {
                try (Connection c = connect(properties);
                     PreparedStatement insert = c.prepareStatement(insertSql());
                     PreparedStatement read = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE id = ?")) {
                    long id = base;
                    for (long seq = 0; !stop.get(); seq++) {
                        long start = System.nanoTime();
                        try {
                            if (seq % 4 == 3) {
                                read.setLong(1, id - 1);
                                try (ResultSet rs = read.executeQuery()) {
                                    rs.next();
                                }
                            } else {
                                insert.setLong(1, ++id);
                                insert.executeUpdate();
                                tally.acknowledged.add(id);
                                tally.written(id, System.nanoTime());
                            }
                        } catch (SQLException e) {
                            tally.failed(e, start);
                        }
                        tally.statements.incrementAndGet();
                        tally.slowestMillis.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                    }
                }
                return null;
            }));
        }
        return futures;
    }

    private static void await(List<Future<?>> futures) throws Exception {
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
    }

    /** @return per acknowledged id, how many rows each running node holds: every count must be 1 */
    private void everyAcknowledgedRowOnceOnEveryRunningNode(Tally tally) throws SQLException {
        cluster.awaitReplication(Duration.ofSeconds(30));
        for (SandboxNode node : cluster.nodes()) {
            if (node.state() != SandboxNode.State.RUNNING) {
                continue;
            }
            try (Connection c = cluster.connect(node); Statement st = c.createStatement()) {
                Set<Long> present = new java.util.HashSet<>();
                long duplicated = 0;
                try (ResultSet rs = st.executeQuery("SELECT id, COUNT(*) FROM " + table + " GROUP BY id")) {
                    while (rs.next()) {
                        present.add(rs.getLong(1));
                        duplicated += rs.getLong(2) - 1;
                    }
                }
                long missing = tally.acknowledged.stream().filter(id -> !present.contains(id)).count();
                System.out.println("FAILOVER node " + node.id() + ": acknowledged rows missing " + missing
                        + ", rows duplicated " + duplicated);
                assertEquals(0, missing, "acknowledged rows missing on node " + node.id());
                assertEquals(0, duplicated, "rows written twice, seen on node " + node.id());
            }
        }
    }

    @Test
    @Order(1)
    void killedNodeUnder16Threads() throws Exception {
        Tally tally = new Tally();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> futures = workload(pool, 16, tally, stop);
        Thread.sleep(1500);
        long before = tally.statements.get();
        SandboxNode victim = cluster.node(2);
        long killedAt = System.nanoTime();
        tally.markFrom(killedAt);
        victim.kill();
        int moved = cluster.electLeadersAwayFrom(2);
        Thread.sleep(4000);
        stop.set(true);
        await(futures);
        pool.shutdown();
        long servedAgain = tally.allPartitionsServedMillis();
        System.out.println("FAILOVER kill -9: statements " + tally.statements.get() + " (" + before + " before the kill),"
                + " failed " + tally.failures.size() + ", every partition written again " + servedAgain
                + " ms after the kill (" + moved + " leaders moved), slowest statement " + tally.slowestMillis.get()
                + " ms; failures: " + tally.failures);
        for (String failure : tally.failures) {
            assertTrue(failure.startsWith("08007 "), "only writes in flight on the dead node may fail, as"
                    + " 'outcome unknown': " + failure);
        }
        assertTrue(tally.failures.size() <= 16, "at most one in-flight statement per thread: " + tally.failures);
        // In flight at the kill: sent around it, failed soon after it. A commit on the sandbox may wait
        // for its replica's semi-synchronous acknowledgment (up to rpl_semi_sync_master_timeout, 0.5 s),
        // and a busy two-core machine adds its own pauses, so one in flight at the kill may have been
        // sent up to a second before it; a statement sent after the kill finds the dead connection
        // closed before sending and goes elsewhere, unless it used that connection less than 1 ms before.
        for (long[] t : tally.failureTimes) {
            long sentMillis = (t[0] - killedAt) / 1_000_000;
            long failedMillis = (t[1] - killedAt) / 1_000_000;
            assertTrue(sentMillis < 1000 && failedMillis < 2000, "a statement sent " + sentMillis
                    + " ms after the kill failed " + failedMillis + " ms after it");
        }
        assertTrue(servedAgain >= 0 && servedAgain < 2000, "every partition served again after " + servedAgain + " ms");
        everyAcknowledgedRowOnceOnEveryRunningNode(tally);
        victim.restart();
        everyAcknowledgedRowOnceOnEveryRunningNode(tally);
    }

    @Test
    @Order(2)
    void blackHoleResetAndLatencyLeaveNoThreadStuck() throws Exception {
        Tally tally = new Tally();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = workload(pool, 8, tally, stop, "socketTimeout", "2000",
                "physicalConnectTimeoutMillis", "1000");
        Thread.sleep(1000);
        SandboxNode hole = cluster.node(3);
        hole.relay().blackHole();
        cluster.electLeadersAwayFrom(3);
        long holeAt = System.nanoTime();
        tally.markFrom(holeAt);
        Thread.sleep(3000);
        long servedDuringHole = tally.allPartitionsServedMillis();
        long during = tally.statements.get();
        hole.relay().pass();
        cluster.node(1).relay().resetConnections();
        cluster.node(2).relay().latency(200);
        Thread.sleep(2000);
        cluster.node(2).relay().latency(0);
        cluster.moveLeader("test", table, 0, 3); // node 3 leads again: it must be back in service
        long backAt = System.nanoTime();
        tally.markFrom(backAt);
        Thread.sleep(3000);
        stop.set(true);
        await(futures);
        pool.shutdown();
        System.out.println("FAILOVER black hole / reset / latency: statements " + tally.statements.get() + ", "
                + during + " by the end of the black hole, every partition written "
                + servedDuringHole + " ms into it, slowest statement " + tally.slowestMillis.get() + " ms, failed "
                + tally.failures.size() + ": " + tally.failures);
        assertTrue(tally.slowestMillis.get() < 2000 + 1000 + 1500,
                "a statement took " + tally.slowestMillis.get() + " ms: socket timeout 2 s + connect 1 s + margin");
        assertTrue(servedDuringHole >= 0, "the workload went on with the others during the black hole");
        for (String failure : tally.failures) {
            assertTrue(failure.startsWith("08007 "), "only writes whose connection broke may fail: " + failure);
        }
        long back = tally.allPartitionsServedMillis();
        assertTrue(back >= 0 && back < 3000, "node 3 took writes again " + back + " ms after it led again");
        everyAcknowledgedRowOnceOnEveryRunningNode(tally);
    }

    @Test
    @Order(3)
    void aTransactionOnADyingNodeIsLostAndTheNextOneRunsElsewhere() throws Exception {
        long id = 3; // partition 3: node 1 leads it round robin
        int leader = cluster.leaderOf("test", table, (int) (id % PARTITIONS), -1);
        try (Connection c = connect(); PreparedStatement insert = c.prepareStatement(insertSql())) {
            c.setAutoCommit(false);
            insert.setLong(1, id);
            insert.executeUpdate();
            assertEquals(String.valueOf(leader), Sql.scalar(c, "SELECT @@server_id"), "pinned to the leader");
            cluster.node(leader).kill();
            cluster.electLeadersAwayFrom(leader);
            insert.setLong(1, id + PARTITIONS);
            SQLException lost = assertThrows(SQLException.class, insert::executeUpdate);
            assertEquals("40001", lost.getSQLState(), lost.getMessage());
            assertTrue(lost.getMessage().startsWith("Transaction lost"), lost.getMessage());
            c.rollback();
            insert.setLong(1, id + 2 * PARTITIONS);
            insert.executeUpdate();
            c.commit();
            int now = cluster.leaderOf("test", table, (int) (id % PARTITIONS), -1);
            c.setAutoCommit(true);
            assertEquals(String.valueOf(now), Sql.scalar(c, "SELECT server FROM " + table + " WHERE id = "
                    + (id + 2 * PARTITIONS)), "the next transaction ran on the new leader");
        }
    }

    @Test
    @Order(4)
    void hikariRecoversWithoutEvictionStormsOrBlockedBorrowers() throws Exception {
        HikariCounts counts = new HikariCounts();
        HikariConfig config = new HikariConfig();
        config.setDataSource(dataSource());
        config.setMaximumPoolSize(8);
        config.setConnectionTimeout(3000);
        config.setValidationTimeout(1000);
        config.setPoolName("failover-it");
        config.setMetricsTrackerFactory((pool, stats) -> counts);
        Tally tally = new Tally();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService borrowers = Executors.newFixedThreadPool(16);
        try (HikariDataSource ds = new HikariDataSource(config)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                long base = (t + 100) * 1_000_000_000L;
                futures.add(borrowers.submit(() -> {
                    for (long id = base; !stop.get(); id++) {
                        long start = System.nanoTime();
                        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(insertSql())) {
                            ps.setLong(1, id);
                            ps.executeUpdate();
                            tally.acknowledged.add(id);
                        } catch (SQLException e) {
                            tally.failed(e, start);
                        }
                        tally.statements.incrementAndGet();
                    }
                    return null;
                }));
            }
            Thread.sleep(1000);
            long createdBefore = counts.created.get();
            cluster.node(1).kill();
            cluster.electLeadersAwayFrom(1);
            Thread.sleep(2000);
            cluster.node(3).relay().blackHole();
            cluster.electLeadersAwayFrom(3);
            Thread.sleep(2000);
            cluster.node(3).relay().pass();
            long beforeEnd = tally.statements.get();
            Thread.sleep(2000);
            stop.set(true);
            await(futures);
            System.out.println("FAILOVER HikariCP: statements " + tally.statements.get() + ", connections created "
                    + createdBefore + " before the faults and " + counts.created.get() + " in all, longest borrow "
                    + counts.longestBorrowMillis.get() + " ms, borrow timeouts " + counts.timeouts.get() + ", failed "
                    + tally.failures.size() + ": " + tally.failures);
            assertEquals(0, counts.timeouts.get(), "borrowers timed out");
            assertTrue(counts.longestBorrowMillis.get() < 3000, "a borrower waited " + counts.longestBorrowMillis.get() + " ms");
            assertTrue(counts.created.get() <= 8 + 16, "connections created: " + counts.created.get()
                    + " (at most one replacement per failed statement)");
            assertTrue(tally.statements.get() > beforeEnd + 100, "the pool works after the faults");
            for (String failure : tally.failures) {
                assertTrue(failure.startsWith("08007 "), failure);
            }
        } finally {
            borrowers.shutdownNow();
        }
        everyAcknowledgedRowOnceOnEveryRunningNode(tally);
    }

    private ObProxyDataSource dataSource() {
        ObProxyDataSource ds = new ObProxyDataSource();
        ds.setUrl("jdbc:obproxy://" + cluster.seeds() + "/test");
        ds.setUser(cluster.tenantUser());
        ds.setPassword(cluster.password());
        ds.setProperty("socketTimeout", "2000");
        ds.setPhysicalConnectTimeoutMillis(1000);
        return ds;
    }

    /** HikariCP's own counts: connections created, how long borrowers waited, borrow timeouts. */
    private static final class HikariCounts implements IMetricsTracker {
        final AtomicLong created = new AtomicLong();
        final AtomicLong timeouts = new AtomicLong();
        final AtomicLong longestBorrowMillis = new AtomicLong();

        @Override
        public void recordConnectionCreatedMillis(long millis) {
            created.incrementAndGet();
        }

        @Override
        public void recordConnectionAcquiredNanos(long nanos) {
            longestBorrowMillis.accumulateAndGet(nanos / 1_000_000, Math::max);
        }

        @Override
        public void recordConnectionTimeout() {
            timeouts.incrementAndGet();
        }
    }
}
