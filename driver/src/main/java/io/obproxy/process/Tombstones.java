package io.obproxy.process;

import io.obproxy.cluster.Cluster;
import io.obproxy.cluster.ServerAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The tombstones this JVM left for logical connections it killed in other instances: sessions
 * held open with attribute {@code obproxy_killed} (see {@link ClusterProcesses}). Bounded: at most
 * {@value #MAX} held, each for {@value #LIFETIME_MINUTES} minutes at most (closed lazily, at the
 * next KILL); the owner of the killed connection usually kills them much sooner, when it notices.
 */
final class Tombstones {
    static final int MAX = 64;
    static final long LIFETIME_MINUTES = 10;

    private record Held(Connection connection, long expiresNanos) {
    }

    private final Deque<Held> held = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();

    /** Leaves a tombstone for a logical connection on every usable server of the cluster. */
    void leave(Cluster cluster, int instance, long connection) {
        Map<String, String> mark = Map.of(ClusterProcesses.KILLED, ClusterProcesses.tombstone(instance, connection));
        long expires = System.nanoTime() + TimeUnit.MINUTES.toNanos(LIFETIME_MINUTES);
        for (ServerAddress server : cluster.topology().active()) {
            try {
                Connection c = cluster.openConnection(server, mark);
                add(new Held(c, expires));
            } catch (SQLException e) {
                // that server is down: the victim's sessions there are gone anyway
            }
        }
    }

    private void add(Held h) {
        lock.lock();
        try {
            long now = System.nanoTime();
            while (!held.isEmpty() && (held.size() >= MAX || held.peekFirst().expiresNanos() < now)) {
                close(held.pollFirst().connection());
            }
            held.addLast(h);
        } finally {
            lock.unlock();
        }
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // killed by the acknowledging owner, most likely
        }
    }
}
