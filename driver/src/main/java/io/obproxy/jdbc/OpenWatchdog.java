package io.obproxy.jdbc;

import io.obproxy.cluster.DaemonThreads;
import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The deadline keeper of one driver instance's physical opens ({@link PhysicalSocketFactory}):
 * closes the socket of an open that outlived its time. One thread at most, a daemon, started when
 * an open needs it and gone after a few idle seconds, so an instance that opens nothing holds no
 * thread and one dropped without {@code close} leaves none behind; cancelled deadlines are removed
 * at once.
 */
final class OpenWatchdog {
    private static final long IDLE_SECONDS = 5;

    private final ScheduledThreadPoolExecutor timer;

    OpenWatchdog() {
        timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("obproxy-open-watchdog"));
        timer.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        timer.setRemoveOnCancelPolicy(true);
    }

    /** @return the deadline: {@code socket} is closed in {@code nanos} unless it is cancelled first */
    Future<?> closeLater(Socket socket, long nanos) {
        return timer.schedule(() -> closeQuietly(socket), Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
