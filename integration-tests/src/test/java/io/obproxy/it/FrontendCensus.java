package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.frontend.FrontendServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.stream.Stream;

/**
 * What a front end in this JVM holds at one moment, counted from outside: its client slots, the
 * processlist entries a fresh client sees, the server sessions of the front end's logical connections on
 * every node, and this process's open file descriptors and live threads. Taken before and after
 * something hostile, the two must agree (descriptors and threads within a small slack: the JVM and
 * the test's own connections come and go). Threads are compared once the front end is closed
 * ({@link #awaitThreadsBack}): its pool keeps idle platform threads for a minute, which is no leak,
 * while a client thread stuck for good would still be there.
 */
record FrontendCensus(int clients, int processes, int serverSessions, long descriptors, int threads) {
    private static final int SLACK = 8;

    /**
     * @param server a front end whose URL names the tenant user in {@code adminUsers} ({@link #adminUrl}),
     *               so that its processlist shows every client, logged in or not
     */
    static FrontendCensus take(FrontendEndpoint fe, FrontendServer server) throws SQLException, IOException {
        int clients = server.clients();
        int sessions = ServerSessions.withAttribute(fe.cluster(), "obproxy_instance",
                Integer.toString(server.instanceId()));
        long descriptors;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            descriptors = fds.count();
        }
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        int processes;
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.address().getPort()
                + "/test?sslMode=DISABLED", fe.user(), fe.password())) {
            processes = Sql.rows(c, "SHOW PROCESSLIST").size() - 1; // not this one
        }
        return new FrontendCensus(clients, processes, sessions, descriptors, threads);
    }

    /** @return the URL option of a front end whose processlist shows the tenant user every client */
    static String adminUrl(FrontendEndpoint fe) {
        return "jdbc:obproxy://" + fe.cluster().seeds() + "/" + fe.cluster().config().database() + "?adminUsers="
                + fe.user();
    }

    /** @return true when no more clients, processes, sessions and descriptors are held than in {@code before} */
    boolean holdsNoMoreThan(FrontendCensus before) {
        return clients <= before.clients && processes <= before.processes && serverSessions <= before.serverSessions
                && descriptors <= before.descriptors + SLACK;
    }

    /** Waits (up to 10 s) until no more threads live than in {@code before}, the front end closed. */
    static int awaitThreadsBack(FrontendCensus before) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        int now = ManagementFactory.getThreadMXBean().getThreadCount();
        while (now > before.threads + SLACK && System.nanoTime() < deadline) {
            Thread.sleep(100);
            now = ManagementFactory.getThreadMXBean().getThreadCount();
        }
        assertTrue(now <= before.threads + SLACK, "threads before: " + before.threads + ", after: " + now);
        return now;
    }

    /** Waits (up to 20 s: closes finish on the servers a little later) until nothing more is held than before. */
    static FrontendCensus awaitBack(FrontendCensus before, FrontendEndpoint fe, FrontendServer server)
            throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        FrontendCensus now = take(fe, server);
        while (!now.holdsNoMoreThan(before) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            now = take(fe, server);
        }
        assertTrue(now.holdsNoMoreThan(before), "before: " + before + ", after: " + now);
        return now;
    }
}
