package io.obproxy.cluster;

import io.obproxy.metrics.ClusterMetrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health of one cluster's servers, shared by every connection to it.
 *
 * <p>Implementation notes.
 * <ul>
 *   <li>States ({@link Health}): a server that cannot be reached (no TCP connection), and the
 *   server errors of the "server down" class, make it DEAD at once; a connection that broke after it
 *   was established makes it SUSPECT (the server may be fine, one connection died). Any failure
 *   schedules a probe.</li>
 *   <li>Failed logins ({@link #loginFailed}, the rule of {@link ConnectFailure}): a server that
 *   answered (its own error, 1040 too many connections among them) is up; a login that found no
 *   free slot tells nothing; a login whose TCP connection was made but that did not complete
 *   (closed, reset, timed out) makes the server DEAD only when the server answered no other login
 *   while that one was tried. A server that completes other logins meanwhile is busy, not dead:
 *   a burst of logins must not take a healthy server out.</li>
 *   <li>Probes: a connection opened and {@code SELECT 'detect server' FROM DUAL} run, bounded by
 *   the connect timeout, on the registry's bounded probe pool (at most one in flight per server),
 *   with the cluster's proven credentials. Success makes the server ACTIVE, and so does a refused
 *   login (the server answered; the credentials are the cluster's problem, not the server's); failure
 *   makes it DEAD and backs off (250 ms doubling to 5 s). While the cluster has no proven
 *   credentials, probes wait (backing off) and change nothing.
 *   A DEAD server keeps being probed until it answers, so a recovered server returns without a
 *   restart. Probing stops when the cluster is released ({@link #stop}).</li>
 *   <li>Readers never lock: each change publishes a new immutable map through a volatile field,
 *   and {@link Cluster} folds it into the routing {@link Topology}.</li>
 * </ul>
 */
final class ServerHealth {
    private static final Logger log = LoggerFactory.getLogger(ServerHealth.class);
    static final long FIRST_PROBE_DELAY_MILLIS = 250;
    static final long MAX_PROBE_DELAY_MILLIS = 5000;

    private final String name;
    private final ProvenLogin login;
    private final Runnable onChange;
    private final ClusterMetrics metrics;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<ServerAddress, Entry> entries = new HashMap<>(); // guarded by lock
    private volatile Map<ServerAddress, Health> states = Map.of();
    private volatile Map<ServerAddress, Integer> epochs = Map.of();
    /** When each server last answered a login (completed it, or refused it with its own error): nanoTime. */
    private final Map<ServerAddress, Long> lastAnswers = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer; // guarded by lock; null when stopped
    private Executor probes;

    /** One server's record; guarded by the lock. */
    private static final class Entry {
        Health health = Health.ACTIVE;
        /** Failures seen: a connection opened before the last one may be dead. */
        int epoch;
        long delayMillis = FIRST_PROBE_DELAY_MILLIS;
        /** The next probe, waiting for its delay; null when none is. */
        ScheduledFuture<?> pending;
        /** A probe is running (or queued in the pool). */
        boolean running;
    }

    /**
     * @param name     for log lines
     * @param onChange called (outside the lock) after any server changed state
     * @param metrics  counts the servers' failovers (each time one leaves ACTIVE)
     */
    ServerHealth(String name, ProvenLogin login, Runnable onChange, ClusterMetrics metrics) {
        this.name = name;
        this.login = login;
        this.onChange = onChange;
        this.metrics = metrics;
    }

    /** @return each server's state; servers not listed are ACTIVE */
    Map<ServerAddress, Health> states() {
        return states;
    }

    /** @return how many times the server was seen failing; a connection opened at a lower count may be dead */
    int epoch(ServerAddress server) {
        return epochs.getOrDefault(server, 0);
    }

    /** Starts probing with these executors (the cluster is in use). */
    void start(ScheduledExecutorService timer, Executor probes) {
        lock.lock();
        try {
            this.timer = timer;
            this.probes = probes;
            entries.forEach((server, e) -> {
                if (e.health != Health.ACTIVE) {
                    schedule(server, e, e.delayMillis);
                }
            });
        } finally {
            lock.unlock();
        }
    }

    /** Stops probing (the cluster is idle); states stay as they are. */
    void stop() {
        lock.lock();
        try {
            timer = null;
            probes = null;
            entries.values().forEach(e -> {
                if (e.pending != null) {
                    e.pending.cancel(false);
                    e.pending = null;
                }
            });
        } finally {
            lock.unlock();
        }
    }

    /** The server said it cannot serve (starting, stopping, tenant not here): DEAD. */
    void connectFailed(ServerAddress server, String why) {
        change(server, Health.DEAD, why);
    }

    /**
     * A login to the server failed with {@code e}; it began (a login slot asked for) at
     * {@code startedNanos}. DEAD when the server cannot be reached, or when the login's connection was
     * made but the login did not complete and the server answered no other login since it began;
     * nothing otherwise (see the class comment).
     *
     * @return true when the server was made DEAD
     */
    boolean loginFailed(ServerAddress server, java.sql.SQLException e, long startedNanos) {
        switch (ConnectFailure.of(e)) {
            case ANSWERED:
                answered(server);
                return false;
            case NOT_TRIED:
                return false;
            case UNREACHABLE:
                change(server, Health.DEAD, e.getMessage());
                return true;
            default:
                if (answeredSince(server, startedNanos)) {
                    log.debug("cluster {}: a login to {} did not complete, but the server answered others meanwhile"
                            + " (busy, not dead): {}", name, server, e.getMessage());
                    return false;
                }
                change(server, Health.DEAD, "login did not complete, and the server answered no other login"
                        + " meanwhile: " + e.getMessage());
                return true;
        }
    }

    /** The server answered a login (completed it, or sent its own error). */
    private void answered(ServerAddress server) {
        lastAnswers.put(server, System.nanoTime());
    }

    /** @return true when the server answered a login at or after {@code startedNanos} */
    private boolean answeredSince(ServerAddress server, long startedNanos) {
        Long at = lastAnswers.get(server);
        return at != null && at - startedNanos >= 0;
    }

    /** An established connection broke (or timed out reading): SUSPECT, unless already DEAD. */
    void connectionBroke(ServerAddress server, String why) {
        change(server, Health.SUSPECT, why);
    }

    /** Probes every DEAD server not being probed at once, whatever its back-off (cheap: one probe per server at most). */
    void probeDeadNow() {
        if (states.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            entries.forEach((server, e) -> {
                if (e.health == Health.DEAD && !e.running) {
                    if (e.pending != null) {
                        e.pending.cancel(false);
                        e.pending = null;
                    }
                    schedule(server, e, 0);
                }
            });
        } finally {
            lock.unlock();
        }
    }

    /** A connection to the server was opened: ACTIVE. */
    void connected(ServerAddress server) {
        answered(server);
        if (states.getOrDefault(server, Health.ACTIVE) != Health.ACTIVE) {
            change(server, Health.ACTIVE, "connected");
        }
    }

    private void change(ServerAddress server, Health health, String why) {
        boolean changed;
        boolean failedOver;
        lock.lock();
        try {
            Entry e = entries.computeIfAbsent(server, k -> new Entry());
            Health before = e.health;
            if (health == Health.SUSPECT && before == Health.DEAD) {
                return;
            }
            e.health = health;
            changed = before != health;
            failedOver = health != Health.ACTIVE && before == Health.ACTIVE;
            if (failedOver) {
                e.epoch++;
            }
            if (health == Health.ACTIVE) {
                e.delayMillis = FIRST_PROBE_DELAY_MILLIS;
            } else {
                schedule(server, e, health == Health.SUSPECT ? 0 : e.delayMillis);
            }
            if (changed) {
                publish();
                if (health == Health.ACTIVE) {
                    log.warn("cluster {}: server {} is back ({} before)", name, server, before);
                } else {
                    log.warn("cluster {}: server {} is {}: {}", name, server, health, why);
                }
            }
        } finally {
            lock.unlock();
        }
        if (failedOver) {
            metrics.server(server.toString()).failedOver();
        }
        if (changed) {
            onChange.run();
        }
    }

    private void publish() {
        Map<ServerAddress, Health> next = new HashMap<>();
        Map<ServerAddress, Integer> nextEpochs = new HashMap<>();
        entries.forEach((server, e) -> {
            if (e.health != Health.ACTIVE) {
                next.put(server, e.health);
            }
            nextEpochs.put(server, e.epoch);
        });
        epochs = Map.copyOf(nextEpochs);
        states = Map.copyOf(next);
    }

    /** Schedules a probe after {@code delayMillis}, unless one is pending or running; caller holds the lock. */
    private void schedule(ServerAddress server, Entry e, long delayMillis) {
        if (timer == null || e.running || e.pending != null) {
            return;
        }
        try {
            e.pending = timer.schedule(() -> submitProbe(server), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            e.pending = null;
        }
    }

    private void submitProbe(ServerAddress server) {
        Executor pool;
        lock.lock();
        try {
            Entry e = entries.get(server);
            e.pending = null;
            if (e.running || probes == null || e.health == Health.ACTIVE) {
                return;
            }
            e.running = true;
            pool = probes;
        } finally {
            lock.unlock();
        }
        try {
            pool.execute(() -> probe(server));
        } catch (RejectedExecutionException full) {
            lock.lock(); // no room now (or stopped): try again after the back-off
            try {
                Entry e = entries.get(server);
                e.running = false;
                schedule(server, e, e.delayMillis);
            } finally {
                lock.unlock();
            }
        }
    }

    private void probe(ServerAddress server) {
        if (!login.known()) {
            probeSkipped(server);
            return;
        }
        String failure = null;
        long started = System.nanoTime();
        try (Connection c = login.connect(server); Statement st = c.createStatement()) {
            st.execute("SELECT 'detect server' FROM DUAL");
            answered(server);
        } catch (SQLException e) {
            switch (ConnectFailure.of(e)) {
                case ANSWERED: // a refusal, 1040 too many connections, ...: the server is up
                    answered(server);
                    break;
                case NOT_TRIED: // every login slot taken all that time: nothing learned
                    probeSkipped(server);
                    return;
                case UNREACHABLE:
                    failure = e.getMessage();
                    break;
                default: // busy when it answered other logins meanwhile, as for a session's login
                    failure = answeredSince(server, started) ? null : e.getMessage();
                    break;
            }
        } catch (RuntimeException e) {
            failure = e.getMessage();
        }
        probeDone(server, failure);
    }

    /**
     * There were no credentials to probe with, or no login slot: the state stands, the probe runs
     * again after the back-off.
     */
    private void probeSkipped(ServerAddress server) {
        lock.lock();
        try {
            Entry e = entries.get(server);
            e.running = false;
            e.delayMillis = Math.min(MAX_PROBE_DELAY_MILLIS, e.delayMillis * 2);
            schedule(server, e, e.delayMillis);
        } finally {
            lock.unlock();
        }
    }

    /** @param failure why the probe failed, or null when it succeeded */
    private void probeDone(ServerAddress server, String failure) {
        lock.lock();
        try {
            Entry e = entries.get(server);
            e.running = false;
            if (failure == null) {
                e.delayMillis = FIRST_PROBE_DELAY_MILLIS;
            } else {
                e.delayMillis = Math.min(MAX_PROBE_DELAY_MILLIS, e.delayMillis * 2);
            }
        } finally {
            lock.unlock();
        }
        if (failure == null) {
            change(server, Health.ACTIVE, "probe answered");
        } else {
            change(server, Health.DEAD, "probe failed: " + failure); // schedules the next probe
        }
    }
}
