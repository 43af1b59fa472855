package io.obproxy.session;

/**
 * The buffers a thread relays replies with ({@link PacketRelay}, {@link ReplyInput}), kept between
 * replies so that a statement allocates none: the socket's reads (16 KB, as Connector/J's own
 * buffer), the packet being handed on, a packet header. A client's thread relays one reply at a
 * time; one that asks again while its buffers are taken gets buffers of its own.
 */
final class RelayScratch {
    private static final int READ_BUFFER = 16 * 1024;
    private static final int PACKET = 256;
    /** A packet array grown past this is not kept for the next reply (a 16 MB value would stay). */
    private static final int KEPT_PACKET = 64 * 1024;
    private static final ThreadLocal<RelayScratch> OF_THREAD = ThreadLocal.withInitial(RelayScratch::new);

    final byte[] read = new byte[READ_BUFFER];
    final byte[] header = new byte[4];
    private byte[] packet = new byte[PACKET];
    private boolean taken;

    private RelayScratch() {
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
