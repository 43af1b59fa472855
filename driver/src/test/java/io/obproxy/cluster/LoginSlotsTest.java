package io.obproxy.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bound on logins at once per server: waiting within the time given, slots given back once. */
class LoginSlotsTest {
    private static final ServerAddress A = new ServerAddress("10.0.0.1", 2881);
    private static final ServerAddress B = new ServerAddress("10.0.0.2", 2881);
    private static final long SHORT = TimeUnit.MILLISECONDS.toNanos(50);

    private final LoginSlots slots = new LoginSlots();

    @Test
    void aLoginBeyondTheLimitWaitsAndFailsWithoutTryingWhenNoSlotFrees() throws Exception {
        LoginSlots.Slot first = slots.enter(A, 2, SHORT);
        LoginSlots.Slot second = slots.enter(A, 2, SHORT);
        assertEquals(2, slots.running(A, 2));
        long t0 = System.nanoTime();
        LoginSlots.Timeout e = assertThrows(LoginSlots.Timeout.class, () -> slots.enter(A, 2, SHORT));
        assertTrue(System.nanoTime() - t0 >= SHORT, "waited its time");
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().contains("2 logins to it were running") && e.getMessage().contains("maxLoginsPerServer"),
                e.getMessage());
        slots.enter(B, 2, 0).close(); // another server has slots of its own
        first.close();
        slots.enter(A, 2, SHORT).close();
        second.close();
        assertEquals(0, slots.running(A, 2));
    }

    @Test
    void aWaitingLoginGoesOnceASlotFrees() throws Exception {
        LoginSlots.Slot held = slots.enter(A, 1, SHORT);
        CompletableFuture<LoginSlots.Slot> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return slots.enter(A, 1, TimeUnit.SECONDS.toNanos(10));
            } catch (LoginSlots.Timeout e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertTrue(!waiting.isDone(), "waits while the slot is held");
        held.close();
        waiting.get(10, TimeUnit.SECONDS).close();
        assertEquals(0, slots.running(A, 1));
    }

    @Test
    void aSlotIsGivenBackOnceHoweverOftenItIsClosed() throws Exception {
        LoginSlots.Slot s = slots.enter(A, 1, SHORT);
        s.close();
        s.close();
        LoginSlots.Slot again = slots.enter(A, 1, SHORT);
        assertThrows(LoginSlots.Timeout.class, () -> slots.enter(A, 1, SHORT), "still a bound of 1");
        again.close();
    }

    @Test
    void zeroMeansNoBound() throws Exception {
        for (int i = 0; i < 1000; i++) {
            slots.enter(A, 0, 0); // never closed: nothing to give back
        }
        assertEquals(0, slots.running(A, 0));
    }
}
