package io.obproxy.session;

/**
 * The buffers a thread relays replies with ({@link PacketRelay}, {@link ReplyInput}), kept between
 * replies so that a statement allocates none: the socket's reads (16 KB, as Connector/J's own
 * buffer) and a direct buffer as long for the reads from the socket's channel ({@link DirectReads}),
 * the packet being handed on, a packet header. A client's thread relays one reply at a
 * time; one that asks again while its buffers are taken gets buffers of its own. Only the front
 * end's threads keep them ({@link #take}): an application's threads, which may outlive the driver's
 * class loader in an application server, get small ones for the moment ({@link #small}).
 */
final class RelayScratch {
    private static final int READ_BUFFER = 16 * 1024;
    /** Enough for the OK that answers one of the driver's own statements, in one read. */
    private static final int SMALL_READ_BUFFER = 256;
    private static final int PACKET = 256;
    /** A packet array grown past this is not kept for the next reply (a 16 MB value would stay). */
    private static final int KEPT_PACKET = 64 * 1024;
    private static final ThreadLocal<RelayScratch> OF_THREAD = ThreadLocal.withInitial(RelayScratch::new);

    final byte[] read;
    /** Reads from the socket's channel; null in small buffers, whose few reads go through the socket's stream. */
    final DirectReads direct;
    final byte[] header = new byte[4];
    private byte[] packet = new byte[PACKET];
    private boolean taken;

    private RelayScratch() {
        read = new byte[READ_BUFFER];
        direct = new DirectReads(READ_BUFFER);
    }

    private RelayScratch(int readBuffer) {
        read = new byte[readBuffer];
        direct = null;
    }

    /** @return this thread's buffers, taken until {@link #release}; new ones when they are taken already */
    static RelayScratch take() {
        RelayScratch scratch = OF_THREAD.get();
        if (scratch.taken) {
            return new RelayScratch();
        }
        scratch.taken = true;
        return scratch;
    }

    /** @return buffers of no thread's, small: for a short reply read once (a longer one still reads whole) */
    static RelayScratch small() {
        return new RelayScratch(SMALL_READ_BUFFER);
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
