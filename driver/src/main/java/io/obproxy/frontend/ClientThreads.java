package io.obproxy.frontend;

import io.obproxy.cluster.DaemonThreads;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads clients run on: one each, with blocking sockets, of one of two kinds.
 *
 * <p>A platform thread costs an operating-system thread and its stack (about 75 KB resident) and
 * reads with one system call. A virtual thread costs a few KB, but each read that has to wait goes
 * through the JDK's poller (register, park, wake up on a carrier): on small statements the front
 * end then does about a quarter less work per core (docs/benchmarks.md). So {@code auto} gives the
 * first {@code --platform-threads} clients at once platform threads, which serves the usual
 * connection pools at full speed, and virtual threads to the rest, which lets tens of thousands of
 * mostly idle clients in. A client keeps the thread it started on.
 */
final class ClientThreads {
    private final ExecutorService platform;
    private final ExecutorService virtual;
    /** Clients served on platform threads at once before virtual threads take the rest. */
    private final int platformLimit;
    private final AtomicInteger onPlatform = new AtomicInteger();

    private ClientThreads(ExecutorService platform, ExecutorService virtual, int platformLimit) {
        this.platform = platform;
        this.virtual = virtual;
        this.platformLimit = platformLimit;
    }

    /**
     * @param mode           "platform", "virtual" or "auto" (see {@link FrontendOption#THREADS})
     * @param platformLimit  with "auto": clients on platform threads at once
     */
    static ClientThreads of(String mode, int platformLimit) {
        ExecutorService virtual = mode.equals("platform") ? null : virtualThreadExecutor();
        if (virtual == null && mode.equals("virtual")) {
            throw new IllegalArgumentException("--threads virtual: this JDK (" + Runtime.version()
                    + ") has no virtual threads; they came with JDK 21");
        }
        if (virtual == null) {
            return new ClientThreads(platformThreadExecutor(), null, Integer.MAX_VALUE);
        }
        if (mode.equals("virtual") || platformLimit == 0) {
            return new ClientThreads(null, virtual, 0);
        }
        return new ClientThreads(platformThreadExecutor(), virtual, platformLimit);
    }

    private static ExecutorService virtualThreadExecutor() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException notBefore21) {
            return null;
        }
    }

    private static ExecutorService platformThreadExecutor() {
        return Executors.newCachedThreadPool(DaemonThreads.named("obproxy-frontend-client"));
    }

    /** Runs a client on a platform thread while fewer than the limit have one, else on a virtual thread. */
    void execute(Runnable client) {
        if (platform != null && onPlatform.incrementAndGet() <= platformLimit) {
            try {
                platform.execute(() -> {
                    try {
                        client.run();
                    } finally {
                        onPlatform.decrementAndGet();
                    }
                });
            } catch (RuntimeException e) {
                onPlatform.decrementAndGet();
                throw e;
            }
            return;
        }
        if (platform != null) {
            onPlatform.decrementAndGet();
        }
        virtual.execute(client);
    }

    /** @return clients running on platform threads now */
    int onPlatformThreads() {
        return onPlatform.get();
    }

    /** @return what the log says: which threads serve clients */
    String describe() {
        if (virtual == null) {
            return "platform threads";
        }
        return platform == null ? "virtual threads"
                : "platform threads for the first " + platformLimit + " clients at once, virtual threads beyond";
    }

    /** Interrupts every client thread. */
    void shutdownNow() {
        for (ExecutorService e : executors()) {
            e.shutdownNow();
        }
    }

    /** Waits up to {@code millis} for every client thread to end. */
    void awaitTermination(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (ExecutorService e : executors()) {
            e.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private ExecutorService[] executors() {
        if (platform == null) {
            return new ExecutorService[] {virtual};
        }
        return virtual == null ? new ExecutorService[] {platform} : new ExecutorService[] {platform, virtual};
    }
}
