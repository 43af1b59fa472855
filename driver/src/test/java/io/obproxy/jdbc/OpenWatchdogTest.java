package io.obproxy.jdbc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OpenWatchdogTest {
    @Test
    void closesTheSocketOfAnOpenPastItsDeadlineOnly() throws Exception {
        OpenWatchdog watchdog = new OpenWatchdog();
        Socket late = new Socket();
        Socket done = new Socket();
        Future<?> lateDeadline = watchdog.closeLater(late, TimeUnit.MILLISECONDS.toNanos(10));
        watchdog.closeLater(done, TimeUnit.SECONDS.toNanos(30)).cancel(false);
        lateDeadline.get(5, TimeUnit.SECONDS);
        assertTrue(late.isClosed());
        assertFalse(done.isClosed(), "an open that ended in time keeps its socket");
        done.close();
    }
}
