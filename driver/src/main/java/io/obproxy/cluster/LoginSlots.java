package io.obproxy.cluster;

import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the physical logins one driver instance runs at once to each server (TCP connect, greeting,
 * authentication, Connector/J's first queries): a burst of logical connections then queues here, in
 * arrival order, instead of swamping the server's listen queue and login threads, where logins time
 * out and a healthy server looks dead. A login waits for a free slot at most the time it may take
 * in all; one that gets none fails with {@link Timeout} without having tried, which says nothing
 * about the server.
 *
 * <p>Design: one fair {@link Semaphore} per server and limit, created on first use; connections of
 * the instance configured with the same limit share a server's slots. A slot is held only while
 * its login runs, never while its connection is in use, so slots cannot be lost to idle
 * connections, and nothing nests inside a login that could wait for another slot.
 */
public final class LoginSlots {
    private final Map<Key, Semaphore> slots = new ConcurrentHashMap<>();

    private record Key(ServerAddress server, int limit) {
    }

    /** A slot taken by one login; {@link #close} gives it back (once). */
    public static final class Slot implements AutoCloseable {
        private final Semaphore semaphore;
        private boolean released;

        private Slot(Semaphore semaphore) {
            this.semaphore = semaphore;
        }

        @Override
        public void close() {
            if (!released && semaphore != null) {
                released = true;
                semaphore.release();
            }
        }
    }

    private static final Slot UNBOUNDED = new Slot(null);

    /** No slot came free in time: the login was not tried (SQLSTATE 08001: another server may take it). */
    public static final class Timeout extends SQLTransientConnectionException {
        private static final long serialVersionUID = 1L;

        Timeout(String message) {
            super(message, "08001");
        }
    }

    /**
     * Takes a slot for one login to {@code server}, waiting (in arrival order) while {@code limit}
     * logins to it run.
     *
     * @param limit        logins at once to the server; 0 or less: no bound
     * @param timeoutNanos how long to wait for a free slot
     * @throws Timeout when none came free in time, or the thread was interrupted while waiting
     */
    public Slot enter(ServerAddress server, int limit, long timeoutNanos) throws Timeout {
        if (limit <= 0) {
            return UNBOUNDED;
        }
        Semaphore s = slots.computeIfAbsent(new Key(server, limit), k -> new Semaphore(k.limit(), true));
        try {
            if (s.tryAcquire(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS)) {
                return new Slot(s);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Timeout("Interrupted while waiting to log in to server " + server);
        }
        throw new Timeout("No login to server " + server + " could start within "
                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms: " + limit
                + " logins to it were running all that time (maxLoginsPerServer)");
    }

    /** @return logins to {@code server} running now under {@code limit}, for tests */
    int running(ServerAddress server, int limit) {
        Semaphore s = slots.get(new Key(server, limit));
        return s == null ? 0 : limit - s.availablePermits();
    }
}
