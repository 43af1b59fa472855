package io.obproxy.cluster;

import java.util.concurrent.ThreadFactory;

/**
 * Threads of the driver's own executors (probes, refreshes, watchdogs, the front end's clients):
 * named, so that a thread dump says whose they are, and daemons, so that none keeps an
 * application's JVM alive after its last close was forgotten.
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** @return a factory of daemon threads all called {@code name} */
    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
