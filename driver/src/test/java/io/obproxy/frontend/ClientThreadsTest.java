package io.obproxy.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClientThreadsTest {
    private static final boolean VIRTUAL_THREADS = Runtime.version().feature() >= 21;

    @Test
    void platformModeServesEveryClientOnAPlatformThread() throws Exception {
        ClientThreads threads = ClientThreads.of("platform", 1);
        assertEquals("platform threads", threads.describe());
        assertEquals(List.of(false, false, false), kindsOfThreadsFor(threads, 3));
    }

    @Test
    void autoGivesTheFirstClientsPlatformThreadsAndTheRestVirtualOnes() throws Exception {
        ClientThreads threads = ClientThreads.of("auto", 2);
        if (!VIRTUAL_THREADS) {
            assertEquals("platform threads", threads.describe(), "before JDK 21 there are only platform threads");
            assertEquals(List.of(false, false, false, false), kindsOfThreadsFor(threads, 4));
            return;
        }
        assertEquals("platform threads for the first 2 clients at once, virtual threads beyond", threads.describe());
        List<Boolean> virtual = kindsOfThreadsFor(threads, 4);
        assertEquals(2, virtual.stream().filter(v -> !v).count(), "two platform threads: " + virtual);
        assertEquals(2, virtual.stream().filter(v -> v).count(), "two virtual threads: " + virtual);
        assertEquals(List.of(false), kindsOfThreadsFor(threads, 1), "a platform thread again once clients ended");
    }

    @Test
    void virtualModeNeedsJdk21() {
        if (VIRTUAL_THREADS) {
            assertEquals("virtual threads", ClientThreads.of("virtual", 10).describe());
        } else {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientThreads.of("virtual", 10));
            assertTrue(e.getMessage().startsWith("--threads virtual: this JDK"), e.getMessage());
        }
    }

    /** Runs {@code n} clients that stay until all have started; @return for each whether its thread was virtual */
    private static List<Boolean> kindsOfThreadsFor(ClientThreads threads, int n) throws Exception {
        List<Boolean> virtual = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(n);
        CountDownLatch ended = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            threads.execute(() -> {
                virtual.add(isVirtual(Thread.currentThread()));
                started.countDown();
                try {
                    started.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ended.countDown();
            });
        }
        assertTrue(ended.await(10, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (threads.onPlatformThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1); // the count drops as each client's run() returns
        }
        return virtual;
    }

    private static boolean isVirtual(Thread t) {
        try {
            return (Boolean) Thread.class.getMethod("isVirtual").invoke(t);
        } catch (ReflectiveOperationException before21) {
            return false;
        }
    }
}
