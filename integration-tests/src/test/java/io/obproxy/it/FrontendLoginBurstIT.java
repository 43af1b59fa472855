package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The burst of logins, through a front end in a JVM of its own (its log kept): 300 clients
 * (Connector/J, one thread each) log in at once and hold their connections, against a one-node
 * sandbox whose server takes at most 60 connections, while 10 clients logged in before run a
 * transaction each. The server answers the logins beyond its limit with 1040 Too many connections
 * and serves the others. Before the fix each 1040 made the front end mark the node DEAD (a failed
 * login whose SQLSTATE is class 08), which also made every connection opened to it before untrusted:
 * the transactions there were lost ("Transaction lost ... Server ... is down").
 */
class FrontendLoginBurstIT {
    private static final int CLIENTS = 300;
    private static final int MAX_CONNECTIONS = 60;
    private static final int IN_TRANSACTION = 10;

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** What one client got: "ok", or its error as code/SQLSTATE: message. */
    private static String outcome(SQLException e) {
        return e.getErrorCode() + "/" + e.getSQLState() + ": " + e.getMessage();
    }

    @Test
    void aBurstOfLoginsGetsTheServersOwnErrorAndTakesNoServerOut(@TempDir Path dir) throws Exception {
        try (SandboxCluster cluster = SandboxCluster.start(SandboxConfig.builder().nodes(1).clusterName("logins")
                .build())) {
            try (Connection c = cluster.connect(cluster.node(1))) {
                Sql.exec(c, "SET GLOBAL max_connections = " + MAX_CONNECTIONS);
            }
            try (FrontendProcess fe = FrontendProcess.start(java(), List.of(), cluster, dir)) {
                String url = "jdbc:mysql://127.0.0.1:" + fe.port() + "/test?sslMode=DISABLED&connectTimeout=30000"
                        + "&socketTimeout=60000";
                List<Connection> transactions = new ArrayList<>();
                for (int i = 0; i < IN_TRANSACTION; i++) {
                    Connection t = DriverManager.getConnection(url, cluster.tenantUser(), cluster.password());
                    t.setAutoCommit(false);
                    Sql.scalar(t, "SELECT 1"); // the transaction is open (pinned to the node) from here
                    transactions.add(t);
                }
                CountDownLatch start = new CountDownLatch(1);
                CountDownLatch attempted = new CountDownLatch(CLIENTS);
                CountDownLatch release = new CountDownLatch(1);
                Map<String, AtomicInteger> outcomes = new TreeMap<>();
                List<Thread> threads = new ArrayList<>();
                long t0 = System.nanoTime();
                for (int i = 0; i < CLIENTS; i++) {
                    Thread t = new Thread(() -> {
                        String result;
                        Connection c = null;
                        try {
                            start.await();
                            c = DriverManager.getConnection(url, cluster.tenantUser(), cluster.password());
                            result = "1".equals(Sql.scalar(c, "SELECT 1")) ? "ok" : "wrong answer";
                        } catch (SQLException e) {
                            result = outcome(e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            result = "interrupted";
                        }
                        attempted.countDown();
                        try {
                            if (c != null) {
                                release.await(); // held until every client tried: the server stays full
                                try (Connection held = c) {
                                    if (!"test".equals(Sql.scalar(held, "SELECT DATABASE()"))) {
                                        result = "lost its session";
                                    }
                                } catch (SQLException e) {
                                    result = "held connection failed: " + outcome(e);
                                }
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        synchronized (outcomes) {
                            outcomes.computeIfAbsent(result, k -> new AtomicInteger()).incrementAndGet();
                        }
                    }, "burst-client-" + i);
                    t.start();
                    threads.add(t);
                }
                start.countDown();
                List<String> lostTransactions = new ArrayList<>();
                while (!attempted.await(20, TimeUnit.MILLISECONDS)) { // the transactions go on during the burst
                    for (Connection t : transactions) {
                        try {
                            Sql.scalar(t, "SELECT 1");
                        } catch (SQLException e) {
                            lostTransactions.add(outcome(e));
                        }
                    }
                    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(90), "every client's login ended");
                }
                for (Connection t : transactions) {
                    try (t) {
                        t.commit();
                    } catch (SQLException e) {
                        lostTransactions.add(outcome(e));
                    }
                }
                long loginMillis = (System.nanoTime() - t0) / 1_000_000;
                release.countDown();
                for (Thread t : threads) {
                    t.join(30_000);
                }
                System.out.println("burst of " + CLIENTS + " logins against max_connections " + MAX_CONNECTIONS
                        + " in " + loginMillis + " ms: " + outcomes);

                int ok = outcomes.getOrDefault("ok", new AtomicInteger()).get();
                int tooMany = outcomes.entrySet().stream().filter(e -> e.getKey().startsWith("1040/08004: "))
                        .mapToInt(e -> e.getValue().get()).sum();
                assertEquals(List.of(), lostTransactions, "the transactions open during the burst went on");
                assertEquals(CLIENTS, ok + tooMany, "every client works or gets the server's own 1040: " + outcomes);
                assertEquals(Map.of("1040/08004: Too many connections", tooMany), outcomes.entrySet().stream()
                        .filter(e -> !e.getKey().equals("ok")).collect(java.util.stream.Collectors.toMap(
                                Map.Entry::getKey, e -> e.getValue().get())), "as the server said it");
                assertTrue(ok >= MAX_CONNECTIONS / 4, "the server's connections served clients: " + outcomes);
                assertTrue(tooMany > 0, "the burst went beyond max_connections: " + outcomes);
                assertFalse(fe.log().contains(" is DEAD"), "no server marked DEAD:\n" + fe.log());

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (true) { // the held connections' server sessions end a moment after their clients left
                    try (Connection after = DriverManager.getConnection(url, cluster.tenantUser(), cluster.password())) {
                        assertEquals("test", Sql.scalar(after, "SELECT DATABASE()"), "the server serves the next login");
                        break;
                    } catch (SQLException e) {
                        if (e.getErrorCode() != 1040 || System.nanoTime() > deadline) {
                            throw e;
                        }
                        Thread.sleep(100);
                    }
                }
                assertFalse(fe.log().contains(" is DEAD"), "no server marked DEAD:\n" + fe.log());
            }
        }
    }
}
