package io.obproxy.process;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The live logical connections of one driver instance or one front end: their ids, and what
 * {@code SHOW PROCESSLIST} shows of them. Never holds a closed connection: a connection unregisters
 * when it closes or is killed. Owned by whoever creates it (ObProxyDriver, ObProxyDataSource through
 * its driver, FrontendServer) and handed down; nothing reaches it statically, so two driver
 * instances or front ends in one JVM (or two class loaders) never share one by accident: each sees
 * the other's connections as any other instance's, through the cluster.
 *
 * <p>The instance id (the high bits of every connection id) is fixed once, by the first connection:
 * the {@code instanceId} property when given, else a random id that no other instance attached to
 * that connection's cluster uses (read from the servers' sessions). One sequence per registry
 * hands out the low bits, skipping ids still in use.
 */
public final class ProcessRegistry {
    private final ConcurrentHashMap<Long, ProcessEntry> entries = new ConcurrentHashMap<>();
    private final Tombstones tombstones = new Tombstones();
    private final AtomicInteger sequence = new AtomicInteger();
    private final ReentrantLock instanceLock = new ReentrantLock();
    private volatile int instanceId;

    /** An empty registry, its instance id not yet fixed. */
    public ProcessRegistry() {
    }

    /**
     * @param configured the instanceId property, or 0 when not given
     * @param inUse      the instance ids other instances use on the cluster (read only if needed)
     * @return this registry's instance id, fixed now if it was not yet
     * @throws SQLException (HY024) when {@code configured} differs from the id already fixed
     */
    public int instanceId(int configured, Supplier<Set<Integer>> inUse) throws SQLException {
        int id = instanceId;
        if (id == 0) {
            instanceLock.lock();
            try {
                if (instanceId == 0) {
                    instanceId = configured != 0 ? configured : unused(inUse.get());
                }
                id = instanceId;
            } finally {
                instanceLock.unlock();
            }
        }
        if (configured != 0 && configured != id) {
            throw new SQLException("Invalid value '" + configured + "' for property instanceId: this driver instance"
                    + " already has instance id " + id + " (one id per driver instance or front end; give every"
                    + " connection of it the same)", "HY024");
        }
        return id;
    }

    private static int unused(Set<Integer> inUse) {
        for (int tries = 0; tries < 100; tries++) {
            int candidate = 1 + ThreadLocalRandom.current().nextInt(ConnectionIds.MAX_INSTANCE);
            if (!inUse.contains(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no unused instance id among " + ConnectionIds.MAX_INSTANCE);
    }

    /**
     * Registers a new logical connection under a fresh id of this instance (call {@link #instanceId}
     * first); {@link ProcessEntry#attach} gives it its connection.
     */
    public ProcessEntry register(String user, String host) {
        while (true) {
            int seq = sequence.incrementAndGet() & ConnectionIds.SEQUENCE_MASK;
            if (seq == 0) {
                continue;
            }
            long id = ConnectionIds.of(instanceId, seq);
            ProcessEntry entry = new ProcessEntry(id, user, host);
            if (entries.putIfAbsent(id, entry) == null) {
                return entry;
            }
        }
    }

    /**
     * Registers a client of the front end that is about to log in: its id goes in the greeting, the
     * processlist shows it as "unauthenticated user" until {@link ProcessEntry#loggedIn}.
     */
    public ProcessEntry reserve(String host) {
        ProcessEntry entry = register("unauthenticated user", host);
        entry.connecting();
        return entry;
    }

    /** Registers an entry again under its own id (a front-end client changing user keeps its id). */
    public void reinstate(ProcessEntry entry) {
        entries.putIfAbsent(entry.id(), entry);
    }

    public void unregister(ProcessEntry entry) {
        entries.remove(entry.id(), entry);
    }

    /** @return the live local connection with this id, or null */
    ProcessEntry find(long id) {
        return entries.get(id);
    }

    /** @return the live local connections, by id */
    List<ProcessEntry> entries() {
        List<ProcessEntry> list = new ArrayList<>(entries.values());
        list.sort(Comparator.comparingLong(ProcessEntry::id));
        return list;
    }

    /** @return this registry's instance id, or 0 before the first connection fixed it */
    public int fixedInstanceId() {
        return instanceId;
    }

    Tombstones tombstones() {
        return tombstones;
    }
}
