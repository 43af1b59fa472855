package io.obproxy.session;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The buffers a thread relays replies with ({@link PacketRelay}, {@link ReplyInput}), kept between
 * replies so that a statement allocates none: the socket's reads (16 KB, as Connector/J's own
 * buffer), a direct buffer as long for the reads from the socket's channel and the commands written
 * to it ({@link DirectChannelBuffer}), the packet being handed on, a packet header. A client's thread
 * relays one reply at a time; one that asks again while its buffers are taken gets buffers of its
 * own. Only the front end's threads keep them ({@link #take}): an application's threads, which may
 * outlive the driver's class loader in an application server, get small ones for the moment
 * ({@link #small}).
 *
 * <p>A virtual thread serves one client and ends with it; the direct memory of its buffers would
 * wait for a collection to be freed, so it reads and writes through the socket's streams instead.
 */
final class RelayScratch {
    private static final int READ_BUFFER = 16 * 1024;
    /** Enough for the OK that answers one of the driver's own statements, in one read. */
    private static final int SMALL_READ_BUFFER = 256;
    private static final int PACKET = 256;
    /** A packet array grown past this is not kept for the next reply (a 16 MB value would stay). */
    private static final int KEPT_PACKET = 64 * 1024;
    /** Thread.isVirtual (JDK 21), or null before it: every thread is a platform one. */
    private static final MethodHandle IS_VIRTUAL = isVirtualMethod();
    private static final ThreadLocal<RelayScratch> OF_THREAD =
            ThreadLocal.withInitial(() -> new RelayScratch(READ_BUFFER, !onVirtualThread()));

    final byte[] read;
    /**
     * Reads from and writes to the socket's channel; null but in a platform thread's own buffers (small
     * ones and those of a relay within a relay are for the moment: they go through the socket's streams).
     */
    final DirectChannelBuffer direct;
    /** A packet header and a command byte. */
    final byte[] header = new byte[5];
    private byte[] packet = new byte[PACKET];
    private boolean taken;

    private RelayScratch(int readBuffer, boolean directReads) {
        read = new byte[readBuffer];
        direct = directReads ? new DirectChannelBuffer(readBuffer) : null;
    }

    /** @return this thread's buffers, taken until {@link #release}; new ones when they are taken already */
    static RelayScratch take() {
        RelayScratch scratch = OF_THREAD.get();
        if (scratch.taken) {
            return new RelayScratch(READ_BUFFER, false);
        }
        scratch.taken = true;
        return scratch;
    }

    private static MethodHandle isVirtualMethod() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException before21) {
            return null;
        }
    }

    private static boolean onVirtualThread() {
        try {
            return IS_VIRTUAL != null && (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread());
        } catch (Throwable e) {
            throw new IllegalStateException("Thread.isVirtual failed", e);
        }
    }

    /** @return buffers of no thread's, small: for a short reply read once (a longer one still reads whole) */
    static RelayScratch small() {
        return new RelayScratch(SMALL_READ_BUFFER, false);
    }

    /** @return the packet array, as long as the last reply left it */
    byte[] packet() {
        return packet;
    }

    /** Gives the buffers back, with the packet array as the reply left it (grown, perhaps). */
    void release(byte[] lastPacket) {
        if (lastPacket != null) {
            packet = lastPacket.length <= KEPT_PACKET ? lastPacket : new byte[PACKET];
        }
        taken = false;
    }
}
