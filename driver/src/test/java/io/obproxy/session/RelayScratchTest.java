package io.obproxy.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** A thread's relay buffers are reused reply after reply, never shared by two relays at once, and never keep a huge packet. */
class RelayScratchTest {
    @Test
    void theSameBuffersServeTheThreadsNextReply() {
        RelayScratch first = RelayScratch.take();
        byte[] grown = new byte[4096];
        first.release(grown);
        RelayScratch second = RelayScratch.take();
        try {
            assertSame(first, second);
            assertSame(grown, second.packet(), "a packet array grown by a reply is kept");
        } finally {
            second.release(second.packet());
        }
    }

    @Test
    void aRelayWhileTheThreadsBuffersAreTakenGetsItsOwn() {
        RelayScratch outer = RelayScratch.take();
        try {
            RelayScratch inner = RelayScratch.take();
            assertNotSame(outer, inner);
            assertNotSame(outer.read, inner.read);
            assertNotNull(outer.direct, "a platform thread's own buffers read the socket's channel directly");
            assertNull(inner.direct, "buffers for the moment read through the socket's stream");
            inner.release(inner.packet());
        } finally {
            outer.release(outer.packet());
        }
    }

    @Test
    void smallBuffersAreNoThreadsAndNotKept() {
        RelayScratch small = RelayScratch.small();
        small.release(small.packet());
        RelayScratch thread = RelayScratch.take();
        try {
            assertNotSame(small, thread, "an application's thread keeps nothing of the driver's");
            assertNotSame(small, RelayScratch.small());
            assertEquals(256, small.read.length);
            assertNull(small.direct, "small buffers read through the socket's stream");
        } finally {
            thread.release(thread.packet());
        }
    }

    @Test
    void aPacketArrayGrownPastSixtyFourKilobytesIsNotKept() {
        RelayScratch scratch = RelayScratch.take();
        scratch.release(new byte[20 << 20]);
        RelayScratch again = RelayScratch.take();
        try {
            assertEquals(256, again.packet().length);
        } finally {
            again.release(again.packet());
        }
    }
}
